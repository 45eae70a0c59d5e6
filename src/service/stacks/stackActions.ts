// The service's own creates, update and deletes, as a stack applies them: Docker or Kubernetes through each kind's
// runtime, a fakecloud server through its API (remembered in the stack's journal, since its resources carry no label
// of ours).
import { l10n } from '../../protocol/l10n';
import type { AwsResourceType } from '../../protocol/aws';
import type { StackItem, StackItemKind } from '../../protocol/stack';
import type { ServiceContext } from '../serviceContext';
import { listCode } from '../runtime/functions/codeArchive';
import { zipFolder } from '../fakecloud/zipCode';
import type { StackActions } from './stackApply';
import type { StackJournal } from './stackJournal';

export const SERVER_TYPE: Record<StackItemKind, AwsResourceType> = { cache: 'cache-cluster', instance: 'instance', function: 'function' };

export function stackActions(ctx: ServiceContext, journal: StackJournal): StackActions {
  const backend = (item: StackItem) => (item.target === 'kubernetes' ? { backend: 'kubernetes' as const } : {});
  return {
    createCache: async (item, stack, op) => {
      const c = item.cache;
      if (!c) throw new Error(l10n.t('not a cache'));
      const res = await ctx.caches.create(
        {
          name: item.name,
          engine: c.engine,
          stack,
          // A Down keeps a cache's data: Apply runs on it again.
          reuseData: true,
          ...backend(item),
          ...(item.image ? { image: item.image } : {}),
          ...(c.port ? { port: c.port } : {}),
          ...(c.snapshot ? { rdbPath: c.snapshot } : {}),
        },
        op,
      );
      return l10n.t('created, answering at {0}:{1}', res.endpoint.host, res.endpoint.port);
    },
    launchInstance: async (item, stack, op) => {
      const i = item.instance;
      const res = await ctx.instances.launch(
        {
          name: item.name,
          stack,
          tags: i?.tags ?? {},
          ...backend(item),
          ...(item.image ? { image: item.image } : {}),
          ...(i?.userData !== undefined ? { userData: { text: i.userData } } : {}),
        },
        op,
      );
      return l10n.t('launched as {0}', res.instanceId);
    },
    deployFunction: async (item, stack, op) => {
      const f = item.function;
      if (!f) throw new Error(l10n.t('not a function'));
      const res = await ctx.functions.deploy(
        {
          name: item.name,
          runtime: f.runtime,
          handler: f.handler,
          codePath: f.code,
          environment: f.environment,
          stack,
          ...backend(item),
          ...(f.memory ? { memory: f.memory } : {}),
          ...(f.timeout ? { timeout: f.timeout } : {}),
        },
        op,
      );
      return l10n.t('deployed, answering at {0}:{1}', res.endpoint.host, res.endpoint.port);
    },
    createOnServer: async (item, server, stack, op) => {
      if (!server) throw new Error(l10n.t('no fakecloud server answers'));
      let awsId = item.name;
      let message: string;
      if (item.kind === 'cache') {
        const made = await ctx.serverActions.createCache(server, { id: item.name, engine: item.cache?.engine ?? 'redis' }, op);
        message = l10n.t('CreateCacheCluster: {0}', made.status);
      } else if (item.kind === 'instance') {
        const made = await ctx.serverActions.runInstance(server, {
          imageId: item.image ?? 'ami-00000000',
          name: item.name,
          ...(item.instance?.userData !== undefined ? { userData: item.instance.userData } : {}),
        });
        awsId = made.id;
        message = l10n.t('RunInstances: {0}, {1}', made.id, made.state);
      } else {
        const f = item.function;
        if (!f) throw new Error(l10n.t('not a function'));
        op.progress(l10n.t('Zipping {0}', f.code));
        const code = await listCode(f.code);
        const made = await ctx.serverActions.createFunction(server, {
          name: item.name,
          runtime: f.runtime,
          handler: f.handler,
          zip: await zipFolder(code.entries),
          environment: f.environment,
          ...(f.memory ? { memoryMb: f.memory } : {}),
          ...(f.timeout ? { timeoutSeconds: f.timeout } : {}),
        });
        message = l10n.t('CreateFunction: {0}', made.arn ?? made.name);
      }
      journal.add(stack.scope, stack.name, { server, kind: item.kind, name: item.name, awsId });
      return message;
    },
    update: async (resourceId, image, op) => {
      const res = await ctx.updates.update(resourceId, image, op);
      if (res.outcome === 'rolled-back')
        throw new Error(l10n.t('rolled back to {0}: {1}', res.oldImageRef, res.detail ?? res.reason ?? ''));
      return l10n.t('updated to {0}', res.newImageRef);
    },
    remove: async (step, stack, opts) => {
      if (step.server && step.awsId) {
        const type = SERVER_TYPE[step.kind];
        const a = ctx.model.awsResources().find((x) => x.server === step.server && x.type === type && x.awsId === step.awsId);
        if (a) await ctx.serverActions.act(a.id, step.kind === 'instance' ? 'terminate' : 'delete');
        journal.forget(stack.scope, stack.name, step.kind, step.name);
        return a ? l10n.t('removed through the server’s API') : l10n.t('already gone from the server');
      }
      if (!step.resourceId) throw new Error(l10n.t('nothing to remove'));
      if (step.kind === 'cache') {
        const res = await ctx.caches.delete(step.resourceId, { keepData: !opts.removeData });
        if (res.keptVolumes.length) return l10n.t('removed; its data volume {0} is kept', res.keptVolumes.join(', '));
        return res.removedVolume ? l10n.t('removed with its data volume {0}', res.removedVolume) : l10n.t('removed');
      }
      if (step.kind === 'instance') await ctx.instances.terminate(step.resourceId);
      else await ctx.functions.delete(step.resourceId);
      return l10n.t('removed');
    },
  };
}
