// Instances through the bundled service against the real Docker engine, with the
// locally built busybox instance image and host networking.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { ec2StateOf } from '../../src/protocol/instances';
import { IMAGES, RUN, docker, importEmptyImage, removeByNameTag, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;

describe('instances on Docker (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('instances');
  let c: ServiceClient;

  const instance = (id: string, pred: (r: Resource) => boolean = () => true, ms = 10_000): Promise<Resource> =>
    waitFor(id, () => c.snapshot?.resources.find((r) => r.kind === 'instance' && r.name === id && pred(r)), ms);
  const logs = async (id: string) => (await c.request('logs/read', { resourceId: id, tail: 1000 })).text;
  const desired = () =>
    JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      instances: Record<string, { desired: string; userData?: string; tags: Record<string, string> }>;
    };
  const ourContainers = async () =>
    (await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['fakecloud-explorer.name'] }) })).filter((x) =>
      x.Labels['fakecloud-explorer.name'].includes(lower),
    );

  before(async function () {
    await requireDocker(this);
    requireBundle();
    c = await connectedClient(location, {
      networkMode: 'host',
      instanceImage: IMAGES.instance,
      reconcile: { intervalSeconds: 2, repairFakecloudResources: false },
    });
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeByNameTag(lower);
  });

  it('launches with user data, whose output is in the logs; the Name tag and tags are kept', async () => {
    const script = '#!/bin/sh\necho "user-data ran as $(id -u) on $(hostname)"\necho to-stderr >&2\n';
    const res = await c.request('instance/launch', { name: n('web'), tags: { team: 'payments' }, userData: { text: script } }, 60_000);
    assert.match(res.instanceId, /^i-0[0-9a-f]{16}$/);
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    assert.equal(r.displayName, n('web'));
    assert.equal(r.owner.type, 'extension');
    assert.equal(r.orphan, undefined);
    assert.equal(r.kept, true, 'the reconciler keeps it running, and the status bar counts it');
    assert.equal(ec2StateOf(r), 'running');
    assert.equal(r.labels['fakecloud-explorer.tag.team'], 'payments');
    assert.equal(r.labels['fakecloud-instance'], undefined, 'never the label a fakecloud server reaps by');
    await waitFor('user data output', async () => ((await logs(r.id)).includes('user-data ran as 0') ? true : undefined), 5_000, 50);
    assert.match(await logs(r.id), /to-stderr/);
    const spec = desired().instances[res.instanceId];
    assert.equal(spec.desired, 'running');
    assert.equal(Buffer.from(spec.userData ?? '', 'base64').toString(), script);
    assert.deepEqual(spec.tags, { team: 'payments' });
  });

  it('launches on an image of its choosing, labelled with the stack that asked; a bad image is refused first', async () => {
    await assert.rejects(c.request('instance/launch', { name: n('stk'), image: 'Not An Image' }, 60_000), /not an image reference/);
    const stack = { name: 'shop', scope: 'abcdef012345' };
    const res = await c.request('instance/launch', { name: n('stk'), image: IMAGES.instance, stack }, 60_000);
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    assert.equal(r.image, IMAGES.instance);
    assert.equal(r.labels['fakecloud-explorer.stack'], 'shop');
    assert.equal(r.labels['fakecloud-explorer.stack-scope'], 'abcdef012345');
    assert.deepEqual((desired().instances[res.instanceId] as { stack?: unknown }).stack, stack);
    await c.request('instance/terminate', { resourceId: r.id }, 60_000);
  });

  it('stop, start and reboot keep the container; user data does not run again; terminate removes it', async () => {
    const res = await c.request(
      'instance/launch',
      { name: n('life'), userData: { base64: Buffer.from('echo booted-once\n').toString('base64') } },
      60_000,
    );
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    await waitFor('user data output', async () => ((await logs(r.id)).includes('booted-once') ? true : undefined), 5_000, 50);

    const t0 = Date.now();
    await c.request('instance/stop', { resourceId: r.id }, 30_000);
    // Stopped on purpose: not kept, so the status bar does not count it as down.
    const stopped = await instance(res.instanceId, (x) => x.state === 'exited' && x.kept === undefined);
    assert.ok(Date.now() - t0 < 5_000, `stop took ${Date.now() - t0} ms (the boot script exits on TERM)`);
    assert.equal(stopped.containerId, r.containerId);
    assert.equal(ec2StateOf(stopped), 'stopped');
    assert.equal(desired().instances[res.instanceId].desired, 'stopped');
    // The reconciler (every 2 s) leaves an instance stopped on purpose alone.
    await new Promise((res2) => setTimeout(res2, 4_500));
    assert.equal((await instance(res.instanceId)).state, 'exited');

    await c.request('instance/start', { resourceId: r.id }, 30_000);
    await instance(res.instanceId, (x) => x.state === 'running' && x.containerId === r.containerId && x.kept === true);
    assert.equal(desired().instances[res.instanceId].desired, 'running');
    await c.request('instance/reboot', { resourceId: r.id }, 30_000);
    await instance(res.instanceId, (x) => x.state === 'running' && x.containerId === r.containerId);
    await new Promise((res2) => setTimeout(res2, 500));
    assert.equal((await logs(r.id)).split('booted-once').length - 1, 1, 'user data ran once across stop/start and reboot');

    await c.request('instance/terminate', { resourceId: r.id }, 30_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === res.instanceId) || undefined);
    await assert.rejects(docker.getContainer(r.containerId).inspect(), /no such container/i);
    assert.equal(desired().instances[res.instanceId], undefined);
  });

  it('the shell answers over a TTY (sh, as the image has no bash)', async () => {
    const res = await c.request('instance/launch', { name: n('shell') }, 60_000);
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    const sessionId = `sh-${RUN}`;
    let out = '';
    const sub = c.on('terminal/output', (p) => {
      if (p.sessionId === sessionId) out += p.data;
    });
    const { title, lineMode } = await c.request('terminal/open', { resourceId: r.id, kind: 'shell', cols: 100, rows: 30, sessionId });
    assert.match(title, /shell/);
    assert.equal(lineMode, false);
    c.notify('terminal/input', { sessionId, data: 'echo $((6*7)); [ -t 0 ] && echo on-a-tty\r' });
    await waitFor('the answer', () => (out.includes('42') && out.includes('on-a-tty')) || undefined, 5_000);
    const exited = new Promise<number>((resolve) => c.on('terminal/exited', (p) => p.sessionId === sessionId && resolve(p.exitCode)));
    c.notify('terminal/input', { sessionId, data: 'exit 3\r' });
    assert.equal(await exited, 3);
    sub.dispose();
    await c.request('instance/terminate', { resourceId: r.id });
  });

  it('the reconciler starts an instance killed outside VS Code again', async () => {
    const res = await c.request('instance/launch', { name: n('heal') }, 60_000);
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    await docker.getContainer(r.containerId).kill();
    await instance(res.instanceId, (x) => x.state === 'running' && x.containerId === r.containerId, 10_000);
    await c.request('instance/terminate', { resourceId: r.id });
  });

  it('a container of ours that is not in the desired state is an orphan, removed only on request', async () => {
    // As a crash between create and the desired-state write would leave it.
    const ctr = await docker.createContainer({
      name: `fakecloud-explorer-ec2-i-0${lower.slice(0, 16).padEnd(16, '0')}`,
      Image: IMAGES.instance,
      Cmd: ['tail', '-f', '/dev/null'],
      Labels: { 'fakecloud-ec2': 'i-0orphan', 'fakecloud-managed-by': 'fakecloud-explorer', 'fakecloud-explorer.name': n('orphan') },
      HostConfig: { NetworkMode: 'host' },
    });
    await ctr.start();
    const r = await instance('i-0orphan', (x) => x.orphan === true);
    await c.request('reconcile/now', {});
    assert.ok((await docker.getContainer(ctr.id).inspect()).State.Running, 'the reconciler leaves an orphan alone');
    await c.request('cache/removeOrphan', { resourceId: r.id, removeData: false });
    await assert.rejects(docker.getContainer(ctr.id).inspect(), /no such container/i);
  });

  describe('bad input gets a clear error and leaves nothing behind', () => {
    const refuse = async (params: Record<string, unknown>, message: RegExp) => {
      const before = (await ourContainers()).length;
      await assert.rejects(c.request('instance/launch', { name: n('bad'), ...params }, 30_000), message);
      assert.equal((await ourContainers()).length, before);
    };
    it('invalid base64 user data', () => refuse({ userData: { base64: 'ZWNobyBoaQ=*' } }, /not valid base64 \(it contains "\*"\)/));
    it('base64 of the wrong length', () => refuse({ userData: { base64: 'ZWNobyBoaQ' } }, /not valid base64.*multiple of 4/));
    it('user data over 16 KB', () => refuse({ userData: { text: 'x'.repeat(16 * 1024 + 1) } }, /at most 16384/));
    it('an empty name', () => refuse({ name: '  ' }, /invalid instance name/));
    it('a reserved tag', () => refuse({ tags: { 'aws:foo': 'x' } }, /reserved/));
    it('an image that is neither here nor pullable', async () => {
      await c.configure({ instanceImage: '127.0.0.1:9/nothing/here:1' });
      try {
        await refuse({}, /127\.0\.0\.1:9\/nothing\/here:1 is not on this machine and could not be pulled/);
      } finally {
        await c.configure({ instanceImage: IMAGES.instance });
      }
    });
    it('an image without a shell fails to boot, says why, and its container is removed', async () => {
      // One file and no sh: the boot script cannot run.
      const tag = `fakecloud-test/nosh:${lower}`;
      await importEmptyImage(tag);
      await c.configure({ instanceImage: tag });
      try {
        await refuse({}, /could not (start the container|boot) for instance .*: .*(sh|executable file not found|exited)/);
      } finally {
        await c.configure({ instanceImage: IMAGES.instance });
        await docker
          .getImage(tag)
          .remove({ force: true })
          .catch(() => undefined);
      }
    });
  });
});
