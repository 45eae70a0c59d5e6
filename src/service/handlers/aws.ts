// A fakecloud server's resources, acted on through its API: thin — ServerActions does the work.
import { z } from 'zod';
import { checkPayload, validateFunctionName, validateHandler } from '../../protocol/functions';
import { functionNameOf } from '../../protocol/aws';
import { listCode } from '../runtime/functions/codeArchive';
import { UserError } from '../runtime/userError';
import { zipFolder } from '../fakecloud/zipCode';
import { tailLines } from '../runtime/functions/serverFunctions';
import { handlers, nonEmpty, operationId } from './handlerTable';
import { l10n } from '../../protocol/l10n';

const serverRef = z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be a server endpoint such as http://127.0.0.1:4566');

export const awsHandlers = handlers({
  'aws/act': {
    params: z.object({ id: nonEmpty, action: z.enum(['reboot', 'delete', 'stop', 'start', 'terminate', 'evict']), operationId }),
    handle: (ctx, session, p) => {
      const a = ctx.model.awsResource(p.id);
      const name = a ? (a.displayName ?? a.awsId) : p.id;
      return ctx.operations.run(session, p.operationId, () => ctx.serverActions.act(p.id, p.action), {
        title: `${p.action[0].toUpperCase()}${p.action.slice(1)} ${name}`,
        resourceName: name,
      });
    },
  },

  'aws/invoke': {
    params: z.object({ id: nonEmpty, payload: z.string() }),
    handle: async (ctx, _session, p) => {
      const checked = checkPayload(p.payload);
      if ('error' in checked) throw new UserError(checked.error);
      const out = await ctx.serverActions.invoke(p.id, checked.json);
      return {
        statusCode: out.statusCode,
        body: out.payload,
        durationMs: out.durationMs,
        logs: tailLines(out.logTail),
        ...(out.functionError ? { functionError: out.functionError } : {}),
      };
    },
  },

  'aws/invocations': {
    params: z.object({ server: serverRef, functionName: nonEmpty.optional() }),
    handle: async (ctx, _session, p) => ({
      invocations: await ctx.serverActions.invocations(p.server, p.functionName && functionNameOf(p.functionName)),
    }),
  },

  'aws/reset': {
    params: z.object({ server: serverRef, service: z.enum(['elasticache', 'lambda', 'ec2', 'rds']).optional() }),
    handle: async (ctx, session, p) => {
      await ctx.operations.run(session, undefined, () => ctx.serverActions.reset(p.server, p.service));
      return { ok: true };
    },
  },

  'aws/createCache': {
    params: z.object({
      server: serverRef,
      id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/, 'must start with a letter and hold at most 40 letters, digits and hyphens'),
      engine: z.enum(['redis', 'valkey', 'memcached']),
      nodeType: nonEmpty.optional(),
      operationId,
    }),
    handle: (ctx, session, p) =>
      ctx.operations.run(
        session,
        p.operationId,
        async (op) => {
          const c = await ctx.serverActions.createCache(
            p.server,
            { id: p.id, engine: p.engine, ...(p.nodeType ? { nodeType: p.nodeType } : {}) },
            op,
          );
          return { id: c.id, status: c.status, ...(c.endpoint ? { endpoint: c.endpoint } : {}) };
        },
        { title: l10n.t('Creating cache cluster {0}', p.id), resourceName: p.id },
      ),
  },

  'aws/runInstance': {
    params: z.object({
      server: serverRef,
      imageId: nonEmpty,
      instanceType: nonEmpty.optional(),
      userData: z
        .string()
        .max(16 * 1024, 'user data is at most 16 KB, as in EC2')
        .optional(),
      name: nonEmpty.optional(),
      operationId,
    }),
    handle: (ctx, session, p) => {
      const { server, operationId: id, ...req } = p;
      return ctx.operations.run(session, id, async () => {
        const i = await ctx.serverActions.runInstance(server, req);
        return { instanceId: i.id, state: i.state };
      });
    },
  },

  'aws/createFunction': {
    params: z.object({
      server: serverRef,
      name: nonEmpty,
      runtime: nonEmpty,
      handler: nonEmpty,
      codePath: nonEmpty,
      environment: z.record(z.string(), z.string()).optional(),
      operationId,
    }),
    handle: (ctx, session, p) =>
      ctx.operations.run(session, p.operationId, async (op) => {
        const badName = validateFunctionName(p.name);
        if (badName) throw new UserError(l10n.t('invalid function name "{0}": {1}', p.name, badName));
        const badHandler = validateHandler(p.handler, p.runtime);
        if (badHandler) throw new UserError(l10n.t('invalid handler "{0}": {1}', p.handler, badHandler));
        op.progress(l10n.t('Zipping {0}', p.codePath));
        const code = await listCode(p.codePath);
        const zip = await zipFolder(code.entries);
        op.progress(l10n.t('CreateFunction {0} ({1} KB zipped)', p.name, (zip.length / 1024).toFixed(1)));
        const made = await ctx.serverActions.createFunction(p.server, {
          name: p.name,
          runtime: p.runtime,
          handler: p.handler,
          zip,
          ...(p.environment ? { environment: p.environment } : {}),
        });
        return { name: made.name, ...(made.arn ? { arn: made.arn } : {}), files: code.files, bytes: code.bytes };
      }),
  },
});
