// Which kubeconfig, merged how, and which context and namespace — as kubectl
// decides them. Pure: the files are read by the caller (kubeClient.ts).
//   1. the fakecloud.kubernetes.kubeconfig setting (one path),
//   2. else KUBECONFIG (several paths joined by the platform's delimiter, merged:
//      the first file to name a cluster, user or context wins, and the first
//      non-empty current-context),
//   3. else ~/.kube/config.
import type { Cluster, Context, User } from '@kubernetes/client-node';

export interface KubeconfigPaths {
  paths: string[];
  /** Shown with the connection: "setting fakecloud.kubernetes.kubeconfig", "KUBECONFIG", "~/.kube/config". */
  source: string;
}

export function kubeconfigPaths(i: {
  setting?: string;
  env: Record<string, string | undefined>;
  homedir: string;
  delimiter: string;
  exists: (p: string) => boolean;
}): KubeconfigPaths | { error: string } {
  const expand = (p: string) => (p === '~' ? i.homedir : p.startsWith('~/') ? `${i.homedir}/${p.slice(2)}` : p);
  const setting = i.setting?.trim();
  if (setting) {
    const p = expand(setting);
    return i.exists(p)
      ? { paths: [p], source: 'setting fakecloud.kubernetes.kubeconfig' }
      : { error: `the kubeconfig ${p} (setting fakecloud.kubernetes.kubeconfig) does not exist` };
  }
  const env = i.env.KUBECONFIG;
  if (env) {
    const all = env.split(i.delimiter).filter(Boolean).map(expand);
    // kubectl skips paths that do not exist; none at all is an error.
    const paths = all.filter(i.exists);
    return paths.length ? { paths, source: 'KUBECONFIG' } : { error: `none of the KUBECONFIG files exist (${all.join(', ')})` };
  }
  const home = `${i.homedir}/.kube/config`;
  return i.exists(home)
    ? { paths: [home], source: '~/.kube/config' }
    : { error: `no kubeconfig: set fakecloud.kubernetes.kubeconfig or KUBECONFIG, or create ${home}` };
}

export interface KubeconfigParts {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
}

/** kubectl's merge: the first file to define a name wins; the first non-empty current-context wins. */
export function mergeKubeconfigs(parts: KubeconfigParts[]): KubeconfigParts {
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  return {
    clusters: firstByName(parts.map((p) => p.clusters)),
    users: firstByName(parts.map((p) => p.users)),
    contexts: firstByName(parts.map((p) => p.contexts)),
    currentContext: parts.find((p) => p.currentContext)?.currentContext ?? '',
  };
}

export interface ChosenContext {
  context: Context;
  cluster: Cluster;
  /** The setting, else the context's namespace, else "default". */
  namespace: string;
}

export function chooseContext(merged: KubeconfigParts, want: { context?: string; namespace?: string }): ChosenContext | { error: string } {
  const name = want.context?.trim() || merged.currentContext;
  if (!name)
    return {
      error:
        `no context chosen: the kubeconfig has no current-context; pick one (fakecloud.kubernetes.context): ` +
        (merged.contexts.map((c) => c.name).join(', ') || 'none defined'),
    };
  const context = merged.contexts.find((c) => c.name === name);
  if (!context)
    return { error: `the context "${name}" is not in the kubeconfig (there: ${merged.contexts.map((c) => c.name).join(', ') || 'none'})` };
  const cluster = merged.clusters.find((c) => c.name === context.cluster);
  if (!cluster) return { error: `the context "${name}" names the cluster "${context.cluster}", which the kubeconfig does not define` };
  if (!merged.users.some((u) => u.name === context.user) && context.user)
    return { error: `the context "${name}" names the user "${context.user}", which the kubeconfig does not define` };
  return { context, cluster, namespace: want.namespace?.trim() || context.namespace || 'default' };
}
