// Scheduling and metadata for our Pods: node selector, tolerations and
// annotations from the settings (global, then per service), with a resource's
// own `fakecloud-k8s/*` tags over them — per-resource wins, base-only keys
// survive (as fakecloud's own Pod configuration does). Pure.
import type { V1Pod, V1Toleration } from '@kubernetes/client-node';

export interface PodConfig {
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
  annotations: Record<string, string>;
}

export const TAG_NODE_SELECTOR = 'fakecloud-k8s/node-selector';
export const TAG_TOLERATIONS = 'fakecloud-k8s/tolerations';
export const TAG_ANNOTATIONS = 'fakecloud-k8s/annotations';

export function emptyPodConfig(): PodConfig {
  return { nodeSelector: {}, tolerations: [], annotations: {} };
}

/** Over `base`: maps merged key by key (over wins), tolerations added unless already there. */
export function mergePodConfig(base: PodConfig, over: PodConfig): PodConfig {
  const key = (t: V1Toleration) => `${t.key ?? ''}|${t.operator ?? ''}|${t.value ?? ''}|${t.effect ?? ''}`;
  const tolerations = [...base.tolerations];
  for (const t of over.tolerations) if (!tolerations.some((b) => key(b) === key(t))) tolerations.push(t);
  return {
    nodeSelector: { ...base.nodeSelector, ...over.nodeSelector },
    tolerations,
    annotations: { ...base.annotations, ...over.annotations },
  };
}

/** "k=v,k2=v2" */
export function parsePairs(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${what}: "${part}" is not key=value`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** kubectl taint's form, comma-separated: "key=value:NoSchedule", "key:NoExecute", "key" (Exists); or a JSON array. */
export function parseTolerations(text: string): V1Toleration[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    const parsed = JSON.parse(t) as unknown;
    if (!Array.isArray(parsed)) throw new Error('tolerations: the JSON must be an array');
    return parsed as V1Toleration[];
  }
  return t
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [kv, effect] = p.split(':');
      const eq = kv.indexOf('=');
      const tol: V1Toleration =
        eq > 0 ? { key: kv.slice(0, eq), operator: 'Equal', value: kv.slice(eq + 1) } : { key: kv, operator: 'Exists' };
      if (effect) {
        if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect))
          throw new Error(`tolerations: unknown effect "${effect}" in "${p}"`);
        tol.effect = effect;
      }
      return tol;
    });
}

/** A resource's reserved tags as a PodConfig; other tags are ignored. */
export function podConfigFromTags(tags: Record<string, string>): PodConfig {
  const c = emptyPodConfig();
  if (tags[TAG_NODE_SELECTOR]) c.nodeSelector = parsePairs(tags[TAG_NODE_SELECTOR], TAG_NODE_SELECTOR);
  if (tags[TAG_TOLERATIONS]) c.tolerations = parseTolerations(tags[TAG_TOLERATIONS]);
  if (tags[TAG_ANNOTATIONS]) c.annotations = parsePairs(tags[TAG_ANNOTATIONS], TAG_ANNOTATIONS);
  return c;
}

/** Writes the config into a Pod: merged over what the Pod already has. */
export function applyPodConfig(pod: V1Pod, config: PodConfig): V1Pod {
  const spec = pod.spec ?? { containers: [] };
  const outSpec = { ...spec };
  const metadata = { ...pod.metadata };
  if (Object.keys(config.nodeSelector).length) outSpec.nodeSelector = { ...spec.nodeSelector, ...config.nodeSelector };
  if (config.tolerations.length) outSpec.tolerations = [...(spec.tolerations ?? []), ...config.tolerations];
  if (Object.keys(config.annotations).length) metadata.annotations = { ...pod.metadata?.annotations, ...config.annotations };
  return { ...pod, metadata, spec: outSpec };
}

/** Settings' scheduling block ({ nodeSelector, tolerations, annotations }), checked; a clear error for a wrong shape. */
export function podConfigFromSettings(raw: unknown, where: string): PodConfig {
  const c = emptyPodConfig();
  if (raw === undefined || raw === null) return c;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where} must be an object`);
  const o = raw as Record<string, unknown>;
  const stringMap = (v: unknown, what: string): Record<string, string> => {
    if (v === undefined) return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string'))
      throw new Error(`${where}.${what} must map names to text`);
    return { ...(v as Record<string, string>) };
  };
  c.nodeSelector = stringMap(o.nodeSelector, 'nodeSelector');
  c.annotations = stringMap(o.annotations, 'annotations');
  if (o.tolerations !== undefined) {
    if (typeof o.tolerations === 'string') c.tolerations = parseTolerations(o.tolerations);
    else if (Array.isArray(o.tolerations)) c.tolerations = o.tolerations as V1Toleration[];
    else throw new Error(`${where}.tolerations must be a list (or "key=value:Effect,…")`);
  }
  return c;
}
