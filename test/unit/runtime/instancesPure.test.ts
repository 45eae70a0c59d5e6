// Instances: user data checks, tags, EC2 state names, and the container an instance runs as.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ec2StateOf, parseTags, userDataBase64, validateInstanceName } from '../../../src/protocol/instances';
import {
  BOOT_SCRIPT,
  bootCommand,
  instanceContainerOptions,
  newInstanceId,
  type InstanceSpec,
} from '../../../src/service/runtime/instances/instanceSpec';

const spec = (over: Partial<InstanceSpec> = {}): InstanceSpec => ({
  instanceId: 'i-0123456789abcdef0',
  name: 'web',
  tags: { team: 'payments' },
  image: 'amazonlinux:2023',
  networkMode: 'bridge',
  desired: 'running',
  createdAt: '',
  ...over,
});

describe('instance user data', () => {
  it('text is encoded; base64 is checked strictly, whitespace allowed', () => {
    assert.deepEqual(userDataBase64({ text: 'echo hi' }), { base64: 'ZWNobyBoaQ==' });
    assert.deepEqual(userDataBase64({ base64: 'ZWNo\nbyBo aQ==\n' }), { base64: 'ZWNobyBoaQ==' });
    assert.match((userDataBase64({ base64: 'ZWNobyBoaQ=*' }) as { error: string }).error, /contains "\*"/);
    assert.match((userDataBase64({ base64: 'ZWNobyBoaQ' }) as { error: string }).error, /multiple of 4/);
    assert.match((userDataBase64({ base64: 'ZW=obyBoaQ==' }) as { error: string }).error, /padding/);
    assert.match((userDataBase64({ text: '' }) as { error: string }).error, /empty/);
  });
  it('refuses more than EC2’s 16 KB, counted in bytes', () => {
    assert.ok('base64' in userDataBase64({ text: 'x'.repeat(16 * 1024) }));
    assert.match((userDataBase64({ text: 'é'.repeat(8 * 1024 + 1) }) as { error: string }).error, /16386 bytes/);
    assert.match((userDataBase64({ base64: Buffer.alloc(16 * 1024 + 3).toString('base64') }) as { error: string }).error, /decoded/);
  });
});

describe('instance names and tags', () => {
  it('the Name tag: one line, not empty', () => {
    assert.equal(validateInstanceName('web server 1'), undefined);
    assert.match(validateInstanceName(' ') ?? '', /Enter a name/);
    assert.match(validateInstanceName('a\nb') ?? '', /One line/);
  });
  it('tags as key=value, reserved and duplicate keys refused', () => {
    assert.deepEqual(parseTags('team=web, env = dev ,empty='), { tags: { team: 'web', env: 'dev', empty: '' } });
    assert.match((parseTags('novalue') as { error: string }).error, /not key=value/);
    assert.match((parseTags('aws:x=1') as { error: string }).error, /reserved/);
    assert.match((parseTags('Name=x') as { error: string }).error, /Name tag/);
    // Spaces between tags are a slip: refused with the commas it needs, never one tag "dev team=nc".
    assert.deepEqual(parseTags('env=dev team=nc'), { error: 'separate tags with commas: "env=dev, team=nc"' });
    assert.deepEqual(parseTags('note=two words'), { tags: { note: 'two words' } });
    assert.match((parseTags('a=1,a=2') as { error: string }).error, /twice/);
  });
});

describe('EC2 state names', () => {
  it('maps container states, and an operation in flight wins', () => {
    const cases: [string, string | undefined, string][] = [
      ['created', undefined, 'pending'],
      ['running', undefined, 'running'],
      ['restarting', undefined, 'pending'],
      ['exited', undefined, 'stopped'],
      ['paused', undefined, 'stopped'],
      ['removing', undefined, 'shutting-down'],
      ['dead', undefined, 'terminated'],
      ['running', 'stopping', 'stopping'],
      ['running', 'terminating', 'shutting-down'],
      ['exited', 'starting', 'pending'],
      ['running', 'rebooting', 'running'],
    ];
    for (const [state, busy, want] of cases) {
      const r = { state, ...(busy ? { busy } : {}) } as Parameters<typeof ec2StateOf>[0];
      assert.equal(ec2StateOf(r), want, `${state}/${busy}`);
    }
  });
});

describe('instance container', () => {
  it('ids look like EC2’s', () => {
    assert.match(newInstanceId(), /^i-0[0-9a-f]{16}$/);
    assert.notEqual(newInstanceId(), newInstanceId());
  });
  it('boots with the user data as an argument, kept alive by tail, labelled like fakecloud’s but ours', () => {
    const o = instanceContainerOptions(spec({ userData: 'ZWNobyBoaQ==' }));
    assert.equal(o.name, 'fakecloud-explorer-ec2-i-0123456789abcdef0');
    assert.deepEqual(o.entrypoint, []);
    assert.deepEqual(o.cmd, ['sh', '-c', BOOT_SCRIPT, 'fakecloud-boot', 'ZWNobyBoaQ==']);
    assert.match(BOOT_SCRIPT, /base64 -d/);
    assert.match(BOOT_SCRIPT, /tail -f \/dev\/null & wait/);
    assert.equal(o.labels['fakecloud-ec2'], 'i-0123456789abcdef0');
    assert.equal(o.labels['fakecloud-managed-by'], 'fakecloud-explorer');
    assert.equal(o.labels['fakecloud-explorer.name'], 'web');
    assert.equal(o.labels['fakecloud-explorer.tag.team'], 'payments');
    assert.equal(o.labels['fakecloud-instance'], undefined);
    assert.equal(o.hostname, 'i-0123456789abcdef0');
    assert.equal(instanceContainerOptions(spec({ networkMode: 'host' })).hostname, undefined, 'the host network keeps the host’s name');
    assert.deepEqual(bootCommand(undefined).slice(3), ['fakecloud-boot', '']);
  });
  it('the boot script parses as sh', () => {
    execFileSync('sh', ['-n', '-c', BOOT_SCRIPT]);
  });
});
