// The Kubernetes backend's pure parts: kubeconfig resolution and merging, names,
// Pod specs, scheduling config, Pods → resources.
import * as assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import {
  chooseContext,
  kubeconfigPaths,
  mergeKubeconfigs,
  type KubeconfigParts,
} from '../../../src/service/backends/kubernetes/kubeconfig';
import { dnsSlug, labelSafe, podName } from '../../../src/service/backends/kubernetes/names';
import {
  applyPodConfig,
  emptyPodConfig,
  mergePodConfig,
  parseTolerations,
  podConfigFromSettings,
  podConfigFromTags,
} from '../../../src/service/backends/kubernetes/podConfig';
import { podState, resourcesFromPods } from '../../../src/service/backends/kubernetes/podResources';
import { cachePod, functionPod, instancePod, STAGED_MARKER, type PodContext } from '../../../src/service/backends/kubernetes/podSpecs';
import type { InstanceSpec } from '../../../src/service/runtime/instances/instanceSpec';
import type { FunctionSpec } from '../../../src/service/runtime/functions/functionSpec';

const ctx = (over: Partial<PodContext> = {}): PodContext => ({ namespace: 'fakecloud', base: emptyPodConfig(), spawn: '1', ...over });
const instance: InstanceSpec = {
  instanceId: 'i-0ABC123',
  name: 'web 1',
  tags: { team: 'payments' },
  image: 'amazonlinux:2023',
  userData: 'ZWNobyBoaQ==',
  networkMode: 'bridge',
  desired: 'running',
  createdAt: '',
};
const fn: FunctionSpec = {
  name: 'Orders_Fn',
  runtime: 'nodejs20.x',
  image: 'public.ecr.aws/lambda/nodejs:20',
  handler: 'index.handler',
  environment: { STAGE: 'dev' },
  networkMode: 'bridge',
  deployId: 'abcd1234',
  codeSource: '/src',
  codeArchive: '/x.tar',
  desired: 'running',
  createdAt: '',
};

describe('kubeconfig resolution', () => {
  const exists = (files: string[]) => (p: string) => files.includes(p);
  it('the setting, else KUBECONFIG (every path that exists), else ~/.kube/config', () => {
    const base = { env: {}, homedir: '/home/u', delimiter: ':' };
    assert.deepEqual(kubeconfigPaths({ ...base, setting: '~/k.yaml', exists: exists(['/home/u/k.yaml']) }), {
      paths: ['/home/u/k.yaml'],
      source: 'setting fakecloud.kubernetes.kubeconfig',
    });
    assert.deepEqual(kubeconfigPaths({ ...base, env: { KUBECONFIG: '/a:/missing::/b' }, exists: exists(['/a', '/b']) }), {
      paths: ['/a', '/b'],
      source: 'KUBECONFIG',
    });
    assert.deepEqual(kubeconfigPaths({ ...base, exists: exists(['/home/u/.kube/config']) }), {
      paths: ['/home/u/.kube/config'],
      source: '~/.kube/config',
    });
    assert.match((kubeconfigPaths({ ...base, exists: exists([]) }) as { error: string }).error, /no kubeconfig/);
    assert.match(
      (kubeconfigPaths({ ...base, setting: '/nope', exists: exists([]) }) as { error: string }).error,
      /\/nope .* does not exist/,
    );
    assert.deepEqual(kubeconfigPaths({ ...base, delimiter: ';', env: { KUBECONFIG: 'C:\\a;C:\\b' }, exists: () => true }), {
      paths: ['C:\\a', 'C:\\b'],
      source: 'KUBECONFIG',
    });
  });
  it('merges as kubectl does: the first file to name something wins, and the first current-context', () => {
    const a: KubeconfigParts = {
      clusters: [{ name: 'c', server: 'https://a', skipTLSVerify: false }],
      users: [{ name: 'u', token: 'a' }],
      contexts: [{ name: 'dev', cluster: 'c', user: 'u' }],
      currentContext: '',
    };
    const b: KubeconfigParts = {
      clusters: [
        { name: 'c', server: 'https://b', skipTLSVerify: false },
        { name: 'c2', server: 'https://c2', skipTLSVerify: false },
      ],
      users: [{ name: 'u', token: 'b' }],
      contexts: [{ name: 'prod', cluster: 'c2', user: 'u', namespace: 'apps' }],
      currentContext: 'prod',
    };
    const m = mergeKubeconfigs([a, b]);
    assert.equal(m.clusters.find((c) => c.name === 'c')?.server, 'https://a');
    assert.equal(m.users[0].token, 'a');
    assert.deepEqual(
      m.contexts.map((c) => c.name),
      ['dev', 'prod'],
    );
    assert.equal(m.currentContext, 'prod');
    const chosen = chooseContext(m, {});
    assert.ok('context' in chosen);
    assert.equal(chosen.cluster.server, 'https://c2');
    assert.equal(chosen.namespace, 'apps', 'the context’s namespace');
    assert.equal((chooseContext(m, { context: 'dev', namespace: 'mine' }) as { namespace: string }).namespace, 'mine', 'the setting wins');
    assert.equal((chooseContext(m, { context: 'dev' }) as { namespace: string }).namespace, 'default');
    assert.match(
      (chooseContext(m, { context: 'nope' }) as { error: string }).error,
      /"nope" is not in the kubeconfig \(there: dev, prod\)/,
    );
    assert.match((chooseContext({ ...m, currentContext: '' }, {}) as { error: string }).error, /no current-context/);
  });
});

describe('Kubernetes names', () => {
  it('slugs are DNS-safe; label values are lowercased and trimmed to alphanumerics', () => {
    assert.equal(dnsSlug('My_Cache..1--x-'), 'my-cache-1-x');
    assert.equal(dnsSlug('___'), 'x');
    assert.equal(labelSafe('i-0ABC123'), 'i-0abc123');
    assert.equal(labelSafe('-Orders_Fn.'), 'orders_fn');
    assert.equal(labelSafe('x'.repeat(80)).length, 63);
  });
  it('Pod names: <prefix>-<slug>-<hex12>, at most 63, distinct per spawn', () => {
    const a = podName('fcx-i', 'i-0abc', 'i-0abc-1');
    assert.match(a, /^fcx-i-i-0abc-[0-9a-f]{12}$/);
    assert.notEqual(a, podName('fcx-i', 'i-0abc', 'i-0abc-2'));
    const long = podName('fcx-lambda', 'f'.repeat(64), 'x');
    assert.ok(long.length <= 63, `${long.length}`);
    assert.match(long, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('Pod specs', () => {
  it('an instance Pod: ownership labels (ours, never fakecloud’s managed-by), keepalive, user data at first boot only', () => {
    const pod = instancePod(instance, ctx(), { runUserData: true });
    const l = pod.metadata!.labels!;
    assert.equal(l['fakecloud-managed-by'], 'fakecloud-explorer');
    assert.equal(l['fakecloud-service'], 'ec2');
    assert.equal(l['fakecloud-ec2'], 'i-0abc123', 'DNS-safe, lowercased');
    assert.equal(l['fakecloud-instance'], undefined);
    assert.equal(pod.metadata!.annotations!['fakecloud-explorer.resource-name'], 'i-0ABC123');
    assert.equal(pod.metadata!.annotations!['fakecloud-explorer.name'], 'web 1');
    assert.equal(pod.spec!.restartPolicy, 'Never');
    const c = pod.spec!.containers[0];
    assert.equal(c.name, 'instance');
    assert.equal(c.image, 'amazonlinux:2023');
    assert.deepEqual(c.command!.slice(0, 2), ['sh', '-c']);
    assert.match(c.command![2], /base64 -d/);
    assert.match(c.command![2], /tail -f \/dev\/null & wait/);
    assert.equal(c.command![4], 'ZWNobyBoaQ==');
    assert.equal(instancePod(instance, ctx(), { runUserData: false }).spec!.containers[0].command![4], '', 'Start/Reboot boot without it');
  });
  it('a pull secret is attached when set', () => {
    assert.deepEqual(instancePod(instance, ctx({ pullSecret: 'reg' }), { runUserData: true }).spec!.imagePullSecrets, [{ name: 'reg' }]);
    assert.equal(instancePod(instance, ctx(), { runUserData: true }).spec!.imagePullSecrets, undefined);
  });
  it('settings’ scheduling with the resource’s tags over it: per-resource wins, base-only keys survive', () => {
    const base = {
      nodeSelector: { pool: 'ec2', zone: 'a' },
      tolerations: parseTolerations('dedicated=ec2:NoSchedule'),
      annotations: { team: 'infra' },
    };
    const tagged = {
      ...instance,
      tags: {
        'fakecloud-k8s/node-selector': 'pool=spot,disktype=ssd',
        'fakecloud-k8s/annotations': 'owner=me',
        'fakecloud-k8s/tolerations': 'spot:NoExecute',
      },
    };
    const pod = instancePod(tagged, ctx({ base }), { runUserData: true });
    assert.deepEqual(pod.spec!.nodeSelector, { pool: 'spot', zone: 'a', disktype: 'ssd' });
    assert.deepEqual(pod.spec!.tolerations, [
      { key: 'dedicated', operator: 'Equal', value: 'ec2', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists', effect: 'NoExecute' },
    ]);
    assert.equal(pod.metadata!.annotations!.team, 'infra');
    assert.equal(pod.metadata!.annotations!.owner, 'me');
    assert.equal(pod.metadata!.annotations!['fakecloud-explorer.name'], 'web 1', 'our own annotations stay');
  });
  it('scheduling config: merge and apply', () => {
    const m = mergePodConfig(
      { nodeSelector: { a: '1' }, tolerations: [{ key: 'k', operator: 'Exists' }], annotations: {} },
      { nodeSelector: { a: '2' }, tolerations: [{ key: 'k', operator: 'Exists' }], annotations: { x: 'y' } },
    );
    assert.deepEqual(m, { nodeSelector: { a: '2' }, tolerations: [{ key: 'k', operator: 'Exists' }], annotations: { x: 'y' } });
    assert.deepEqual(applyPodConfig({ spec: { containers: [] } }, emptyPodConfig()), { metadata: {}, spec: { containers: [] } });
    assert.deepEqual(parseTolerations('[{"key":"gpu","operator":"Exists"}]'), [{ key: 'gpu', operator: 'Exists' }]);
    assert.throws(() => parseTolerations('k:Sometimes'), /unknown effect/);
    assert.throws(() => podConfigFromTags({ 'fakecloud-k8s/node-selector': 'novalue' }), /not key=value/);
  });
  it('scheduling from the settings: checked, tolerations as a list or kubectl’s form', () => {
    assert.deepEqual(podConfigFromSettings(undefined, 's'), emptyPodConfig());
    assert.deepEqual(podConfigFromSettings({ nodeSelector: { pool: 'a' }, tolerations: 'gpu:NoSchedule', annotations: { x: 'y' } }, 's'), {
      nodeSelector: { pool: 'a' },
      tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
      annotations: { x: 'y' },
    });
    assert.deepEqual(podConfigFromSettings({ tolerations: [{ key: 'k', operator: 'Exists' }] }, 's').tolerations, [
      { key: 'k', operator: 'Exists' },
    ]);
    assert.throws(
      () => podConfigFromSettings({ nodeSelector: { pool: 3 } }, 'fakecloud.kubernetes.scheduling'),
      /fakecloud\.kubernetes\.scheduling\.nodeSelector must map names to text/,
    );
    assert.throws(() => podConfigFromSettings([], 's'), /must be an object/);
  });
  it('a function Pod: the runtime image with the handler, the invoke port, and its code staged into /var/task first', () => {
    const pod = functionPod(fn, ctx());
    assert.match(pod.metadata!.name!, /^fcx-lambda-orders-fn-[0-9a-f]{12}$/);
    assert.equal(pod.metadata!.labels!['fakecloud-lambda'], 'orders_fn');
    assert.equal(pod.metadata!.labels!['fakecloud-explorer.deploy-id'], 'abcd1234');
    assert.equal(pod.metadata!.annotations!['fakecloud-explorer.resource-name'], 'Orders_Fn');
    const [init] = pod.spec!.initContainers!;
    assert.match(init.command![2], new RegExp(`until \\[ -e /var/task/${STAGED_MARKER.replace('.', '\\.')} \\]`));
    const c = pod.spec!.containers[0];
    assert.equal(c.name, 'fakecloud-lambda');
    assert.deepEqual(c.args, ['index.handler']);
    assert.deepEqual(c.ports, [{ containerPort: 8080, name: 'invoke' }]);
    assert.ok(c.env!.some((e) => e.name === 'STAGE' && e.value === 'dev'));
    assert.notEqual(functionPod(fn, ctx({ spawn: '2' })).metadata!.name, pod.metadata!.name);
  });
  it('a cache Pod: Redis with its data dir, staged only when restoring; memcached bare', () => {
    const redis = cachePod({ name: 'Orders', engine: 'redis', image: 'redis:7', networkMode: 'bridge', createdAt: '' }, ctx(), {
      stage: false,
    });
    assert.equal(redis.spec!.containers[0].name, 'cache');
    assert.deepEqual(redis.spec!.containers[0].command, ['redis-server', '--port', '6379', '--dir', '/data']);
    assert.equal(redis.spec!.initContainers, undefined);
    assert.equal(
      cachePod({ name: 'Orders', engine: 'redis', image: 'redis:7', networkMode: 'bridge', createdAt: '' }, ctx(), { stage: true }).spec!
        .initContainers!.length,
      1,
    );
    const mc = cachePod({ name: 'm', engine: 'memcached', image: 'memcached:1.6', networkMode: 'bridge', createdAt: '' }, ctx(), {
      stage: false,
    });
    assert.equal(mc.spec!.volumes, undefined);
    assert.equal(mc.metadata!.labels!['fakecloud-explorer.engine'], 'memcached');
  });
});

describe('Pods → resources', () => {
  const pod = (over: Partial<V1Pod> & { phase?: string } = {}): V1Pod => ({
    metadata: {
      name: 'fakecloud-ec-orders-abc',
      namespace: 'fc',
      labels: {
        'fakecloud-managed-by': 'fakecloud',
        'fakecloud-instance': 'fakecloud-4242',
        'fakecloud-service': 'elasticache',
        'fakecloud-elasticache': 'orders',
      },
      creationTimestamp: new Date(1_800_000_000_000),
    },
    spec: { containers: [{ name: 'cache', image: 'redis:7-alpine' }] },
    status: {
      phase: over.phase ?? 'Running',
      containerStatuses: [{ name: 'cache', ready: true, restartCount: 0, image: 'redis', imageID: '', state: { running: {} } }],
    },
    ...over,
  });
  it('fakecloud’s Pods are found by the same labels, with owner, engine and state', () => {
    const [r] = resourcesFromPods([pod()]);
    assert.equal(r.id, 'kubernetes:fc/fakecloud-ec-orders-abc');
    assert.equal(r.backend, 'kubernetes');
    assert.equal(r.kind, 'cache');
    assert.equal(r.name, 'orders');
    assert.equal(r.engine, 'redis');
    assert.deepEqual(r.owner, { type: 'fakecloud', pid: 4242, instance: 'fakecloud-4242' });
    assert.equal(r.state, 'running');
    assert.equal(r.status, 'Running (ready)');
    assert.equal(r.created, 1_800_000_000);
  });
  it('ours keep their exact name and Name tag from annotations', () => {
    const [r] = resourcesFromPods([instancePod(instance, ctx(), { runUserData: true })]);
    assert.equal(r.name, 'i-0ABC123');
    assert.equal(r.displayName, 'web 1');
    assert.equal(r.owner.type, 'extension');
  });
  it('phases map onto the model’s states', () => {
    assert.deepEqual(
      podState(
        pod({
          phase: 'Pending',
          status: {
            phase: 'Pending',
            containerStatuses: [
              { name: 'cache', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
            ],
          },
        }),
      ),
      { state: 'created', status: 'Pending: ContainerCreating' },
    );
    assert.deepEqual(
      podState(
        pod({
          status: {
            phase: 'Failed',
            containerStatuses: [
              {
                name: 'cache',
                ready: false,
                restartCount: 0,
                image: '',
                imageID: '',
                state: { terminated: { exitCode: 3, reason: 'Error' } },
              },
            ],
          },
        }),
      ),
      { state: 'exited', status: 'Failed: Error (3)', exitCode: 3 },
    );
    assert.equal(podState(pod({ status: { phase: 'Succeeded' } })).state, 'exited');
    assert.equal(podState({ ...pod(), metadata: { ...pod().metadata, deletionTimestamp: new Date() } }).state, 'removing');
    assert.equal(resourcesFromPods([{ metadata: { name: 'x', labels: { app: 'web' } } }]).length, 0, 'not fakecloud’s, not ours');
  });
});
