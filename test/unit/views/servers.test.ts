import * as assert from 'node:assert/strict';
import type { ServerStatus } from '../../../src/protocol/model';
import { normaliseEndpoints } from '../../../src/protocol/references';
import { parseHealth, serversToShow } from '../../../src/service/fakecloud/serverHealth';
import { ServerWatcher } from '../../../src/service/fakecloud/serverWatcher';
import { serverStatusBar } from '../../../src/views/serverStatus';
import { renderNode, rootNodes, type ClientView } from '../../../src/views/treeNodes';

const up: ServerStatus = { endpoint: 'http://127.0.0.1:4566', state: 'connected', version: '0.9.3', services: ['ec2', 'lambda'] };
const down: ServerStatus = { endpoint: 'http://127.0.0.1:4567', state: 'unreachable', error: 'nothing listens there (connection refused)' };

describe('fakecloud servers', () => {
  it('reads the health route: version and services, unknown fields ignored; anything else is not a server', () => {
    assert.deepEqual(parseHealth(200, '{"status":"ok","version":"0.9.3","services":["ec2",7,"lambda"],"uptimeSecs":3}'), {
      version: '0.9.3',
      services: ['ec2', 'lambda'],
    });
    assert.deepEqual(parseHealth(200, '{"status":"ok"}'), { version: 'unknown version', services: [] });
    assert.match((parseHealth(200, '<html>') as { error: string }).error, /not JSON/);
    assert.match((parseHealth(405, '') as { error: string }).error, /HTTP 405/);
    assert.match((parseHealth(200, '{"status":"starting"}') as { error: string }).error, /"starting"/);
  });

  it('takes http(s) endpoints, each once, without a trailing slash', () => {
    assert.deepEqual(normaliseEndpoints([' http://127.0.0.1:4566/ ', 'http://127.0.0.1:4566', 'ftp://x', 'https://h:1']), [
      'http://127.0.0.1:4566',
      'https://h:1',
    ]);
  });

  it('shows an unreachable server only when named in the settings or its containers run: quiet without fakecloud', () => {
    assert.deepEqual(serversToShow([down], false, false), []);
    assert.deepEqual(serversToShow([down], true, false), [down]);
    assert.deepEqual(serversToShow([down], false, true), [down]);
    assert.deepEqual(serversToShow([up], false, false), [up]);
  });

  it('the status bar names the server, its version and services; unreachable is a warning; none is no item', () => {
    assert.equal(serverStatusBar([up]).text, '$(cloud) fakecloud 0.9.3: 2 services');
    const d = serverStatusBar([down]);
    assert.deepEqual([d.text, d.background], ['$(debug-disconnect) fakecloud: unreachable', 'statusBarItem.warningBackground']);
    assert.match(d.tooltip, /connection refused/);
    assert.equal(serverStatusBar([]).hidden, true);
    assert.equal(serverStatusBar([up, down]).text, '$(cloud) fakecloud 0.9.3: 2 services (+1)');
  });

  it('the tree shows each server above the groups; an unreachable one retries when clicked', () => {
    const v: ClientView = {
      service: 'connected',
      resources: [],
      backends: [{ backend: 'docker', state: 'connected', target: 'unix:///var/run/docker.sock', source: 'default' }],
      servers: [up, down],
    };
    const nodes = rootNodes(v);
    assert.deepEqual(
      nodes.slice(0, 2).map((n) => {
        const s = renderNode(v, n);
        return [s.label, s.description, s.command?.command];
      }),
      [
        ['fakecloud 0.9.3', '127.0.0.1:4566 · 2 services', undefined],
        ['fakecloud server', '127.0.0.1:4567 · unreachable', 'fakecloud.checkServers'],
      ],
    );
    // Without servers and resources the welcome content shows, as before.
    assert.deepEqual(rootNodes({ ...v, servers: [] }), []);
  });
});

describe('server watcher', () => {
  it("looks at once when a server's first containers appear, not at the next interval", async () => {
    const asked: string[] = [];
    let seen = false;
    const shown: ServerStatus[][] = [];
    const w = new ServerWatcher({
      get: async (url) => (asked.push(url), { status: 200, body: '{"status":"ok","version":"1.0.0","services":[]}' }),
      onChange: (s) => shown.push(s),
      serverContainersSeen: () => seen,
    });
    w.modelChanged();
    assert.deepEqual(asked, [], 'no containers of a server: nothing asked');
    seen = true;
    w.modelChanged();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(asked, ['http://127.0.0.1:4566/_fakecloud/health']);
    assert.equal(shown.at(-1)?.[0]?.version, '1.0.0');
    w.modelChanged();
    await new Promise((r) => setImmediate(r));
    assert.equal(asked.length, 1, 'once, when they appear');
    w.stop();
  });

  it('a server found by its pid, then configured, stays connected and is shown once as it is found again', async () => {
    const stand = 'http://127.0.0.1:43331';
    const shown: ServerStatus[][] = [];
    const w = new ServerWatcher({
      get: async (url) =>
        url.startsWith(stand)
          ? { status: 200, body: '{"status":"ok","version":"0.9.3","services":["lambda"]}' }
          : Promise.reject(new Error('refused')),
      onChange: (s) => shown.push(s),
      serverContainersSeen: () => true,
    });
    w.setFound([stand]);
    await w.check();
    w.setEndpoints([stand]);
    // Shown as set at once, its answer kept: not the default endpoint first while the check runs.
    assert.deepEqual(
      shown.at(-1)?.map((s) => [s.endpoint, s.state]),
      [[stand, 'connected']],
    );
    await w.check();
    // The pid's ports are read again as the model changes: the same port, now configured.
    w.setFound([stand]);
    const last = shown.at(-1) ?? [];
    assert.deepEqual(
      last.map((s) => [s.endpoint, s.state]),
      [[stand, 'connected']],
    );
    assert.deepEqual(
      w.list().map((s) => s.state),
      ['connected'],
    );
    w.stop();
  });
});
