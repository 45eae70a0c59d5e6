// Which samplers a dashboard has, chosen once when it is first watched: the usage of the container or Pod (by where
// it runs) and the figures of what runs in it (by its kind and engine). A new way of running or a new kind adds an
// entry here and a file in samplers/, not a branch in every sampler.
import type { AwsResource } from '../../protocol/aws';
import type { BackendKind, Resource } from '../../protocol/model';
import { mainContainer } from '../backends/kubernetes/podSpecs';
import { enginePortInside } from '../runtime/caches/cacheCli';
import { resourceAccess, type Backends } from '../runtime/resourceAccess';
import { UserError } from '../runtime/userError';
import type { Invocation } from '../../protocol/aws';
import type { Sampler } from './sampler';
import { dockerUsageSampler } from './samplers/dockerUsage';
import { functionLogSampler } from './samplers/functionSampler';
import { memcachedSampler } from './samplers/memcachedSampler';
import { podUsageSampler } from './samplers/podUsage';
import { redisSampler } from './samplers/redisSampler';
import { serverInvocationsSampler } from './samplers/serverInvocations';
import { l10n } from '../../protocol/l10n';

export interface SamplerDeps {
  backends: Backends;
  resource(id: string): Resource | undefined;
  awsResource(id: string): AwsResource | undefined;
  invocations(server: string, functionName: string): Promise<Invocation[]>;
}

const USAGE: Record<BackendKind, (r: Resource, d: SamplerDeps) => Sampler> = {
  docker: (r, d) => dockerUsageSampler(d.backends.docker(), r.containerId),
  kubernetes: (r, d) => {
    if (!r.containerId) throw new UserError(l10n.t('{0} has no Pod while it is stopped: start it to watch it', r.displayName ?? r.name));
    return podUsageSampler(d.backends.pods(), r.containerId, mainContainer(r.kind));
  },
};

function engineSamplers(r: Resource, d: SamplerDeps): Sampler[] {
  const access = resourceAccess(r, d.backends);
  const name = r.displayName ?? r.name;
  if (r.kind === 'cache' && r.engine === 'memcached') return [memcachedSampler((cmd) => access.execPipe(cmd), enginePortInside(r))];
  if (r.kind === 'cache') return [redisSampler((cmd) => access.execPipe(cmd), enginePortInside(r), name)];
  if (r.kind === 'function') {
    const out = [functionLogSampler(access)];
    const tie = r.aws;
    if (tie?.type === 'function') out.push(serverInvocationsSampler(() => d.invocations(tie.server, tie.awsId)));
    return out;
  }
  return [];
}

/** A dashboard's title and samplers; a clear error when there is nothing to watch. */
export function samplersFor(key: string, d: SamplerDeps): { title: string; samplers: Sampler[] } {
  if (key === 'overview') return { title: l10n.key('Fakecloud overview'), samplers: [] };
  const aws = d.awsResource(key);
  if (aws) {
    if (aws.type !== 'function')
      throw new UserError(l10n.t('{0} runs no container to watch: open the dashboard of its container', aws.displayName ?? aws.awsId));
    return {
      title: `${aws.awsId} (function on ${aws.server})`,
      samplers: [serverInvocationsSampler(() => d.invocations(aws.server, aws.awsId))],
    };
  }
  const r = d.resource(key);
  if (!r) throw new UserError(l10n.t('no resource {0}: it may have been removed', key));
  if (r.state !== 'running') throw new UserError(l10n.t('{0} is {1}: start it to watch it', r.displayName ?? r.name, r.state));
  return { title: r.displayName ?? r.name, samplers: [USAGE[r.backend](r, d), ...engineSamplers(r, d)] };
}
