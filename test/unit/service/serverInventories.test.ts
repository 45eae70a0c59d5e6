// When a server is listed, with a recording fake of its API: at once when it answers (seen or not), every interval
// only while a view is visible, one listing at a time with one asked for meanwhile run after it, a failing service
// said while the others show, and a server that stops answering forgotten.
import * as assert from 'node:assert/strict';
import type { ServerStatus } from '../../../src/protocol/model';
import { Introspection } from '../../../src/service/fakecloud/introspection';
import type { ServerApi } from '../../../src/service/fakecloud/serverApi';
import { ServerInventories } from '../../../src/service/fakecloud/serverInventories';
import { LiveModel } from '../../../src/service/model/liveModel';
import { ServiceLog } from '../../../src/service/support/log';

const S = 'http://127.0.0.1:4566';
const up: ServerStatus = { endpoint: S, state: 'connected', version: '1', services: ['elasticache', 'lambda'] };

/** Records each call; a list call can be held until released. */
function fakeApi(calls: string[], opts: { hold?: Promise<void>; failFunctions?: boolean } = {}): ServerApi {
  const list =
    <T>(name: string, items: T[]) =>
    async (): Promise<T[]> => {
      calls.push(name);
      await opts.hold;
      return items;
    };
  const no = () => Promise.reject(new Error('not in this test'));
  return {
    listCacheClusters: list('clusters', [{ id: 'c1', status: 'available', engine: 'redis' }]),
    listReplicationGroups: list('groups', []),
    listServerlessCaches: list('serverless', []),
    listFunctions: opts.failFunctions
      ? async () => {
          calls.push('functions');
          throw new Error('ServiceException: down');
        }
      : list('functions', [{ name: 'f1', runtime: 'nodejs20.x' }]),
    listInstances: list('instances', []),
    listDbInstances: list('dbs', []),
    rebootCacheCluster: no,
    deleteCacheCluster: no,
    deleteReplicationGroup: no,
    deleteFunction: no,
    stopInstance: no,
    startInstance: no,
    rebootInstance: no,
    terminateInstance: no,
    invoke: no,
    createCacheCluster: no,
    runInstance: no,
    createFunction: no,
    close: () => calls.push('close'),
  };
}

/** Introspection that answers 404 everywhere (an older server): labels would tie. */
const noRoutes = (endpoint: string) => new Introspection(endpoint, () => Promise.resolve({ status: 404, body: '' }));

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('server inventories', () => {
  it('lists a server at once when it answers, even with every view hidden; then only while a view is visible', async () => {
    const calls: string[] = [];
    const model = new LiveModel();
    const inv = new ServerInventories({
      model,
      log: new ServiceLog(),
      makeApi: async () => fakeApi(calls),
      introspection: noRoutes,
      invokeTimeoutMs: () => 1,
      pollMs: 20,
    });
    inv.update([up]);
    await tick(10);
    // Only the services it offers: no EC2 or RDS calls.
    assert.deepEqual([...calls].sort(), ['clusters', 'functions', 'groups', 'serverless']);
    assert.deepEqual(
      model
        .awsResources()
        .map((a) => a.awsId)
        .sort(),
      ['c1', 'f1'],
    );
    assert.equal(model.snapshot().servers?.[0].listed, true);
    const hidden = inv.listings;
    await tick(80);
    assert.equal(inv.listings, hidden, 'nothing while hidden');
    inv.setVisible(true);
    await tick(80);
    assert.ok(inv.listings >= hidden + 3, `listed while visible (${inv.listings - hidden})`);
    inv.setVisible(false);
    await tick(30);
    const after = inv.listings;
    await tick(80);
    assert.equal(inv.listings, after, 'stopped when hidden again');
    inv.stop();
  });

  it('one listing at a time; a refresh asked for meanwhile runs after it and sees the change', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const hold = new Promise<void>((r) => (release = r));
    const inv = new ServerInventories({
      model: new LiveModel(),
      log: new ServiceLog(),
      makeApi: async () => fakeApi(calls, { hold }),
      introspection: noRoutes,
      invokeTimeoutMs: () => 1,
    });
    inv.update([up]);
    await tick(5);
    const refreshed = inv.refresh(S);
    await tick(5);
    assert.equal(calls.filter((c) => c === 'clusters').length, 1, 'the second waits for the first');
    release();
    await refreshed;
    assert.equal(calls.filter((c) => c === 'clusters').length, 2);
    inv.stop();
  });

  it('a service that fails is said, with its error; the others are listed', async () => {
    const model = new LiveModel();
    const log = new ServiceLog();
    const inv = new ServerInventories({
      model,
      log,
      makeApi: async () => fakeApi([], { failFunctions: true }),
      introspection: noRoutes,
      invokeTimeoutMs: () => 1,
    });
    inv.update([up]);
    await inv.refresh(S);
    assert.deepEqual(model.snapshot().servers?.[0].listingErrors, [{ service: 'lambda', error: 'ServiceException: down' }]);
    assert.deepEqual(
      model.awsResources().map((a) => a.awsId),
      ['c1'],
    );
    inv.stop();
  });

  it('a server that stops answering is forgotten: its resources leave the model, its API is closed', async () => {
    const calls: string[] = [];
    const model = new LiveModel();
    const inv = new ServerInventories({
      model,
      log: new ServiceLog(),
      makeApi: async () => fakeApi(calls),
      introspection: noRoutes,
      invokeTimeoutMs: () => 1,
    });
    inv.update([up]);
    await inv.refresh(S);
    assert.equal(model.awsResources().length, 2);
    inv.update([{ endpoint: S, state: 'unreachable', error: 'connection refused' }]);
    await tick(5);
    assert.equal(model.awsResources().length, 0);
    assert.ok(calls.includes('close'));
    assert.equal(model.snapshot().servers?.[0].listed, undefined);
    inv.stop();
  });
});
