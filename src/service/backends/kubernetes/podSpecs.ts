// The Pods our caches, instances and functions run as on Kubernetes (made as
// fakecloud makes its own). Pure: specs in, V1Pod out, unit-tested.
//
// Files a Pod needs before its main container starts (a function's code, a Redis
// snapshot) are staged the same way: a small init container (busybox: sh, head,
// tar) waits on a shared emptyDir until the service has streamed the files in
// through exec and marked them ready. No cluster-side server is needed, and the
// main container only ever starts with its files in place.
import type { V1Container, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { FakecloudLabels, OwnLabels, stackLabels } from '../../model/labels';
import { ENGINE_PORT, type CacheSpec } from '../../runtime/caches/cacheSpec';
import { functionEnv, RIE_PORT, type FunctionSpec } from '../../runtime/functions/functionSpec';
import { bootCommand, type InstanceSpec } from '../../runtime/instances/instanceSpec';
import { labelSafe, podName } from './names';
import { applyPodConfig, mergePodConfig, podConfigFromTags, type PodConfig } from './podConfig';

export const POD_PREFIX = { cache: 'fcx-ec', instance: 'fcx-i', function: 'fcx-lambda' } as const;
export const CONTAINER = { cache: 'cache', instance: 'instance', function: 'fakecloud-lambda', staging: 'fakecloud-stage' } as const;
/** The container a kind of resource runs in, in fakecloud's Pods and ours. */
export function mainContainer(kind: string): string {
  return kind === 'cache' ? CONTAINER.cache : kind === 'function' ? CONTAINER.function : CONTAINER.instance;
}

/** The file the staging init container waits for. */
export const STAGED_MARKER = '.fakecloud-staged';
/** The exact resource name, where a label value cannot hold it (length, case). */
export const NAME_ANNOTATION = 'fakecloud-explorer.resource-name';
export const DISPLAY_NAME_ANNOTATION = 'fakecloud-explorer.name';
export const TAGS_ANNOTATION = 'fakecloud-explorer.tags';
export const SERVICE_LABEL = 'fakecloud-service';

export interface PodContext {
  namespace: string;
  /** imagePullSecrets name, if any. */
  pullSecret?: string;
  /** Settings: global merged with the service's own. */
  base: PodConfig;
  /** Distinguishes this spawn from every other (a counter, a time). */
  spawn: string;
  /** The image of the staging init container: it needs sh, head and tar (busybox has them). */
  stagingImage?: string;
}

export const DEFAULT_STAGING_IMAGE = 'busybox:1.36';

function labels(
  service: 'elasticache' | 'ec2' | 'lambda',
  perService: string,
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  // Our own managed-by value: fakecloud's reaper deletes Pods with managed-by=fakecloud that are not its own.
  const label = { elasticache: FakecloudLabels.elasticache, ec2: FakecloudLabels.ec2, lambda: FakecloudLabels.lambda }[service];
  return { [OwnLabels.managedBy]: OwnLabels.managedByValue, [SERVICE_LABEL]: service, [label]: labelSafe(perService || name), ...extra };
}

function stagingContainer(image: string | undefined, mountPath: string): V1Container {
  return {
    name: CONTAINER.staging,
    image: image ?? DEFAULT_STAGING_IMAGE,
    command: ['sh', '-c', `until [ -e ${mountPath}/${STAGED_MARKER} ]; do sleep 0.2; done; rm -f ${mountPath}/${STAGED_MARKER}`],
    volumeMounts: [{ name: 'staged', mountPath }],
  };
}

function finish(pod: V1Pod, ctx: PodContext, tags: Record<string, string>): V1Pod {
  const withSecret: V1Pod = ctx.pullSecret
    ? { ...pod, spec: { containers: [], ...pod.spec, imagePullSecrets: [{ name: ctx.pullSecret }] } }
    : pod;
  return applyPodConfig(withSecret, mergePodConfig(ctx.base, podConfigFromTags(tags)));
}

export function instancePod(spec: InstanceSpec, ctx: PodContext, opts: { runUserData: boolean }): V1Pod {
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(POD_PREFIX.instance, spec.instanceId, `${spec.instanceId}-${ctx.spawn}`),
      namespace: ctx.namespace,
      labels: labels('ec2', spec.instanceId, spec.instanceId, stackLabels(spec.stack)),
      annotations: {
        [NAME_ANNOTATION]: spec.instanceId,
        [DISPLAY_NAME_ANNOTATION]: spec.name,
        [TAGS_ANNOTATION]: JSON.stringify(spec.tags),
      },
    },
    spec: {
      // The service decides about restarts (Reboot recreates the Pod), not the kubelet.
      restartPolicy: 'Never',
      hostname: labelSafe(spec.instanceId),
      containers: [
        {
          name: CONTAINER.instance,
          image: spec.image,
          // User data runs at first boot only: a Pod recreated by Start or Reboot boots without it, as EC2 does.
          command: bootCommand(opts.runUserData ? spec.userData : undefined),
        },
      ],
    },
  };
  return finish(pod, ctx, spec.tags);
}

export function functionPod(spec: FunctionSpec, ctx: PodContext, tags: Record<string, string> = {}): V1Pod {
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(POD_PREFIX.function, spec.name, `${spec.name}-${spec.deployId}-${ctx.spawn}`),
      namespace: ctx.namespace,
      labels: labels('lambda', spec.name, spec.name, {
        [OwnLabels.deployId]: spec.deployId,
        [OwnLabels.runtime]: labelSafe(spec.runtime),
        ...stackLabels(spec.stack),
      }),
      annotations: { [NAME_ANNOTATION]: spec.name },
    },
    spec: {
      restartPolicy: 'Never',
      volumes: [{ name: 'staged', emptyDir: {} }],
      // The code is streamed into /var/task while this waits.
      initContainers: [stagingContainer(ctx.stagingImage, '/var/task')],
      containers: [
        {
          name: CONTAINER.function,
          image: spec.image,
          args: [spec.handler],
          env: functionEnv(spec).map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: kv.slice(kv.indexOf('=') + 1) })),
          ports: [{ containerPort: RIE_PORT, name: 'invoke' }],
          volumeMounts: [{ name: 'staged', mountPath: '/var/task' }],
        },
      ],
    },
  };
  return finish(pod, ctx, tags);
}

/** `stage`: an RDB is streamed into /data before Redis starts (Restore, and Reboot keeping the data). */
export function cachePod(spec: CacheSpec, ctx: PodContext, opts: { stage: boolean }, tags: Record<string, string> = {}): V1Pod {
  const port = ENGINE_PORT[spec.engine];
  const main: V1Container = {
    name: CONTAINER.cache,
    image: spec.image,
    command: spec.engine === 'redis' ? ['redis-server', '--port', String(port), '--dir', '/data'] : ['memcached', '-p', String(port)],
    ports: [{ containerPort: port, name: spec.engine }],
  };
  const podSpec: V1PodSpec = { restartPolicy: 'Never', containers: [main] };
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(POD_PREFIX.cache, spec.name, `${spec.name}-${ctx.spawn}`),
      namespace: ctx.namespace,
      labels: labels('elasticache', spec.name, spec.name, {
        [OwnLabels.engine]: spec.engine,
        ...stackLabels(spec.stack),
      }),
      annotations: { [NAME_ANNOTATION]: spec.name },
    },
    spec: podSpec,
  };
  if (spec.engine === 'redis') {
    podSpec.volumes = [{ name: 'staged', emptyDir: {} }];
    main.volumeMounts = [{ name: 'staged', mountPath: '/data' }];
    if (opts.stage) podSpec.initContainers = [stagingContainer(ctx.stagingImage, '/data')];
  }
  return finish(pod, ctx, tags);
}
