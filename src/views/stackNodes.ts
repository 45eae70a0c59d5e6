// A workspace's stacks in the tree: a row per stack file, its resources beneath it (in the file's kind order), and
// those resources out of the kind groups. Resources of another workspace's stack stay in the groups, saying so.
import type { Resource } from '../protocol/model';
import { l10n } from '../protocol/l10n';
import { STACK_KIND_ORDER, STACK_LABEL, STACK_SCOPE_LABEL, type WorkspaceStack } from '../protocol/stack';

const kindRank = (r: Resource): number => (r.kind === 'other' ? 9 : STACK_KIND_ORDER[r.kind]);
import type { TreeItemSpec } from './treeNodes';
import { mdCode, mdText } from './markdown';

/** The workspace stack a resource belongs to, if any. */
export function stackOf(stacks: readonly WorkspaceStack[] | undefined, r: Resource): WorkspaceStack | undefined {
  const name = r.labels[STACK_LABEL];
  const scope = r.labels[STACK_SCOPE_LABEL];
  if (!name || !scope) return undefined;
  return stacks?.find((s) => s.name === name && s.scope === scope);
}

/** A resource's own stack name, for the description of one outside the workspace's stacks. */
export function stackNameOf(r: Resource): string | undefined {
  return r.labels[STACK_LABEL];
}

export function stackMembers(resources: readonly Resource[], stack: WorkspaceStack, label: (r: Resource) => string): Resource[] {
  return resources
    .filter((r) => r.labels[STACK_LABEL] === stack.name && r.labels[STACK_SCOPE_LABEL] === stack.scope)
    .sort((a, b) => kindRank(a) - kindRank(b) || label(a).localeCompare(label(b)));
}

export function renderStack(stack: WorkspaceStack, members: number, relativeFile: string): TreeItemSpec {
  return {
    id: `stack:${stack.scope}:${stack.name}`,
    label: stack.name,
    description: members ? l10n.plural(members, '{0} resource', '{0} resources') : l10n.t('not applied'),
    iconId: 'layers',
    tooltipMarkdown: l10n.t('Stack **{0}** from {1}', mdText(stack.name), mdCode(relativeFile)),
    contextValue: 'fakecloudStack',
    collapsible: 'expanded',
  };
}
