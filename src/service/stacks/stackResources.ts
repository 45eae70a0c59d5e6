// What exists, as a stack's planner sees it: caches, instances (by their Name tag) and functions, whose they are,
// and the stack that made them (from their labels). What a create that did not finish left is not there, whatever
// it looks like: its record says so, and it is removed once the engine answers. Pure.
import type { Resource } from '../../protocol/model';
import type { StackItemKind, StackResource } from '../../protocol/stack';
import { OwnLabels } from '../model/labels';

const KINDS: readonly string[] = ['cache', 'instance', 'function'];

export function stackResources(resources: readonly Resource[], unfinished: ReadonlySet<string> = new Set()): StackResource[] {
  const out: StackResource[] = [];
  for (const r of resources) {
    if (!KINDS.includes(r.kind) || unfinished.has(r.containerName)) continue;
    const name = r.kind === 'instance' ? (r.labels[OwnLabels.displayName] ?? r.displayName ?? r.name) : r.name;
    const stack = r.labels[OwnLabels.stack];
    const scope = r.labels[OwnLabels.stackScope];
    // The port a cache answers on, on this machine: what a stack's `port` sets.
    const port = r.kind === 'cache' ? r.endpoint?.port : undefined;
    out.push({
      kind: r.kind as StackItemKind,
      name,
      resourceId: r.id,
      image: r.image,
      owner: r.owner.type === 'extension' ? 'ours' : r.owner.type === 'fakecloud' ? 'fakecloud' : 'unknown',
      ...(stack && scope ? { stack: { name: stack, scope } } : {}),
      ...(port ? { port } : {}),
    });
  }
  return out;
}
