// A stack file from what exists now: our own caches, instances and functions from the desired state (their images,
// ports, user data, tags, code folders, environment), and a fakecloud server's from its API's listing (`on: server`).
// What a file cannot say is left out with a comment saying why. Pure.
import * as path from 'node:path';
import { Document, isMap, isScalar } from 'yaml';
import type { AwsResource } from '../../protocol/aws';
import { l10n } from '../../protocol/l10n';
import type { CacheSpec } from '../runtime/caches/cacheSpec';
import type { FunctionSpec } from '../runtime/functions/functionSpec';
import type { InstanceSpec } from '../runtime/instances/instanceSpec';
import { stackNameOf } from './stackFile';
import { ITEM_NAME } from './stackSchema';

export interface ExportInput {
  /** The folder the file goes to: code folders are written relative to it. */
  folder: string;
  caches: CacheSpec[];
  instances: InstanceSpec[];
  functions: FunctionSpec[];
  /** A fakecloud server's resources, as its API lists them. */
  aws: AwsResource[];
  /** The images a file need not name (the settings' defaults). */
  defaults: { redis: string; memcached: string; instance: string };
  /** JSON has no comments: what was left out is only in the answer's `left`. */
  format?: 'yaml' | 'json';
}

/** A path as a stack file writes it: relative to its folder, forward slashes, `./` first. */
function relativePath(folder: string, p: string): string {
  const rel = path.relative(folder, p).split(path.sep).join('/');
  return rel.startsWith('.') || path.isAbsolute(rel) ? rel : `./${rel}`;
}

const detail = (a: AwsResource, key: string) => a.details.find(([k]) => k === key)?.[1];

export function exportStack(input: ExportInput): { text: string; count: number; left: string[] } {
  const caches: Record<string, Record<string, unknown>> = {};
  const instances: Record<string, Record<string, unknown>> = {};
  const functions: Record<string, Record<string, unknown>> = {};
  const left: string[] = [];
  const on = (p: { backend?: string }) => (p.backend === 'kubernetes' ? { on: 'kubernetes' } : {});
  const servers = new Set<string>();

  for (const c of input.caches) {
    caches[c.name] = {
      engine: c.engine,
      ...(c.image !== input.defaults[c.engine] ? { image: c.image } : {}),
      ...(c.port || c.hostPort ? { port: c.port ?? c.hostPort } : {}),
      ...on(c),
    };
  }
  for (const i of input.instances) {
    if (!ITEM_NAME.test(i.name)) {
      left.push(l10n.t('instance {0}: its Name tag "{1}" cannot be a stack item name', i.instanceId, i.name));
      continue;
    }
    const tags = Object.fromEntries(Object.entries(i.tags).filter(([k]) => k !== 'Name'));
    instances[i.name] = {
      ...(i.image !== input.defaults.instance ? { image: i.image } : {}),
      ...(i.userData ? { userData: Buffer.from(i.userData, 'base64').toString('utf8') } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      ...on(i),
    };
  }
  for (const f of input.functions) {
    functions[f.name] = {
      runtime: f.runtime,
      handler: f.handler,
      code: relativePath(input.folder, f.codeSource),
      ...(Object.keys(f.environment).length ? { environment: f.environment } : {}),
      ...(f.memory ? { memory: f.memory } : {}),
      ...(f.timeout ? { timeout: f.timeout } : {}),
      ...on(f),
    };
  }
  const functionsWithoutCode: string[] = [];
  for (const a of input.aws) {
    const name = a.type === 'instance' ? (a.displayName ?? a.awsId) : a.awsId;
    const taken = (a.type === 'cache-cluster' ? caches : a.type === 'instance' ? instances : functions)[name];
    if (a.type === 'cache-cluster') {
      if (a.parent) continue; // a replication group's member: the group is made by the server, not by a stack
      const engine = a.engine?.split(' ')[0];
      if (engine !== 'redis' && engine !== 'memcached') {
        left.push(l10n.t('cache cluster {0}: a stack makes Redis and memcached caches, not {1}', a.awsId, engine ?? '?'));
        continue;
      }
      if (taken || !ITEM_NAME.test(name)) {
        left.push(l10n.t('cache cluster {0}: a cache of that name is listed already', a.awsId));
        continue;
      }
      caches[name] = { engine, on: 'server' };
    } else if (a.type === 'instance') {
      if (a.status === 'terminated' || a.status === 'shutting-down') continue;
      if (taken || !ITEM_NAME.test(name)) {
        left.push(l10n.t('instance {0}: "{1}" is no free stack item name', a.awsId, name));
        continue;
      }
      const image = detail(a, 'Image');
      instances[name] = { ...(image ? { image } : {}), on: 'server' };
    } else if (a.type === 'function') {
      const handler = detail(a, 'Handler');
      if (taken || !a.engine || !handler) {
        left.push(
          l10n.t(
            'function {0}: {1}',
            a.awsId,
            taken ? l10n.t('a function of that name is listed already') : l10n.t('no runtime or handler listed'),
          ),
        );
        continue;
      }
      // The server does not hand code back: the folder is where the user keeps it.
      functions[name] = { runtime: a.engine, handler, code: `./${name}`, on: 'server' };
      functionsWithoutCode.push(name);
    } else {
      left.push(l10n.t('{0} {1}: a stack does not make these', a.type, a.awsId));
      continue;
    }
    servers.add(a.server);
  }
  const content: Record<string, unknown> = { name: stackNameOf(input.folder) };
  if (servers.size === 1) content.server = [...servers][0];
  if (Object.keys(caches).length) content.caches = caches;
  if (Object.keys(instances).length) content.instances = instances;
  if (Object.keys(functions).length) content.functions = functions;
  const doc = new Document(content);
  doc.commentBefore = ` ${l10n.t('Exported by Fakecloud Explorer. Apply it with Fakecloud: Apply Stack.')}`;
  const fnMap = doc.get('functions');
  if (isMap(fnMap))
    for (const pair of fnMap.items)
      if (isScalar(pair.key) && functionsWithoutCode.includes(String(pair.key.value)))
        pair.key.commentBefore = ` ${l10n.t('code: the folder holding {0}’s code (a server does not hand code back)', String(pair.key.value))}`;
  if (left.length) doc.comment = ` ${l10n.t('Left out:')}\n${left.map((l) => ` - ${l}`).join('\n')}`;
  const count = Object.keys(caches).length + Object.keys(instances).length + Object.keys(functions).length;
  const text = input.format === 'json' ? JSON.stringify(content, null, 2) + '\n' : doc.toString({ lineWidth: 0 });
  return { text, count, left };
}
