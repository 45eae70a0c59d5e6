// The I/O edge to a cluster: the kubeconfig files read and merged (kubeconfig.ts
// decides which and how), the context and namespace chosen, and a KubeConfig
// for @kubernetes/client-node. Exec credential plugins run with the user's PATH,
// as client-node runs them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { chooseContext, kubeconfigPaths, mergeKubeconfigs, type KubeconfigParts } from './kubeconfig';
import { readBoundedSync } from '../../../platform/boundedRead';

export interface KubernetesSettings {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface ResolvedCluster {
  kc: KubeConfig;
  context: string;
  namespace: string;
  /** The API server, for display. */
  server: string;
  /** How it was chosen, for display. */
  source: string;
}

/** A kubeconfig is a few kilobytes; a large one with many embedded certificates, a few hundred. */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

export function resolveCluster(settings: KubernetesSettings, env: Record<string, string | undefined> = process.env): ResolvedCluster {
  const where = kubeconfigPaths({
    setting: settings.kubeconfig,
    env,
    homedir: os.homedir(),
    delimiter: path.delimiter,
    exists: (p) => fs.existsSync(p),
  });
  if ('error' in where) throw new Error(where.error);
  const parts: KubeconfigParts[] = where.paths.map((file) => {
    const one = new KubeConfig();
    try {
      // Read with a bound, whatever the path turns out to be; its relative certificate paths made absolute, as
      // loadFromFile does.
      one.loadFromString(readBoundedSync(file, MAX_KUBECONFIG_BYTES).toString('utf8'));
      one.makePathsAbsolute(path.dirname(file));
    } catch (err) {
      throw new Error(`cannot read the kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
    }
    return { clusters: one.clusters, users: one.users, contexts: one.contexts, currentContext: one.currentContext };
  });
  const merged = mergeKubeconfigs(parts);
  const chosen = chooseContext(merged, settings);
  if ('error' in chosen) throw new Error(chosen.error);
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: merged.clusters, users: merged.users, contexts: merged.contexts, currentContext: chosen.context.name });
  return {
    kc,
    context: chosen.context.name,
    namespace: chosen.namespace,
    server: chosen.cluster.server,
    source: `${where.source}, context ${chosen.context.name}`,
  };
}
