import * as assert from 'node:assert/strict';
import type { BackendStatus, Resource } from '../../../src/protocol/model';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import type { ReconcileReport } from '../../../src/protocol/reconcile';
import { connectionStatus } from '../../../src/views/connectionStatus';
import { reconcileStatus, reportDocument } from '../../../src/views/reconcileStatus';
import { childNodes, renderNode, rootNodes, statusDetail, type ClientView } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

const connected: BackendStatus = {
  backend: 'docker',
  state: 'connected',
  target: 'unix:///var/run/docker.sock',
  source: 'default',
  version: '20.10',
};
const view = (over: Partial<ClientView> = {}): ClientView => ({ service: 'connected', resources: [], backends: [connected], ...over });

const resources = resourcesFromContainers([
  container(
    { 'fakecloud-elasticache': 'zeta', 'fakecloud-instance': 'fakecloud-77' },
    { Id: 'c1', Ports: [{ IP: '0.0.0.0', PrivatePort: 6379, PublicPort: 50001, Type: 'tcp' }] },
  ),
  container(
    { 'fakecloud-elasticache': 'alpha', 'fakecloud-instance': 'fakecloud-77' },
    { Id: 'c2', Image: 'memcached:1.6-alpine', State: 'exited', Status: 'Exited (137) 1 minute ago' },
  ),
  container(
    { 'fakecloud-ec2': 'i-1', 'fakecloud-managed-by': 'fakecloud-explorer' },
    { Id: 'i1', Image: 'amazonlinux:2023', Status: 'Up 1 minute (unhealthy)' },
  ),
  container(
    { 'fakecloud-lambda': 'fn', 'fakecloud-instance': 'fakecloud-77' },
    { Id: 'f1', Image: 'public.ecr.aws/lambda/python:3.12', State: 'created', Status: 'Created' },
  ),
]);

describe('tree nodes', () => {
  it('shows Caches, Instances, Functions (and Other only when there is one) with counts', () => {
    const v = view({ resources });
    const roots = rootNodes(v);
    assert.deepEqual(
      roots.map((n) => renderNode(v, n).label),
      ['Caches', 'Instances', 'Functions'],
    );
    assert.deepEqual(
      roots.map((n) => renderNode(v, n).description),
      ['2', '1', '1'],
    );
    const withOther = view({
      resources: [...resources, ...resourcesFromContainers([container({ 'fakecloud-rds': 'db', 'fakecloud-instance': 'fakecloud-1' })])],
    });
    assert.equal(rootNodes(withOther).length, 4);
  });

  it('sorts resources by name and renders description, icon colour, context value and a stable id', () => {
    const v = view({ resources });
    const caches = childNodes(v, { type: 'group', kind: 'cache' });
    const specs = caches.map((n) => renderNode(v, n));
    assert.deepEqual(
      specs.map((s) => s.label),
      ['alpha', 'zeta'],
    );
    assert.equal(specs[0].description, 'exited (137) · memcached', 'no endpoint while it cannot answer');
    assert.equal(specs[0].iconColor, 'charts.red');
    // Running with an endpoint: the port first (on loopback), so it stays in sight; the icon's colour says it runs.
    assert.equal(specs[1].description, ':50001 · redis');
    assert.equal(specs[1].iconId, 'database');
    assert.equal(specs[1].iconColor, 'charts.green');
    assert.equal(specs[1].contextValue, 'fakecloudResource kind:cache state:running owner:fakecloud backend:docker engine:redis endpoint');
    assert.equal(specs[1].id, resources[0].id);
    assert.match(specs[1].tooltipMarkdown!, /Owner: `fakecloud server \(pid 77\)`/);
    assert.match(specs[1].tooltipMarkdown!, /Endpoint: `127\.0\.0\.1:50001 \(published port\)`/);
    const own = { ...resources[0], endpoint: { host: '127.0.0.1', port: 7001, via: 'label' as const } };
    const tip = renderNode(v, { type: 'resource', resource: own }).tooltipMarkdown!;
    assert.match(tip, /Endpoint: `127\.0\.0\.1:7001 \(host network, on the port it was given\)`/);
    assert.doesNotMatch(tip, /\(label\)/);
  });

  it('sorts names as people count them: bench-2 before bench-10, case aside', () => {
    const named = ['bench-10', 'bench-2', 'Bench-1', 'alpha'].map((name, i) => ({
      ...resources[0],
      id: `docker:n${i}`,
      name,
      containerName: `c-${name}`,
    }));
    const v = view({ resources: named });
    assert.deepEqual(
      childNodes(v, { type: 'group', kind: 'cache' }).map((n) => renderNode(v, n).label),
      ['alpha', 'Bench-1', 'bench-2', 'bench-10'],
    );
  });

  it('tooltips hold no time that goes stale: Docker’s “Up Less than a second” is left out, the created time stays', () => {
    const fresh = { ...resources[0], status: 'Up Less than a second' };
    const v = view({ resources: [fresh] });
    const tip = renderNode(v, { type: 'resource', resource: fresh }).tooltipMarkdown!;
    assert.doesNotMatch(tip, /Less than a second/);
    assert.match(tip, /State: `running`/);
    assert.match(tip, /Created: `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`/);
    assert.equal(statusDetail('Up 2 hours (unhealthy)'), '(unhealthy)');
    assert.equal(statusDetail('Exited (137) 3 minutes ago'), undefined);
    assert.equal(statusDetail('Up About an hour (Paused)'), '(Paused)');
    assert.equal(statusDetail('Restarting (1) 5 seconds ago'), 'Restarting (1)');
    assert.equal(statusDetail('Stopped (no Pod)'), 'Stopped (no Pod)');
  });

  it('colours unhealthy red, created yellow; says who owns it', () => {
    const v = view({ resources });
    const [inst] = childNodes(v, { type: 'group', kind: 'instance' }).map((n) => renderNode(v, n));
    assert.equal(inst.description, 'running (unhealthy)');
    assert.equal(inst.iconColor, 'charts.red');
    assert.match(inst.tooltipMarkdown!, /Owner: `Fakecloud Explorer`/);
    const [fn] = childNodes(v, { type: 'group', kind: 'function' }).map((n) => renderNode(v, n));
    assert.equal(fn.description, 'created · python3.12');
    const stopped = { ...resources[0], state: 'exited' as const, exitCode: 0 };
    assert.equal(renderNode(v, { type: 'resource', resource: stopped }).description, 'exited (0) · redis');
    // A function stopped on purpose reads "stopped", as an instance does; one that failed keeps its code.
    const fnStopped = { ...resources[3], state: 'exited' as const, exitCode: 0 };
    assert.equal(renderNode(v, { type: 'resource', resource: fnStopped }).description, 'stopped · python3.12');
    const fnFailed = { ...resources[3], state: 'exited' as const, exitCode: 2 };
    assert.equal(renderNode(v, { type: 'resource', resource: fnFailed }).description, 'stopped (exit 2) · python3.12');
    assert.match(renderNode(v, { type: 'resource', resource: stopped }).tooltipMarkdown!, /Endpoint: `127\.0\.0\.1:50001/);
    assert.equal(fn.iconColor, 'charts.yellow');
  });

  it('an instance goes by its Name tag, with its id, EC2’s state names and its tags', () => {
    const [web] = resourcesFromContainers([
      container(
        {
          'fakecloud-ec2': 'i-0abc',
          'fakecloud-managed-by': 'fakecloud-explorer',
          'fakecloud-explorer.name': 'web-1',
          'fakecloud-explorer.tag.team': 'payments',
        },
        { Id: 'w1', State: 'exited', Status: 'Exited (0) 2 seconds ago' },
      ),
    ]);
    const v = view({ resources: [web] });
    const spec = renderNode(v, { type: 'resource', resource: web });
    assert.equal(spec.label, 'web-1');
    assert.equal(spec.description, 'stopped · i-0abc');
    assert.match(spec.tooltipMarkdown!, /Instance ID: `i-0abc`/);
    assert.match(spec.tooltipMarkdown!, /Tags: `team=payments`/);
    assert.equal(renderNode(v, { type: 'resource', resource: { ...web, state: 'created' } }).description, 'pending · i-0abc');
    assert.equal(
      renderNode(v, { type: 'resource', resource: { ...web, state: 'exited', exitCode: 137 } }).description,
      'stopped (exit 137) · i-0abc',
    );
    assert.equal(
      renderNode(v, { type: 'resource', resource: { ...web, state: 'running', busy: 'stopping' } }).description,
      'stopping… · i-0abc',
    );
  });

  it('an empty group says so', () => {
    const v = view({ resources: resources.filter((r) => r.kind !== 'function') });
    const [msg] = childNodes(v, { type: 'group', kind: 'function' });
    assert.equal(renderNode(v, msg).label, 'No functions');
  });

  it('no resources → no nodes, so the welcome content shows', () => {
    assert.deepEqual(rootNodes(view()), []);
  });

  it('Docker unreachable → an error item with Retry and Configure Docker host, and no stale resources', () => {
    const error = 'the Docker socket does not exist (is Docker running?)';
    const v = view({ resources, backends: [{ ...connected, state: 'disconnected', error }] });
    const roots = rootNodes(v);
    const labels = roots.map((n) => renderNode(v, n).label);
    assert.deepEqual(labels, ['Failed to connect to Docker', error, 'Retry', 'Configure Docker host…']);
    // The question is asked once: the error carries it.
    assert.equal(labels.join(' ').match(/is Docker running/gi)?.length, 1);
    assert.equal(renderNode(v, roots[2]).command?.command, 'fakecloud.retryConnection');
    assert.equal(renderNode(v, roots[3]).command?.command, 'fakecloud.configureDockerHost');
  });

  it('service unreachable → an error item with Retry; connecting → a spinner item', () => {
    const down = view({ service: 'disconnected', serviceError: 'the service did not start', backends: [] });
    assert.equal(renderNode(down, rootNodes(down)[0]).label, 'Cannot reach the Fakecloud service');
    const connecting = view({ service: 'connecting', backends: [] });
    const [n] = rootNodes(connecting);
    assert.equal(renderNode(connecting, n).iconId, 'loading~spin');
  });
});

describe('Docker and Kubernetes together', () => {
  const kube = (over: Partial<BackendStatus> = {}): BackendStatus => ({
    backend: 'kubernetes',
    state: 'connected',
    target: 'https://k8s:6443 (namespace fc)',
    source: 'KUBECONFIG, context dev',
    ...over,
  });
  const pods = resourcesFromContainers([
    container({ 'fakecloud-elasticache': 'pod-cache', 'fakecloud-instance': 'fakecloud-1' }, { Id: 'k1' }),
  ]).map((r) => ({ ...r, id: 'kubernetes:fc/p1', backend: 'kubernetes' as const }));
  it('Kubernetes switched off (or never on) changes nothing', () => {
    const v = view({ resources, backends: [connected, kube({ state: 'disabled' })] });
    assert.deepEqual(
      rootNodes(v).map((n) => renderNode(v, n).label),
      ['Caches', 'Instances', 'Functions'],
    );
    assert.equal(renderNode(v, { type: 'resource', resource: resources[0] }).description, ':50001 · redis');
  });
  it('both connected: one set of groups, each item saying which backend it is on', () => {
    const v = view({ resources: [...resources, ...pods], backends: [connected, kube()] });
    assert.deepEqual(
      rootNodes(v).map((n) => renderNode(v, n).label),
      ['Caches', 'Instances', 'Functions'],
    );
    const caches = childNodes(v, { type: 'group', kind: 'cache' }).map((n) => renderNode(v, n).description);
    assert.ok(caches.includes('k8s · running · redis'), JSON.stringify(caches));
    assert.ok(caches.includes('docker · :50001 · redis'), JSON.stringify(caches));
  });
  it('one backend down: its error item with the way out, the other’s resources still shown', () => {
    const v = view({ resources, backends: [connected, kube({ state: 'disconnected', error: 'connect ECONNREFUSED 10.0.0.1:6443' })] });
    const labels = rootNodes(v).map((n) => renderNode(v, n).label);
    assert.deepEqual(labels, [
      'Kubernetes: connect ECONNREFUSED 10.0.0.1:6443',
      'Select Kubernetes context…',
      'Retry',
      'Caches',
      'Instances',
      'Functions',
    ]);
    const s = connectionStatus(v);
    assert.equal(s.text, '$(plug) Docker: 4 · K8s: disconnected');
    assert.equal(s.background, 'statusBarItem.warningBackground');
    const both = connectionStatus(view({ resources: [...resources, ...pods], backends: [connected, kube()] }));
    assert.equal(both.text, '$(plug) Docker: 4 · K8s: 1');
    assert.equal(both.background, undefined);
  });
});

describe('connection status bar', () => {
  it('says where it is connected, with the count', () => {
    const s = connectionStatus(view({ resources }));
    assert.equal(s.text, '$(plug) Docker: 4');
    assert.match(s.tooltip, /Connected to unix:\/\/\/var\/run\/docker\.sock \(default\), engine 20\.10/);
    assert.equal(s.background, undefined);
  });

  it('says disconnected and why, with a warning background; the service being gone is an error', () => {
    const s = connectionStatus(view({ backends: [{ ...connected, state: 'disconnected', error: 'connection refused' }] }));
    assert.equal(s.text, '$(debug-disconnect) Docker: disconnected');
    assert.match(s.tooltip, /connection refused/);
    assert.equal(s.background, 'statusBarItem.warningBackground');
    assert.equal(s.command, 'fakecloud.retryConnection');
    const svc = connectionStatus(view({ service: 'disconnected', serviceError: 'boom' }));
    assert.equal(svc.background, 'statusBarItem.errorBackground');
    assert.match(svc.tooltip, /boom/);
  });
});

describe('reconcile status bar', () => {
  const report = (over: Partial<ReconcileReport> = {}): ReconcileReport => ({
    startedAt: 0,
    durationMs: 3,
    requests: 0,
    entries: [],
    totals: { owned: 0, healthy: 0, repaired: 0, skipped: 0, backingOff: 0, gaveUp: 0, failed: 0, drift: 0 },
    ...over,
  });
  const ours = (name: string, over: Partial<Resource> = {}): Resource => ({
    ...resourcesFromContainers([
      container({ 'fakecloud-elasticache': name, 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: `id-${name}` }),
    ])[0],
    kept: true,
    ...over,
  });
  const three = [ours('a'), ours('b'), ours('c')];

  it('follows the live model at once: a killed cache is down before any pass reports, a repaired one healthy', () => {
    const lastPass = report({ entries: three.map((r) => ({ name: r.name, kind: 'cache', resourceId: r.id, action: 'none' })) });
    assert.equal(reconcileStatus(view({ resources: three }), lastPass, false).text, '$(check) 3 healthy');
    const killed = [three[0], three[1], { ...three[2], state: 'exited' as const, exitCode: 137 }];
    const down = reconcileStatus(view({ resources: killed }), lastPass, false);
    assert.deepEqual([down.text, down.background], ['$(error) 1 down', 'statusBarItem.errorBackground']);
    assert.match(down.tooltip, /^2 healthy, 1 down\nc \(cache\): exited \(137\), the next pass starts it again/);
    // The pass that repaired it says "repaired"; the bar reads the container running again, not the pass.
    const repairedPass = report({ entries: [{ name: 'c', kind: 'cache', resourceId: three[2].id, action: 'started' }] });
    repairedPass.totals.repaired = 1;
    const after = reconcileStatus(view({ resources: three }), repairedPass, false);
    assert.equal(after.text, '$(check) 3 healthy');
    assert.match(after.tooltip, /it repaired 1/);
  });

  it('a resource stopped on purpose is not kept, so not down; with nothing to keep the item is hidden', () => {
    const stopped = { ...ours('s'), kept: undefined, state: 'exited' as const };
    const s = reconcileStatus(view({ resources: [stopped] }), report(), false);
    assert.equal(s.hidden, true);
    assert.equal(reconcileStatus(view(), undefined, false).hidden, true);
    assert.equal(reconcileStatus(view({ resources: [stopped, ours('a')] }), undefined, false).text, '$(check) 1 healthy');
  });

  it("a fakecloud server's resource that is down while its server says it should run is drift, never a plain check", () => {
    const theirs = resourcesFromContainers([
      container(
        { 'fakecloud-elasticache': 'zeta', 'fakecloud-instance': 'fakecloud-77' },
        { Id: 'z', State: 'exited', Status: 'Exited (1)' },
      ),
    ]).map((r) => ({
      ...r,
      aws: { id: 'aws|s|cache-cluster||zeta', server: 's', type: 'cache-cluster' as const, awsId: 'zeta', expectsRunning: true },
    }));
    // A stopped instance of a server's is its normal state: not counted at all.
    const stopped = resourcesFromContainers([
      container({ 'fakecloud-ec2': 'i-1', 'fakecloud-instance': 'fakecloud-77' }, { Id: 'i', State: 'exited', Status: 'Exited (137)' }),
    ]).map((r) => ({
      ...r,
      aws: { id: 'aws|s|instance||i-1', server: 's', type: 'instance' as const, awsId: 'i-1', expectsRunning: false },
    }));
    const s = reconcileStatus(view({ resources: [ours('a'), ...theirs, ...stopped] }), report(), false);
    assert.deepEqual([s.text, s.background], ['$(warning) 1 drifting', 'statusBarItem.warningBackground']);
    assert.match(s.tooltip, /zeta \(cache\): drift/);
    // One that vanished is known only to the pass that saw it go.
    const gone = report({ entries: [{ name: 'gone', kind: 'cache', action: 'drift', reason: 'its container is gone' }] });
    assert.equal(reconcileStatus(view(), gone, false).text, '$(warning) 1 drifting');
  });

  it('reads backing off, gave up, a failed repair, starting, a running pass, and Docker unreachable', () => {
    const back = reconcileStatus(
      view({ resources: [ours('a', { state: 'exited', condition: { state: 'backing off', reason: 'next repair in 4 s' } })] }),
      report(),
      false,
    );
    assert.deepEqual([back.text, back.background], ['$(warning) 1 backing off', 'statusBarItem.warningBackground']);
    const gave = ours('orders', {
      state: 'exited',
      condition: { state: 'gave up', reason: 'gave up after 5 repairs in a row: exited (1)' },
    });
    const g = reconcileStatus(view({ resources: [gave] }), report(), false);
    assert.equal(g.text, '$(error) 1 gave up');
    assert.match(g.tooltip, /orders \(cache\): gave up — gave up after 5 repairs/);
    const a = ours('a', { state: 'exited' });
    const failed = report({ entries: [{ name: 'a', kind: 'cache', resourceId: a.id, action: 'failed', reason: 'no such image' }] });
    assert.equal(reconcileStatus(view({ resources: [a] }), failed, false).text, '$(error) 1 down, 1 failing');
    // Once it runs, the failed repair of the last pass is history.
    assert.equal(reconcileStatus(view({ resources: [ours('a')] }), failed, false).text, '$(check) 1 healthy');
    assert.equal(
      reconcileStatus(view({ resources: [ours('a', { health: 'starting' })] }), report(), false).text,
      '$(sync~spin) 1 starting',
    );
    assert.equal(reconcileStatus(view({ resources: three }), report(), true).text, '$(sync~spin) reconciling 3');
    assert.equal(
      reconcileStatus(view({ resources: three, backends: [{ ...connected, state: 'disconnected', error: 'refused' }] }), report(), false)
        .text,
      '$(debug-disconnect) Docker unreachable',
    );
  });

  it('a tooltip over thousands of resources stays short: counts, then the first few that need a look', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ours(`c${i}`, i < 20 ? { state: 'exited' } : {}));
    const lines = reconcileStatus(view({ resources: many }), report(), false).tooltip.split('\n');
    assert.ok(lines.length <= 15, `${lines.length} lines`);
    assert.equal(lines[0], '2980 healthy, 20 down');
    assert.match(lines[1], /^c0 \(cache\): exited/);
    assert.ok(lines.includes('… and 12 more in the report'));
    assert.ok(!lines.some((l) => /c2999/.test(l)), 'healthy ones are counted, not named');
    // The report document names every one, as the tooltip cannot.
    const entries = many.map((r) => ({ name: r.name, kind: 'cache', action: 'none' as const }));
    const doc = reportDocument(report({ entries, requests: 1 }));
    assert.match(doc, /^# Reconcile pass 1970-01-01T00:00:00\.000Z\n\n3 ms, 1 Docker request\n/);
    assert.equal(doc.split('\n').filter((l) => l.startsWith('- ')).length, 3000);
    assert.equal(reportDocument(undefined), 'No reconcile pass has reported yet.\n');
  });
});
