// The service's command line and what each part reads from its settings.
import * as assert from 'node:assert/strict';
import { parseServiceArgs } from '../../../src/service/serviceArgs';
import {
  cacheSettingsOf,
  defaultServiceSettings,
  functionSettingsOf,
  podSettingsOf,
  reconcileSettingsOf,
  updateSettingsOf,
} from '../../../src/service/serviceSettings';

describe('service arguments', () => {
  it('reads the idle timeout, the Docker host and --foreground; defaults otherwise', () => {
    assert.deepEqual(parseServiceArgs([]), { idleTimeoutSeconds: 300, foreground: false, help: false });
    assert.deepEqual(parseServiceArgs(['--idle-timeout', '0', '--docker-host', 'tcp://127.0.0.1:2375', '--foreground']), {
      idleTimeoutSeconds: 0,
      dockerHost: 'tcp://127.0.0.1:2375',
      foreground: true,
      help: false,
    });
    assert.equal(parseServiceArgs(['-h']).help, true);
  });
  it('says which argument is wrong', () => {
    assert.throws(() => parseServiceArgs(['--idle-timeout']), /--idle-timeout needs a value/);
    assert.throws(() => parseServiceArgs(['--idle-timeout', '-5']), /--idle-timeout takes seconds from 0 \(never\) to \d+/);
    assert.throws(() => parseServiceArgs(['--verbose']), /unknown argument --verbose/);
  });
});

describe('service settings', () => {
  it('in milliseconds, with the defaults a fresh service starts with', () => {
    const s = defaultServiceSettings();
    assert.deepEqual(cacheSettingsOf(s), {
      redisImage: 'redis:7-alpine',
      memcachedImage: 'memcached:1.6-alpine',
      networkMode: 'bridge',
      readinessTimeoutMs: 20_000,
    });
    assert.equal(functionSettingsOf({ ...s, invokeTimeoutSeconds: 5 }).invokeTimeoutMs, 5_000);
    assert.deepEqual(reconcileSettingsOf(s), { intervalMs: 30_000, repairFakecloud: false });
    assert.deepEqual(updateSettingsOf(s).health, { timeoutMs: 120_000, graceMs: 10_000, pollMs: 1000, maxProbeErrors: 3 });
  });
  it('a fresh copy each time: one service’s changes never reach the defaults', () => {
    const a = defaultServiceSettings();
    a.update!.graceSeconds = 1;
    a.functionImages!['nodejs20.x'] = 'mine';
    assert.equal(defaultServiceSettings().update!.graceSeconds, 10);
    assert.notEqual(defaultServiceSettings().functionImages!['nodejs20.x'], 'mine');
  });
  it('a Pod’s scheduling: the service’s own over the global, with the pull secret', () => {
    const s = {
      ...defaultServiceSettings(),
      kubernetes: {
        enabled: true,
        pullSecret: 'regcred',
        scheduling: { nodeSelector: { zone: 'a', disk: 'ssd' } },
        schedulingByService: { elasticache: { nodeSelector: { zone: 'b' } } },
      },
    };
    const p = podSettingsOf(s, 'elasticache');
    assert.deepEqual(p.base.nodeSelector, { zone: 'b', disk: 'ssd' });
    assert.equal(p.pullSecret, 'regcred');
    assert.deepEqual(podSettingsOf(s, 'lambda').base.nodeSelector, { zone: 'a', disk: 'ssd' });
  });
});
