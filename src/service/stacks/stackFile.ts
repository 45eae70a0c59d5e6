// Reads a stack file (YAML, or JSON, which YAML reads too) into a Stack, or says what is wrong with it and where:
// syntax errors from the parser, schema errors placed on the key or value they concern, and paths that leave the
// file's folder or cannot be read. Pure but for the file access it is given: the caller reads the text, and the
// paths it names go through `StackFileAccess` (checked to stay inside the folder, read with a bound).
import * as path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { l10n } from '../../protocol/l10n';
import type { Stack, StackFileUse, StackItem, StackProblem } from '../../protocol/stack';
import { stackSchema, type StackFileContent } from './stackSchema';

export interface StackImages {
  redis: string;
  memcached: string;
  instance: string;
}

export type StackRead = { ok: true; stack: Stack } | { ok: false; problems: StackProblem[] };

/** User data a stack file names: at most EC2's 16 KB. */
export const MAX_USER_DATA_BYTES = 16 * 1024;

/** What reading a stack needs of the machine. */
export interface StackFileAccess {
  /** Where a path the file in `dir` gives really is, when it stays inside `dir` (links resolved); else why not. */
  resolve(dir: string, p: string): Promise<{ path: string } | { problem: string }>;
  /** A file's text, at most `max` bytes of it. */
  readText(file: string, max: number): Promise<string>;
}

function at(lc: LineCounter, start: number, end?: number): Pick<StackProblem, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const a = lc.linePos(start);
  const b = end !== undefined ? lc.linePos(end) : undefined;
  return { line: a.line, column: a.col, ...(b ? { endLine: b.line, endColumn: b.col } : {}) };
}

/** The node a schema issue points at: the value at its path, or for an unknown key the key itself. */
function nodeOf(doc: Document, issue: z.core.$ZodIssue): Node | undefined {
  const p = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  // A key that is wrong (unknown, or not a valid name): the key itself is marked.
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : issue.code === 'invalid_key' ? [String(p[p.length - 1])] : undefined;
  if (keys) {
    const at = issue.code === 'invalid_key' ? p.slice(0, -1) : p;
    const parent = at.length ? doc.getIn(at, true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && keys.includes(String(it.key.value)));
      if (pair && isScalar(pair.key)) return pair.key;
    }
    return parent as Node | undefined;
  }
  // The deepest node on the path that exists: a missing field is marked on the map that lacks it.
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

function message(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : l10n.t('the file');
  if (issue.code === 'unrecognized_keys') return l10n.t('{0}: unknown key {1}', where, issue.keys.join(', '));
  if (issue.code === 'invalid_key') return l10n.t('{0}: {1}', where, issue.issues[0]?.message ?? issue.message);
  return l10n.t('{0}: {1}', where, issue.message);
}

/** Images: `image` wins; else `version` as the engine's Alpine tag; else the setting's. */
function cacheImage(
  c: { engine: 'redis' | 'memcached'; version?: string | undefined; image?: string | undefined },
  images: StackImages,
): string {
  if (c.image) return c.image;
  if (c.version) return `${c.engine}:${c.version}-alpine`;
  return images[c.engine];
}

export async function readStack(text: string, file: string, images: StackImages, files: StackFileAccess): Promise<StackRead> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length)
    return { ok: false, problems: doc.errors.map((e) => ({ message: e.message.split('\n')[0], ...at(lineCounter, e.pos[0], e.pos[1]) })) };
  const value: unknown = doc.toJS() ?? {};
  const parsed = stackSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const node = nodeOf(doc, issue);
        const range = node?.range;
        return { message: message(issue), ...(range ? at(lineCounter, range[0], range[1]) : { line: 1, column: 1 }) };
      }),
    };
  const c: StackFileContent = parsed.data;
  const dir = path.dirname(file);
  const problems: StackProblem[] = [];
  const used: StackFileUse[] = [];
  const where = (keys: string[]) => {
    const node = doc.getIn(keys, true) as Node | undefined;
    return node?.range ? at(lineCounter, node.range[0], node.range[1]) : { line: 1, column: 1 };
  };
  /** A path the file gives, inside its folder; a problem at its line otherwise. */
  const inside = async (keys: [string, string, string], given: string, use: Omit<StackFileUse, 'given' | 'path'>) => {
    const r = await files.resolve(dir, given);
    if ('problem' in r) {
      problems.push({ message: l10n.t('{0}: {1}', keys.join('.'), r.problem), ...where(keys) });
      return undefined;
    }
    used.push({ ...use, given, path: r.path });
    return r.path;
  };
  const items: StackItem[] = [];
  for (const [name, x] of Object.entries(c.caches ?? {})) {
    const snapshot = x.snapshot
      ? await inside(['caches', name, 'snapshot'], x.snapshot, { kind: 'cache', item: name, role: 'snapshot' })
      : undefined;
    items.push({
      kind: 'cache',
      name,
      target: x.on ?? 'docker',
      image: cacheImage(x, images),
      cache: { engine: x.engine, ...(x.port !== undefined ? { port: x.port } : {}), ...(snapshot ? { snapshot } : {}) },
    });
  }
  for (const [name, x] of Object.entries(c.instances ?? {})) {
    let userData = x.userData;
    if (x.userDataFile) {
      const keys: [string, string, string] = ['instances', name, 'userDataFile'];
      const real = await inside(keys, x.userDataFile, { kind: 'instance', item: name, role: 'user data' });
      if (real)
        try {
          userData = await files.readText(real, MAX_USER_DATA_BYTES);
        } catch (err) {
          const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
          problems.push({
            message: l10n.t('instances.{0}.userDataFile: {1} cannot be read ({2})', name, x.userDataFile, why),
            ...where(keys),
          });
        }
    }
    items.push({
      kind: 'instance',
      name,
      target: x.on ?? 'docker',
      image: x.image ?? images.instance,
      instance: { ...(userData !== undefined ? { userData } : {}), tags: x.tags ?? {} },
    });
  }
  for (const [name, x] of Object.entries(c.functions ?? {})) {
    const code = await inside(['functions', name, 'code'], x.code, { kind: 'function', item: name, role: 'code' });
    items.push({
      kind: 'function',
      name,
      target: x.on ?? 'docker',
      function: {
        runtime: x.runtime,
        handler: x.handler,
        // A path that left the folder is a problem above, and then no stack is returned at all.
        code: code ?? '',
        environment: x.environment ?? {},
        ...(x.memory !== undefined ? { memory: x.memory } : {}),
        ...(x.timeout !== undefined ? { timeout: x.timeout } : {}),
      },
    });
  }
  if (problems.length) return { ok: false, problems };
  const stackName = c.name ?? stackNameOf(dir);
  const server = c.server?.replace(/\/+$/, '');
  return { ok: true, stack: { name: stackName, file, ...(server ? { server } : {}), items, ...(used.length ? { files: used } : {}) } };
}

/**
 * The stack a file names even when it has problems (a Down still finds what it made): its `name` when that is a
 * valid one, else its folder's.
 */
export function stackNameIn(text: string, file: string): string {
  let name: unknown;
  try {
    name = parseDocument(text).get('name');
  } catch {
    name = undefined;
  }
  const valid = stackSchema.shape.name.safeParse(name);
  return valid.success && valid.data ? valid.data : stackNameOf(path.dirname(file));
}

/** A folder's name as a stack name: lower case, other characters as hyphens. */
export function stackNameOf(dir: string): string {
  const n = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return /^[a-z0-9]/.test(n) ? n : `stack-${n}`.slice(0, 40);
}
