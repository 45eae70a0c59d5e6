// The resource an agent names: by its name as the tree shows it, its id, or its display name; a clear error naming
// what there is when nothing matches.
import type { Resource, ResourceKind } from '../protocol/model';
import type { ToolContext } from './agentTool';
import { l10n } from '../protocol/l10n';

export function resourceNamed(ctx: ToolContext, name: string, kind?: ResourceKind): Resource {
  const all = (ctx.client.snapshot?.resources ?? []).filter((r) => !kind || r.kind === kind);
  const r = all.find((x) => x.id === name) ?? all.find((x) => x.name === name) ?? all.find((x) => x.displayName === name);
  if (r) return r;
  const names = all.map((x) => x.displayName ?? x.name).slice(0, 20);
  throw new Error(
    l10n.t(
      'no {0} named "{1}"; {2}',
      kind ?? 'resource',
      name,
      names.length ? `there are: ${names.join(', ')}` : `there is none (the Fakecloud view lists what exists)`,
    ),
  );
}

/** A JSON answer, kept short enough for a model's context. */
export function json(value: unknown, maxChars = 20_000): string {
  const text = JSON.stringify(value, null, 1);
  return text.length > maxChars ? l10n.t('{0}\n… (cut at {1} characters)', text.slice(0, maxChars), maxChars) : text;
}
