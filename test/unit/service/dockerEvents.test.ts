import * as assert from 'node:assert/strict';
import { DockerEventParser, isRelevant } from '../../../src/service/backends/docker/dockerEvents';
import { patchFromEvent } from '../../../src/service/backends/docker/dockerDiscovery';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { container } from '../../support/fixtures';

const ev = (action: string, id: string, attrs: Record<string, string> = {}, time = 1_790_000_000) =>
  JSON.stringify({
    status: action,
    id,
    from: 'redis:7',
    Type: 'container',
    Action: action,
    Actor: { ID: id, Attributes: attrs },
    scope: 'local',
    time,
    timeNano: time * 1e9,
  });

describe('Docker events parser', () => {
  it('parses one event per line', () => {
    const p = new DockerEventParser();
    const out = p.push(ev('die', 'abc', { exitCode: '137', name: 'x' }) + '\n');
    assert.equal(out.length, 1);
    assert.deepEqual(
      { type: out[0].type, action: out[0].action, id: out[0].id, exit: out[0].attributes.exitCode, time: out[0].time },
      { type: 'container', action: 'die', id: 'abc', exit: '137', time: 1_790_000_000 },
    );
  });

  it('joins an event split across chunks, at every split point', () => {
    const line = ev('start', 'c1', { name: 'n' }) + '\n';
    for (let cut = 1; cut < line.length; cut++) {
      const p = new DockerEventParser();
      const a = p.push(line.slice(0, cut));
      const b = p.push(line.slice(cut));
      assert.deepEqual(
        [...a, ...b].map((e) => e.id),
        ['c1'],
        `cut at ${cut}`,
      );
    }
  });

  it('splits several events in one chunk, with a partial one at the end', () => {
    const p = new DockerEventParser();
    const chunk = ev('create', 'a') + '\n' + ev('start', 'a') + '\n' + ev('die', 'a').slice(0, 20);
    assert.deepEqual(
      p.push(Buffer.from(chunk)).map((e) => e.action),
      ['create', 'start'],
    );
    assert.deepEqual(
      p.push(ev('die', 'a').slice(20) + '\r\n').map((e) => e.action),
      ['die'],
    );
  });

  it('counts malformed lines instead of failing, and flushes a last line without newline', () => {
    const p = new DockerEventParser();
    assert.deepEqual(p.push('not json\n{"Type":"container"}\n'), []);
    assert.equal(p.malformed, 2);
    p.push(ev('destroy', 'z'));
    assert.deepEqual(
      p.end().map((e) => e.action),
      ['destroy'],
    );
  });

  it('keeps multi-byte characters intact across chunk boundaries', () => {
    const p = new DockerEventParser();
    const line = Buffer.from(ev('rename', 'r', { name: 'café-ü' }) + '\n');
    const idx = line.indexOf(Buffer.from('é')) + 1; // inside the two-byte é
    const out = [...p.push(line.subarray(0, idx)), ...p.push(line.subarray(idx))];
    assert.equal(out[0].attributes.name, 'café-ü');
  });

  it('tells relevant container actions from noise', () => {
    const p = new DockerEventParser();
    const [die, exec, health, net] = p.push(
      [
        ev('die', 'a'),
        ev('exec_start: sh', 'a'),
        ev('health_status: healthy', 'a'),
        JSON.stringify({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } }),
      ].join('\n') + '\n',
    );
    assert.equal(isRelevant(die), true);
    assert.equal(isRelevant(exec), false);
    assert.equal(isRelevant(health), true);
    assert.equal(isRelevant(net), false);
  });
});

describe('patching a resource from an event', () => {
  const [base] = resourcesFromContainers([container({ 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-1' }, { Id: 'abc' })]);
  const parse = (line: string) => new DockerEventParser().push(line + '\n')[0];

  it('die → exited with the exit code', () => {
    const r = patchFromEvent(base, parse(ev('die', base.containerId, { exitCode: '143' })));
    assert.ok(r && r !== 'removed');
    assert.equal(r.state, 'exited');
    assert.equal(r.exitCode, 143);
    assert.equal(base.state, 'running', 'the original is not mutated');
  });

  it('destroy → removed; start → running; pause; health', () => {
    assert.equal(patchFromEvent(base, parse(ev('destroy', base.containerId))), 'removed');
    const stopped = { ...base, state: 'exited' as const, exitCode: 0 };
    const started = patchFromEvent(stopped, parse(ev('start', base.containerId)));
    assert.ok(started && started !== 'removed' && started.state === 'running' && started.exitCode === undefined);
    const paused = patchFromEvent(base, parse(ev('pause', base.containerId)));
    assert.ok(paused && paused !== 'removed' && paused.state === 'paused');
    const unhealthy = patchFromEvent(base, parse(ev('health_status: unhealthy', base.containerId)));
    assert.ok(unhealthy && unhealthy !== 'removed' && unhealthy.health === 'unhealthy');
  });

  it('a published endpoint is dropped on die and start: the engine picks a new host port at each start', () => {
    const pub = { ...base, endpoint: { host: '127.0.0.1', port: 32768, via: 'published' as const } };
    for (const action of ['die', 'start', 'restart']) {
      const r = patchFromEvent(pub, parse(ev(action, base.containerId)));
      assert.ok(r && r !== 'removed');
      assert.equal(r.endpoint, undefined, action);
    }
    const unpaused = patchFromEvent(pub, parse(ev('unpause', base.containerId)));
    assert.ok(unpaused && unpaused !== 'removed');
    assert.deepEqual(unpaused.endpoint, pub.endpoint, 'an unpause keeps its port');
    const hostNet = { ...base, endpoint: { host: '127.0.0.1', port: 6379, via: 'host-network' as const } };
    const restarted = patchFromEvent(hostNet, parse(ev('restart', base.containerId)));
    assert.ok(restarted && restarted !== 'removed');
    assert.deepEqual(restarted.endpoint, hostNet.endpoint, 'a host-network port is the engine’s own and stays');
  });

  it('an unknown container or an event that does not tell gives nothing', () => {
    assert.equal(patchFromEvent(undefined, parse(ev('die', 'x'))), undefined);
    assert.equal(patchFromEvent(base, parse(ev('create', base.containerId))), undefined);
  });
});
