// The resource an agent names: by its name as the tree shows it, its id, or its display name; a clear error naming
// what there is when nothing matches.
import type { Resource, ResourceKind } from '../protocol/model';
import type { ToolContext } from './agentTool';

export function resourceNamed(ctx: ToolContext, name: string, kind?: ResourceKind): Resource {
  const all = (ctx.client.snapshot?.resources ?? []).filter((r) => !kind || r.kind === kind);
  const r = all.find((x) => x.id === name) ?? all.find((x) => x.name === name) ?? all.find((x) => x.displayName === name);
  if (r) return r;
  const names = all.map((x) => x.displayName ?? x.name).slice(0, 20);
  throw new Error(
    `no ${kind ?? 'resource'} named "${name}"; ${names.length ? `there are: ${names.join(', ')}` : `there is none (the Fakecloud view lists what exists)`}`,
  );
}

/** A JSON answer, kept short enough for a model's context. */
export function json(value: unknown, maxChars = 20_000): string {
  const text = JSON.stringify(value, null, 1);
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n… (cut at ${maxChars} characters)` : text;
}
