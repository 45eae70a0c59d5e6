// The tree as a pure function of the model and the client's connection: which
// nodes there are and how each renders. No vscode import; the provider maps the
// specs onto TreeItems, and unit tests check the specs.
import type { AwsResource } from '../protocol/aws';
import type { KeyInfo } from '../protocol/keys';
import type { MemcachedItem, MemcachedStats } from '../protocol/memcached';
import { DEFAULT_ACCOUNT, hostPort } from '../protocol/handOff';
import { ec2StateOf } from '../protocol/instances';
import type { BackendStatus, Resource, ResourceKind, ServerStatus } from '../protocol/model';
import { awsChildren, awsFolderChildren, renderAws, renderAwsFolder, serverChildren, serverListed, type AwsFolder } from './awsNodes';
import { renderKeyNode } from './keyTree';
import { renderMemcachedNode } from './memcachedNodes';
import { renderFileNode } from './fileNodes';
import type { FileEntry } from '../protocol/files';
import { serverNodeSpec } from './serverStatus';
import { renderStack, stackMembers, stackNameOf, stackOf } from './stackNodes';
import type { WorkspaceStack } from '../protocol/stack';
import { l10n } from '../protocol/l10n';
import { mdCode, mdText } from './markdown';

const ACCOUNT_LABEL = 'fakecloud-account';
const INCARNATION_LABEL = 'fakecloud-elasticache-resource';

export interface ClientView {
  /** The extension's connection to the service. */
  service: 'connecting' | 'connected' | 'disconnected';
  serviceError?: string;
  resources: Resource[];
  backends: BackendStatus[];
  /** fakecloud servers worth showing. */
  servers?: ServerStatus[];
  /** Their resources, as their AWS API lists them. */
  aws?: AwsResource[];
  /** The MATCH filter of each cache whose keys are browsed with one. */
  keyFilters?: Record<string, string>;
  /** Ids of resources whose logs this window follows. */
  following?: string[];
  /** The open workspace's stack files: their resources show under them. */
  stacks?: WorkspaceStack[];
  /** A stack file's path as the user knows it (relative to its workspace folder). */
  relativePath?: (file: string) => string;
}

export type TreeNode =
  | { type: 'group'; kind: ResourceKind }
  | { type: 'server'; server: ServerStatus }
  | { type: 'stack'; stack: WorkspaceStack }
  | { type: 'awsFolder'; server: string; folder: AwsFolder }
  /** A server's AWS resource; `resource` is the container that runs it, when one does. */
  | { type: 'aws'; item: AwsResource; resource?: Resource }
  | { type: 'resource'; resource: Resource }
  /** What is inside a Redis cache: a database, a folder of keys, a key, and Load more… at a page's end. */
  | { type: 'keyDb'; resourceId: string; db: number; keys: number; live?: true | string }
  | { type: 'keyFolder'; resourceId: string; db: number; prefix: string; name: string; count: number }
  | { type: 'key'; resourceId: string; db: number; key: KeyInfo }
  | { type: 'keyMore'; resourceId: string; db: number }
  | { type: 'mcStats'; resourceId: string; stats: MemcachedStats }
  | { type: 'mcItem'; resourceId: string; item: MemcachedItem }
  | { type: 'mcMore'; resourceId: string }
  /** A resource's files: a folder (the root is its Files row) and a file. */
  | { type: 'fileDir'; resourceId: string; path: string; entry?: FileEntry }
  | { type: 'file'; resourceId: string; path: string; entry: FileEntry }
  | { type: 'message'; id: string; label: string; icon: string; iconColor?: string; tooltip?: string; command?: NodeCommand };

export interface NodeCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface TreeItemSpec {
  id: string;
  label: string;
  description?: string;
  tooltipMarkdown?: string;
  iconId: string;
  iconColor?: string;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: NodeCommand;
  /** Whose it is, shown as a badge on the row. */
  owner?: 'ours' | 'fakecloud' | 'unknown';
}

export const GROUPS: { kind: ResourceKind; label: string; singular: string; icon: string }[] = [
  { kind: 'cache', label: l10n.t('Caches'), singular: 'cache', icon: 'database' },
  { kind: 'instance', label: l10n.t('Instances'), singular: 'instance', icon: 'vm' },
  { kind: 'function', label: l10n.t('Functions'), singular: 'function', icon: 'symbol-event' },
  { kind: 'other', label: l10n.t('Other'), singular: 'resource', icon: 'server-process' },
];

/** Names as people count them: bench-2 before bench-10, case aside. */
export function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/** How the endpoint is reached, in the tooltip's words. */
const ENDPOINT_VIA: Record<NonNullable<Resource['endpoint']>['via'], string> = {
  published: l10n.t('published port'),
  'host-network': l10n.t('host network'),
  label: l10n.t('host network, on the port it was given'),
};

/** The group of a kind (every kind has one). */
function groupOf(kind: ResourceKind): (typeof GROUPS)[number] {
  return GROUPS.find((x) => x.kind === kind) ?? GROUPS[GROUPS.length - 1];
}

export function rootNodes(v: ClientView): TreeNode[] {
  if (v.service === 'disconnected') {
    return [
      {
        type: 'message',
        id: 'error:service',
        label: l10n.t('Cannot reach the Fakecloud service'),
        icon: 'error',
        iconColor: 'errorForeground',
        tooltip: v.serviceError ?? l10n.t('The background service is not running.'),
      },
      {
        type: 'message',
        id: 'action:retry-service',
        label: l10n.t('Retry'),
        icon: 'refresh',
        command: { command: 'fakecloud.retryConnection', title: l10n.t('Retry') },
      },
      {
        type: 'message',
        id: 'action:show-log',
        label: l10n.t('Show Log'),
        icon: 'output',
        command: { command: 'fakecloud.showOutput', title: l10n.t('Show Log') },
      },
    ];
  }
  const docker = v.backends.find((b) => b.backend === 'docker');
  const kube = kubernetesOf(v);
  if (kube) return bothBackends(v, docker, kube);
  if (v.service === 'connecting' || !docker || docker.state === 'connecting') {
    return [{ type: 'message', id: 'status:connecting', label: l10n.t('Connecting to Docker…'), icon: 'loading~spin' }];
  }
  if (docker.state === 'disconnected') return [...serverNodes(v), ...dockerDown(docker)];
  if (v.resources.length === 0 && !v.servers?.length && !v.stacks?.length) return []; // the view's welcome content shows
  return [...serverNodes(v), ...stackNodes(v), ...groups(v)];
}

/** A node per stack file of the workspace, above the groups. */
function stackNodes(v: ClientView): TreeNode[] {
  return (v.stacks ?? []).map((stack) => ({ type: 'stack', stack }));
}

/** A node per fakecloud server shown, above the groups. */
function serverNodes(v: ClientView): TreeNode[] {
  return (v.servers ?? []).map((server) => ({ type: 'server', server }));
}

/** The Kubernetes backend when it is switched on. */
export function kubernetesOf(v: ClientView): BackendStatus | undefined {
  return v.backends.find((b) => b.backend === 'kubernetes' && b.state !== 'disabled');
}

/** Containers shown in the kind groups: not those a listed server shows under itself (tied, or its strays), nor a workspace stack's. */
export function groupResources(v: ClientView): Resource[] {
  return v.resources.filter((r) => !r.aws && !r.stray && !stackOf(v.stacks, r));
}

function groups(v: ClientView): TreeNode[] {
  const shown = groupResources(v);
  // With a server's resources under it, a kind with no container of its own is no group worth showing.
  const anyListed = (v.servers ?? []).some((s) => serverListed(v, s.endpoint));
  return GROUPS.filter((g) => (g.kind !== 'other' && !anyListed) || shown.some((r) => r.kind === g.kind)).map((g) => ({
    type: 'group',
    kind: g.kind,
  }));
}

function dockerDown(docker: BackendStatus): TreeNode[] {
  return [
    {
      type: 'message',
      id: 'error:docker',
      // The error below says why, often with "is Docker running?" itself.
      label: l10n.t('Failed to connect to Docker'),
      icon: 'error',
      iconColor: 'errorForeground',
      tooltip: l10n.t('{0}\n\nHost: {1} ({2})', docker.error ?? 'unknown error', docker.target || '(none)', docker.source || 'unresolved'),
    },
    { type: 'message', id: 'error:docker-detail', label: docker.error ?? l10n.t('unknown error'), icon: 'blank', tooltip: docker.error },
    {
      type: 'message',
      id: 'action:retry',
      label: l10n.t('Retry'),
      icon: 'refresh',
      command: { command: 'fakecloud.retryConnection', title: l10n.t('Retry') },
    },
    {
      type: 'message',
      id: 'action:configure-host',
      label: l10n.t('Configure Docker host…'),
      icon: 'gear',
      command: { command: 'fakecloud.configureDockerHost', title: l10n.t('Configure Docker host') },
    },
  ];
}

/**
 * Docker and Kubernetes both on: each backend that is not connected says so in
 * an item of its own, and the groups show what the connected ones have.
 */
function bothBackends(v: ClientView, docker: BackendStatus | undefined, kube: BackendStatus): TreeNode[] {
  if (v.service === 'connecting') return [{ type: 'message', id: 'status:connecting', label: l10n.t('Connecting…'), icon: 'loading~spin' }];
  const out: TreeNode[] = serverNodes(v);
  if (!docker || docker.state === 'connecting')
    out.push({ type: 'message', id: 'status:connecting-docker', label: l10n.t('Connecting to Docker…'), icon: 'loading~spin' });
  else if (docker.state === 'disconnected') {
    out.push(
      {
        type: 'message',
        id: 'error:docker',
        label: l10n.t('Docker: {0}', docker.error ?? 'disconnected'),
        icon: 'error',
        iconColor: 'errorForeground',
        tooltip: l10n.t(
          '{0}\n\nHost: {1} ({2})',
          docker.error ?? 'unknown error',
          docker.target || '(none)',
          docker.source || 'unresolved',
        ),
      },
      {
        type: 'message',
        id: 'action:configure-host',
        label: l10n.t('Configure Docker host…'),
        icon: 'gear',
        command: { command: 'fakecloud.configureDockerHost', title: l10n.t('Configure Docker host') },
      },
    );
  }
  if (kube.state === 'connecting')
    out.push({ type: 'message', id: 'status:connecting-kubernetes', label: l10n.t('Connecting to Kubernetes…'), icon: 'loading~spin' });
  else if (kube.state === 'disconnected') {
    out.push(
      {
        type: 'message',
        id: 'error:kubernetes',
        label: l10n.t('Kubernetes: {0}', kube.error ?? 'disconnected'),
        icon: 'error',
        iconColor: 'errorForeground',
        tooltip: l10n.t(
          '{0}\n\n{1}{2}\nRetrying by itself.',
          kube.error ?? 'unknown error',
          kube.target || '(no cluster)',
          kube.source ? ` (${kube.source})` : '',
        ),
      },
      {
        type: 'message',
        id: 'action:select-context',
        label: l10n.t('Select Kubernetes context…'),
        icon: 'gear',
        command: { command: 'fakecloud.selectKubernetesContext', title: l10n.t('Select Kubernetes context') },
      },
    );
  }
  if (out.some((n) => n.type === 'message' && n.id.startsWith('error:'))) {
    out.push({
      type: 'message',
      id: 'action:retry',
      label: l10n.t('Retry'),
      icon: 'refresh',
      command: { command: 'fakecloud.retryConnection', title: l10n.t('Retry') },
    });
  }
  const anyConnected = docker?.state === 'connected' || kube.state === 'connected';
  if (anyConnected && (v.resources.length > 0 || out.length > 0 || v.stacks?.length)) out.push(...stackNodes(v), ...groups(v));
  return out;
}

export function childNodes(v: ClientView, node: TreeNode): TreeNode[] {
  if (node.type === 'server') return serverListed(v, node.server.endpoint) ? serverChildren(v, node.server.endpoint) : [];
  if (node.type === 'awsFolder') return awsFolderChildren(v, node.server, node.folder);
  if (node.type === 'aws') return awsChildren(v, node.item);
  if (node.type === 'stack') {
    const members = stackMembers(v.resources, node.stack, labelOf);
    if (members.length) return members.map((resource) => ({ type: 'resource', resource }));
    return [
      {
        type: 'message',
        id: `stack-empty:${node.stack.scope}:${node.stack.name}`,
        label: l10n.t('Apply Stack…'),
        icon: 'play',
        command: { command: 'fakecloud.applyStack', title: l10n.t('Apply Stack…'), arguments: [node.stack.file] },
      },
    ];
  }
  if (node.type !== 'group') return [];
  const items = groupResources(v)
    .filter((r) => r.kind === node.kind)
    .sort((a, b) => naturalOrder(labelOf(a), labelOf(b)) || naturalOrder(a.containerName, b.containerName));
  if (items.length === 0) {
    const g = groupOf(node.kind);
    return [{ type: 'message', id: `empty:${node.kind}`, label: l10n.t('No {0}', g.label.toLowerCase()), icon: 'blank' }];
  }
  return items.map((resource) => ({ type: 'resource', resource }));
}

export function renderNode(v: ClientView, node: TreeNode): TreeItemSpec {
  switch (node.type) {
    case 'group': {
      const g = groupOf(node.kind);
      const count = groupResources(v).filter((r) => r.kind === node.kind).length;
      return {
        id: `group:${node.kind}`,
        label: g.label,
        description: String(count),
        iconId: g.icon,
        contextValue: `fakecloudGroup kind:${node.kind}`,
        collapsible: 'expanded',
      };
    }
    case 'message': {
      const spec: TreeItemSpec = {
        id: node.id,
        label: node.label,
        iconId: node.icon,
        collapsible: 'none',
        contextValue: 'fakecloudMessage',
      };
      if (node.iconColor) spec.iconColor = node.iconColor;
      if (node.tooltip) spec.tooltipMarkdown = mdText(node.tooltip);
      if (node.command) spec.command = node.command;
      return spec;
    }
    case 'server': {
      const spec = serverNodeSpec(node.server);
      if (serverListed(v, node.server.endpoint) && serverChildren(v, node.server.endpoint).length) {
        spec.collapsible = 'expanded';
        // VS Code keeps an item's first collapsible state by its id: one that becomes expandable needs a new id.
        spec.id = `${spec.id}:listed`;
      }
      return spec;
    }
    case 'awsFolder':
      return renderAwsFolder(v, node.server, node.folder);
    case 'stack':
      return renderStack(
        node.stack,
        stackMembers(v.resources, node.stack, labelOf).length,
        v.relativePath?.(node.stack.file) ?? node.stack.file,
      );
    case 'keyDb':
    case 'keyFolder':
    case 'key':
    case 'keyMore':
      return renderKeyNode(node, v.keyFilters?.[node.resourceId]);
    case 'mcStats':
    case 'mcItem':
    case 'mcMore':
      return renderMemcachedNode(node, Date.now());
    case 'fileDir':
    case 'file':
      return renderFileNode(node);
    case 'aws':
      return renderAws(v, node.item, node.resource);
    case 'resource': {
      const r = node.resource;
      // Two rows of one name: a delete-then-recreate overlap, told apart by the server's incarnation label.
      const twin = v.resources.some(
        (x) => x.id !== r.id && x.kind === r.kind && x.name === r.name && x.labels[ACCOUNT_LABEL] === r.labels[ACCOUNT_LABEL],
      );
      return renderResource(
        r,
        v.following?.includes(r.id) ?? false,
        kubernetesOf(v) !== undefined,
        twin,
        stackOf(v.stacks, r) !== undefined,
      );
    }
  }
}

/** A row that only says something (nothing loaded, a failure with its reason), its text as its tooltip too. */
export function infoRow(id: string, label: string): TreeNode {
  return { type: 'message', id, label, icon: 'info', tooltip: label };
}

/** A Redis (or Valkey) cache: its keys can be browsed. */
export function hasKeys(r: Resource): boolean {
  return r.kind === 'cache' && r.engine !== 'memcached';
}

/** Every resource expands: to its files, and a cache also to its keys or items. */
export function isBrowsable(_r: Resource): boolean {
  return true;
}

/** What a resource is called in the tree: an instance by its Name tag when it has one. */
export function labelOf(r: Resource): string {
  return r.displayName ?? r.name;
}

/** What a resource runs as, for messages: "container web-1" on Docker, "Pod fcx-i-…" on Kubernetes. */
export function runsAs(r: Resource): string {
  return `${r.backend === 'kubernetes' ? l10n.t('Pod') : 'container'} ${r.containerName}`;
}

/** "running (healthy)", "exited (137)", "created"; instances in EC2's words ("stopped"). */
export function stateText(r: Resource): string {
  if (r.kind === 'instance') {
    const ec2 = ec2StateOf({ state: r.state });
    if (ec2 === 'stopped' && r.exitCode) return l10n.t('stopped (exit {0})', r.exitCode);
    return r.health && r.state === 'running' ? `${ec2} (${r.health === 'starting' ? l10n.t('health: starting') : r.health})` : ec2;
  }
  // A function stopped on purpose is stopped, as Lambda would not say "exited"; a failure keeps its code.
  if (r.kind === 'function' && r.state === 'exited') return r.exitCode ? l10n.t('stopped (exit {0})', r.exitCode) : 'stopped';
  if ((r.state === 'exited' || r.state === 'dead') && r.exitCode !== undefined) return `${r.state} (${r.exitCode})`;
  if (r.health) return `${r.state} (${r.health === 'starting' ? l10n.t('health: starting') : r.health})`;
  return r.state;
}

/** Theme colour for a resource's icon: green running, yellow in between, red failing, grey stopped. */
export function stateColor(r: Resource): string {
  if (r.state === 'running') {
    if (r.health === 'unhealthy') return 'charts.red';
    if (r.health === 'starting') return 'charts.yellow';
    return 'charts.green';
  }
  if (r.state === 'restarting' || r.state === 'created' || r.state === 'paused' || r.state === 'removing') return 'charts.yellow';
  if (r.state === 'dead') return 'charts.red';
  if (r.state === 'exited') return r.exitCode !== undefined && r.exitCode !== 0 ? 'charts.red' : 'disabledForeground';
  return 'disabledForeground';
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

export function endpointText(r: Resource): string | undefined {
  return r.endpoint ? hostPort(r.endpoint) : undefined;
}

export function ownerText(r: Resource): string {
  switch (r.owner.type) {
    case 'fakecloud':
      if (r.owner.pid === undefined) return l10n.t('fakecloud server ({0})', r.owner.instance);
      return r.leftover ? l10n.t('fakecloud server (pid {0}, gone)', r.owner.pid) : l10n.t('fakecloud server (pid {0})', r.owner.pid);
    case 'extension':
      return l10n.t('Fakecloud Explorer');
    default:
      return 'unknown';
  }
}

/** Menus match on this with regular expressions: `viewItem =~ /kind:cache/ && viewItem =~ /state:running/`. */
export function resourceContextValue(r: Resource, following = false): string {
  const parts = ['fakecloudResource', `kind:${r.kind}`, `state:${r.state}`, `owner:${r.owner.type}`, `backend:${r.backend}`];
  if (r.engine) parts.push(`engine:${r.engine}`);
  if (r.endpoint) parts.push('endpoint');
  if (r.orphan) parts.push('orphan');
  if (r.leftover) parts.push('leftover');
  // A server's: acted on through its API (menus hide what would act behind its back).
  if (r.aws) parts.push('aws');
  if (r.stray) parts.push('stray');
  if (r.busy) parts.push('busy');
  if (following) parts.push('following');
  return parts.join(' ');
}

function renderResource(r: Resource, following = false, showBackend = false, twin = false, inStack = false): TreeItemSpec {
  const g = groupOf(r.kind);
  // An endpoint only answers while the container runs; the tooltip keeps it either way.
  const endpoint = r.state === 'running' ? endpointText(r) : undefined;
  const state = r.busy ? l10n.t('{0}…', r.busy) : r.condition ? `${stateText(r)}, ${r.condition.state}` : stateText(r);
  const what = r.kind === 'other' ? r.service : r.kind === 'instance' ? (r.displayName ? r.name : undefined) : r.engine;
  const backend = showBackend ? (r.backend === 'kubernetes' ? 'k8s' : 'docker') : undefined;
  // Short, the endpoint first, so it stays in sight at the sidebar's default width: a running resource with an
  // endpoint shows just its port (on loopback) — the icon's colour says it runs; the tooltip has it all.
  const plainRunning = endpoint !== undefined && state === 'running';
  const where = endpoint && r.endpoint && isLoopback(r.endpoint.host) ? `:${r.endpoint.port}` : endpoint;
  const mark = r.orphan ? 'orphan' : r.leftover ? 'leftover' : r.stray ? 'stray' : undefined;
  // The same id in two accounts is two resources: the account says which (the default one goes unsaid).
  const account =
    r.labels[ACCOUNT_LABEL] && r.labels[ACCOUNT_LABEL] !== DEFAULT_ACCOUNT ? l10n.t('account {0}', r.labels[ACCOUNT_LABEL]) : undefined;
  const incarnation = twin && r.labels[INCARNATION_LABEL] ? l10n.t('incarnation {0}', r.labels[INCARNATION_LABEL]) : undefined;
  // In the kind groups, a stack's resource of another workspace says whose it is.
  const ownStack = stackNameOf(r);
  const stack = !inStack && ownStack ? l10n.t('stack {0}', ownStack) : undefined;
  const description = [backend, plainRunning ? undefined : state, where, what, account, incarnation, stack, mark]
    .filter(Boolean)
    .join(' · ');
  return {
    id: r.id,
    label: labelOf(r),
    description,
    iconId: r.busy ? 'loading~spin' : r.condition ? (r.condition.state === 'gave up' ? 'error' : 'warning') : g.icon,
    iconColor: r.condition ? (r.condition.state === 'gave up' ? 'charts.red' : 'charts.yellow') : stateColor(r),
    tooltipMarkdown: resourceTooltip(r),
    contextValue: resourceContextValue(r, following),
    // A cache holds data: expanded, a Redis cache shows its databases, a memcached one its stats and items.
    collapsible: isBrowsable(r) ? 'collapsed' : 'none',
    // Every click is reported; the command opens on a double-click only (a single click selects).
    command: { command: 'fakecloud.openResource', title: l10n.t('Open'), arguments: [{ type: 'resource', resource: r }] },
    owner: r.owner.type === 'fakecloud' ? 'fakecloud' : r.owner.type === 'extension' ? 'ours' : 'unknown',
  };
}

/** Docker's relative times ("Up Less than a second", "3 minutes ago"): true only when listed, so left out. */
const RELATIVE_TIME =
  / (?:Less than a second|About an? (?:second|minute|hour|day|week|month|year)|\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?))(?: ago)?/g;

/** What the engine's status adds to the state, without times that would go stale in a tooltip. */
export function statusDetail(status: string): string | undefined {
  // "Up", "Created", "Exited (0)" only repeat the state; "Up (Paused)" adds what is in brackets.
  const timeless = status
    .replace(RELATIVE_TIME, '')
    .replace(/^Up\b\s*/, '')
    .trim();
  return /^(Created|Exited \(\d+\)|Running)?$/i.test(timeless) ? undefined : timeless;
}

export function resourceTooltip(r: Resource): string {
  const g = groupOf(r.kind);
  const tags = Object.entries(r.labels)
    .filter(([k]) => k.startsWith('fakecloud-explorer.tag.'))
    .map(([k, v]) => `${k.slice('fakecloud-explorer.tag.'.length)}=${v}`);
  const rows: [string, string | undefined][] = [
    [l10n.t('Service'), r.service],
    [r.kind === 'instance' ? l10n.t('Instance ID') : l10n.t('Name'), r.displayName ? r.name : undefined],
    [l10n.t('Tags'), tags.length ? tags.join(', ') : undefined],
    [r.kind === 'function' ? l10n.t('Runtime') : l10n.t('Engine'), r.engine],
    [l10n.t('State'), [stateText(r), statusDetail(r.status)].filter(Boolean).join(' — ')],
    [l10n.t('Endpoint'), r.endpoint && `${endpointText(r) ?? ''} (${ENDPOINT_VIA[r.endpoint.via]})`],
    [l10n.t('Image'), r.image],
    [l10n.t('Container'), `${r.containerName} (${r.containerId.slice(0, 12)})`],
    [l10n.t('Owner'), ownerText(r)],
    [l10n.t('Account'), r.labels[ACCOUNT_LABEL]],
    [l10n.t('Incarnation'), r.labels[INCARNATION_LABEL]],
    [l10n.t('Backend'), r.backend === 'docker' ? l10n.t('Docker') : l10n.t('Kubernetes')],
    [
      l10n.t('Created'),
      new Date(r.created * 1000)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    ],
  ];
  if (r.helpers?.length) rows.push([l10n.t('Helpers'), r.helpers.map((h) => `${h.role} (${h.state})`).join(', ')]);
  if (r.condition) rows.push([l10n.t('Reconcile'), `${r.condition.state}${r.condition.reason ? ` — ${r.condition.reason}` : ''}`]);
  if (r.leftover)
    rows.push([
      l10n.t('Leftover'),
      l10n.t(
        "its fakecloud server (pid {0}) is gone; a server's next start removes it",
        r.owner.type === 'fakecloud' ? String(r.owner.pid) : '?',
      ),
    ]);
  if (r.orphan)
    rows.push([
      l10n.t('Orphan'),
      l10n.t('labelled as ours but not in the desired state; Adopt Orphan takes it back, Remove Orphan removes it'),
    ]);
  const lines = [`**${mdText(labelOf(r))}** — ${g.singular}`, ''];
  for (const [k, val] of rows) if (val) lines.push(`${k}: ${mdCode(val)}  `);
  lines.push('', inspectLink(r));
  return lines.join('\n');
}

/** Commands a tooltip may run from its links (the tree's tooltips trust only these). */
export const TOOLTIP_COMMANDS = ['fakecloud.inspect'];

/** A link that opens the resource's inspect document. */
export function inspectLink(r: Resource): string {
  const args = encodeURIComponent(JSON.stringify([{ type: 'resource', resource: { id: r.id } }]));
  return l10n.t(
    '[Inspect](command:fakecloud.inspect?{0} "Open its {1}")',
    args,
    r.backend === 'kubernetes' ? 'Pod object' : 'inspect document',
  );
}
