// A fakecloud server's resources in the tree, as its AWS API lists them: under the server, a folder per service
// (ElastiCache, Lambda, EC2, RDS) and one for its stray containers; replication groups with their member clusters
// beneath, functions with their warm containers beneath. A row that one container runs is that container too, so
// every container action works on it (and acts through the server). Pure.
import { AWS_TYPE_NAMES, type AwsResource, type AwsResourceType } from '../protocol/aws';
import { DEFAULT_ACCOUNT, hostPort } from '../protocol/handOff';
import type { Resource } from '../protocol/model';
import type { ClientView, TreeItemSpec, TreeNode } from './treeNodes';
import { mdCode, mdText } from './markdown';
import { isBrowsable, isLoopback, naturalOrder, resourceContextValue } from './treeNodes';
import { l10n } from '../protocol/l10n';

export type AwsFolder = 'elasticache' | 'lambda' | 'ec2' | 'rds' | 'strays';

export const FOLDERS: { folder: AwsFolder; label: string; icon: string; types: AwsResourceType[] }[] = [
  { folder: 'elasticache', label: 'ElastiCache', icon: 'database', types: ['replication-group', 'cache-cluster', 'serverless-cache'] },
  { folder: 'lambda', label: l10n.t('Lambda'), icon: 'symbol-event', types: ['function'] },
  { folder: 'ec2', label: 'EC2', icon: 'vm', types: ['instance'] },
  { folder: 'rds', label: 'RDS', icon: 'server-environment', types: ['db-instance'] },
  { folder: 'strays', label: l10n.t('Stray containers'), icon: 'question', types: [] },
];

const TYPE_ICONS: Record<AwsResourceType, string> = {
  'cache-cluster': 'database',
  'replication-group': 'layers',
  'serverless-cache': 'cloud',
  function: 'symbol-event',
  instance: 'vm',
  'db-instance': 'server-environment',
};

const folderOf = (f: AwsFolder) => FOLDERS.find((x) => x.folder === f) ?? FOLDERS[0];

/** Whether the server's resources are shown under it (it answers and has been listed). */
export function serverListed(v: ClientView, endpoint: string): boolean {
  return v.servers?.some((s) => s.endpoint === endpoint && s.state === 'connected' && s.listed === true) ?? false;
}

function itemsOf(v: ClientView, server: string, folder: AwsFolder): AwsResource[] {
  const types = folderOf(folder).types;
  return (v.aws ?? []).filter((a) => a.server === server && types.includes(a.type));
}

function straysOf(v: ClientView, server: string): Resource[] {
  return v.resources.filter((r) => r.stray === server);
}

/** The folders of a listed server: those with something in them, or an error saying why they are empty. */
export function serverChildren(v: ClientView, endpoint: string): TreeNode[] {
  const server = v.servers?.find((s) => s.endpoint === endpoint);
  const errors = server?.listingErrors ?? [];
  const failed = new Set(errors.map((e) => e.service));
  // Nothing could be listed at all (not its API, or it is failing): one row says so, not a folder per service.
  if (errors.length && !(v.aws ?? []).some((a) => a.server === endpoint) && straysOf(v, endpoint).length === 0)
    return [
      {
        type: 'message',
        id: `error:${endpoint}:listing`,
        label: l10n.t('Could not list its resources: {0}', errors[0].error),
        icon: 'warning',
        iconColor: 'charts.yellow',
        tooltip: errors.map((e) => `${e.service}: ${e.error}`).join('\n'),
        command: { command: 'fakecloud.refresh', title: l10n.t('Refresh') },
      },
    ];
  return FOLDERS.filter((f) =>
    f.folder === 'strays' ? straysOf(v, endpoint).length > 0 : itemsOf(v, endpoint, f.folder).length > 0 || failed.has(f.folder),
  ).map((f) => ({ type: 'awsFolder', server: endpoint, folder: f.folder }));
}

/** The row of an AWS resource, with the container it is when one runs it (not a function's pool). */
export function awsNode(v: ClientView, item: AwsResource): TreeNode {
  const one = item.type !== 'function' && item.containers.length === 1 ? v.resources.find((r) => r.id === item.containers[0]) : undefined;
  return one ? { type: 'aws', item, resource: one } : { type: 'aws', item };
}

const byLabel = (a: AwsResource, b: AwsResource) => naturalOrder(a.displayName ?? a.awsId, b.displayName ?? b.awsId);

export function awsFolderChildren(v: ClientView, server: string, folder: AwsFolder): TreeNode[] {
  const out: TreeNode[] = [];
  const error = v.servers?.find((s) => s.endpoint === server)?.listingErrors?.find((e) => e.service === folder);
  if (error)
    out.push({
      type: 'message',
      id: `error:${server}:${folder}`,
      label: l10n.t('Could not list: {0}', error.error),
      icon: 'warning',
      iconColor: 'charts.yellow',
      tooltip: error.error,
      command: { command: 'fakecloud.refresh', title: l10n.t('Refresh') },
    });
  if (folder === 'strays') {
    out.push(...straysOf(v, server).map((resource): TreeNode => ({ type: 'resource', resource })));
    return out;
  }
  const items = itemsOf(v, server, folder);
  // Members sit under their replication group; the rest at the top, groups first.
  const order: AwsResourceType[] = folderOf(folder).types;
  const top = items
    .filter((a) => !a.parent || !items.some((g) => g.id === a.parent))
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || byLabel(a, b));
  out.push(...top.map((a) => awsNode(v, a)));
  return out;
}

/** Beneath a row: a group's member clusters, a function's warm containers. */
export function awsChildren(v: ClientView, item: AwsResource): TreeNode[] {
  if (item.type === 'replication-group')
    return (v.aws ?? [])
      .filter((a) => a.parent === item.id)
      .sort(byLabel)
      .map((a) => awsNode(v, a));
  if (item.type === 'function')
    return item.containers.flatMap((id) => {
      const resource = v.resources.find((r) => r.id === id);
      return resource ? [{ type: 'resource', resource }] : [];
    });
  return [];
}

export function renderAwsFolder(v: ClientView, server: string, folder: AwsFolder): TreeItemSpec {
  const f = folderOf(folder);
  const count = folder === 'strays' ? straysOf(v, server).length : itemsOf(v, server, folder).filter((a) => !a.parent).length;
  const failed = v.servers?.find((s) => s.endpoint === server)?.listingErrors?.some((e) => e.service === folder);
  const spec: TreeItemSpec = {
    id: `awsFolder:${server}:${folder}`,
    label: f.label,
    description: failed ? l10n.t('{0} · could not list', count) : String(count),
    iconId: failed ? 'warning' : f.icon,
    contextValue: `fakecloudAwsFolder service:${folder}`,
    collapsible: 'expanded',
  };
  if (failed) spec.iconColor = 'charts.yellow';
  if (folder === 'strays')
    spec.tooltipMarkdown = l10n.t(
      "Containers with this server's labels that its AWS API does not describe: left behind by a delete that did not finish, or made by hand.",
    );
  return spec;
}

/** available / running / warm: green; on the way: yellow; failed: red; stopped, cold, terminated: plain. */
export function awsStatusColor(status: string): string | undefined {
  const s = status.toLowerCase();
  if (/fail|error|incompatible|inaccessible/.test(s)) return 'charts.red';
  if (/^(available|running|active|warm|\d+ warm)$/.test(s)) return 'charts.green';
  if (/creating|pending|rebooting|modifying|stopping|snapshotting|deleting|shutting-down|starting|backing-up/.test(s))
    return 'charts.yellow';
  if (/stopped|terminated/.test(s)) return 'disabledForeground';
  return undefined;
}

/** Short, the port first when it simply runs: what matters at the sidebar's default width. */
export function awsDescription(a: AwsResource, members = 0): string {
  const plain = a.status === 'available' || a.status === 'running';
  const where = a.endpoint && plain ? (isLoopback(a.endpoint.host) ? `:${a.endpoint.port}` : hostPort(a.endpoint)) : undefined;
  const account = a.account && a.account !== DEFAULT_ACCOUNT ? l10n.t('account {0}', a.account) : undefined;
  const detail = (k: string) => a.details.find(([key]) => key === k)?.[1];
  const parts: (string | undefined)[] = (() => {
    switch (a.type) {
      case 'replication-group':
        return [plain ? undefined : a.status, `${members} member${members === 1 ? '' : 's'}`, where];
      case 'serverless-cache':
        return ['serverless', plain ? undefined : a.status, a.engine];
      case 'function':
        return [a.status, a.engine];
      case 'instance':
        return [a.displayName ? a.awsId : undefined, a.status, detail(l10n.t('Type')), detail(l10n.t('Private address'))];
      default:
        return [plain ? undefined : a.status, where, a.engine];
    }
  })();
  return [...parts, account].filter(Boolean).join(' · ');
}

export function awsTooltip(a: AwsResource, containers: Resource[]): string {
  const rows: [string, string | undefined][] = [
    [l10n.t('Type'), AWS_TYPE_NAMES[a.type]],
    [a.type === 'instance' ? l10n.t('Instance ID') : 'ID', a.awsId],
    [l10n.t('Status'), a.status],
    [a.type === 'function' ? l10n.t('Runtime') : l10n.t('Engine'), a.engine],
    [l10n.t('Endpoint'), a.endpoint && hostPort(a.endpoint)],
    ['ARN', a.arn],
    [l10n.t('Account'), a.account],
    ...a.details,
    [
      a.type === 'function' ? l10n.t('Warm containers') : l10n.t('Container'),
      containers.length ? containers.map((r) => `${r.containerName} (${r.containerId.slice(0, 12)}, ${r.state})`).join(', ') : undefined,
    ],
    [l10n.t('Server'), a.server],
  ];
  const lines = [l10n.t('**{0}** — {1} of a fakecloud server', mdText(a.displayName ?? a.awsId), AWS_TYPE_NAMES[a.type]), ''];
  // Row names are ours or the server's (a detail's name, a tag's key): text either way.
  for (const [k, val] of rows) if (val) lines.push(`${mdText(k)}: ${mdCode(val)}  `);
  lines.push('', l10n.t("Acted on through the server's AWS API."));
  return lines.join('\n');
}

/** Menus match on this: the container's own values when one runs it, then `aws awsType:… status:…`. */
export function awsContextValue(a: AwsResource, resource: Resource | undefined, following = false): string {
  const parts = [resource ? resourceContextValue(resource, following) : 'fakecloudAws aws', `awsType:${a.type}`];
  parts.push(`status:${a.status.toLowerCase().replace(/\s+/g, '-')}`);
  if (a.endpoint && !parts[0].includes(' endpoint')) parts.push('endpoint');
  if (a.type === 'function' && a.containers.length) parts.push('warm');
  if (a.type === 'function' || a.type === 'cache-cluster' || a.type === 'replication-group') parts.push('deletable');
  return parts.join(' ');
}

export function renderAws(v: ClientView, a: AwsResource, resource: Resource | undefined): TreeItemSpec {
  const members = a.type === 'replication-group' ? (v.aws ?? []).filter((x) => x.parent === a.id).length : 0;
  // The group's own count: a server that describes no member cluster still names them.
  const named = Math.max(members, a.memberCount ?? 0);
  const containers = a.containers.flatMap((id) => v.resources.find((r) => r.id === id) ?? []);
  const following = resource ? (v.following?.includes(resource.id) ?? false) : false;
  const spec: TreeItemSpec = {
    id: a.id,
    label: a.displayName ?? a.awsId,
    description: awsDescription(a, named),
    iconId: TYPE_ICONS[a.type],
    tooltipMarkdown: awsTooltip(a, containers),
    contextValue: awsContextValue(a, resource, following),
    collapsible:
      members > 0 || (a.type === 'function' && containers.length > 0) || (resource && isBrowsable(resource)) ? 'collapsed' : 'none',
    command: {
      command: 'fakecloud.openResource',
      title: l10n.t('Open'),
      arguments: [{ type: 'aws', item: a, ...(resource ? { resource } : {}) }],
    },
    owner: 'fakecloud',
  };
  const color = awsStatusColor(a.status);
  if (color) spec.iconColor = color;
  return spec;
}
