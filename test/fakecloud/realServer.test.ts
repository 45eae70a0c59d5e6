// The opt-in suite against a real fakecloud server: the bundled service, driven as the extension drives it, on the
// server at FAKECLOUD_E2E_ENDPOINT. Not part of `npm test` (a fresh machine has no fakecloud server); run it with
//
//   FAKECLOUD_E2E_ENDPOINT=http://127.0.0.1:4566 npm run test:fakecloud
//
// It makes only resources named with this run's id (a cache cluster, a function) through the server's API and
// deletes them at the end. The server pulls its own images (FAKECLOUD_E2E_RUNTIME picks the function's runtime,
// nodejs20.x by default).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { AwsResource } from '../../src/protocol/aws';
import { RUN, waitFor } from '../support/docker';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

const env = process.env;
/** A real server pulls images and starts containers: minutes, not seconds. */
const SLOW = 300_000;

describe('against a real fakecloud server (opt-in: FAKECLOUD_E2E_ENDPOINT)', function () {
  this.timeout(SLOW);
  const location = tempLocation('fakecloud-real');
  const id = `fcx-${RUN.toLowerCase()}`.slice(0, 30);
  const endpoint = env.FAKECLOUD_E2E_ENDPOINT ?? '';
  let c: ServiceClient;
  const listed = (awsId: string, pred: (a: AwsResource) => boolean = () => true, ms = SLOW) =>
    waitFor(`${awsId} listed`, () => c.snapshot?.aws?.find((a) => a.server === endpoint && a.awsId === awsId && pred(a)), ms, 500);

  before(async function () {
    if (!endpoint) {
      throw new Error(
        'this suite runs against a real fakecloud server only when asked: FAKECLOUD_E2E_ENDPOINT=http://127.0.0.1:4566 npm run test:fakecloud (see docs/testing.md)',
      );
    }
    requireBundle();
    c = client(location, { serviceArgs: ['--idle-timeout', '120'] });
    await c.connect();
    await c.configure({ servers: [endpoint] });
    c.setViewVisible(true);
    await waitFor(
      'the server identified and listed',
      () => c.snapshot?.servers?.find((s) => s.endpoint === endpoint && s.listed),
      30_000,
      200,
    );
  });

  after(async () => {
    if (c) {
      for (const a of c.snapshot?.aws ?? [])
        if (a.awsId.startsWith(id)) await c.request('aws/act', { id: a.id, action: 'delete' }).catch(() => undefined);
      c.dispose();
    }
    await cleanupLocation(location);
  });

  it('is identified by its health route, and its services listed without an error', () => {
    const s = c.snapshot?.servers?.find((x) => x.endpoint === endpoint);
    assert.equal(s?.state, 'connected');
    assert.ok(s?.version);
    assert.deepEqual(s?.listingErrors ?? [], [], JSON.stringify(s?.listingErrors));
  });

  it('makes a cache cluster through CreateCacheCluster, ties it to its container, and deletes it through the API', async () => {
    const made = await c.request('aws/createCache', { server: endpoint, id: `${id}-c`, engine: 'redis' }, SLOW);
    assert.equal(made.status, 'available');
    const a = await listed(`${id}-c`, (x) => x.containers.length === 1);
    const ctr = c.snapshot?.resources.find((r) => r.id === a.containers[0]);
    assert.equal(ctr?.aws?.id, a.id);
    const pong = await c.request('cache/command', { resourceId: a.containers[0], line: 'PING' });
    assert.equal(pong.stdout.trim(), 'PONG');
    await c.request('aws/act', { id: a.id, action: 'delete' });
    await waitFor('gone from its listing', () => (c.snapshot?.aws?.some((x) => x.awsId === `${id}-c`) ? undefined : true), SLOW, 500);
  });

  it('deploys a function through CreateFunction, invokes it cold, finds the invocation in its log, deletes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-real-fn-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async (e) => ({ echo: e });\n');
    const runtime = env.FAKECLOUD_E2E_RUNTIME || 'nodejs20.x';
    await c.request('aws/createFunction', { server: endpoint, name: `${id}-f`, runtime, handler: 'index.handler', codePath: dir }, SLOW);
    const fn = await listed(`${id}-f`);
    const out = await c.request('aws/invoke', { id: fn.id, payload: '{"n":1}' }, SLOW);
    assert.equal(out.statusCode, 200);
    assert.deepEqual(JSON.parse(out.body), { echo: { n: 1 } });
    const { invocations } = await c.request('aws/invocations', { server: endpoint, functionName: `${id}-f` });
    assert.ok(
      invocations.some((i) => i.payload.includes('"n"')),
      JSON.stringify(invocations),
    );
    await c.request('aws/act', { id: fn.id, action: 'delete' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
