// Inspect masks what looks like a secret, in a container's Env and a Pod's containers, and nothing else.
import * as assert from 'node:assert/strict';
import { looksSecret, MASK, maskInspect } from '../../../src/service/runtime/inspectMask';

describe('inspect masking', () => {
  it('names that say password, secret, token, key or credential', () => {
    for (const n of [
      'REDIS_PASSWORD',
      'DB_PASS',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_TOKEN',
      'api-key',
      'PRIVATE_KEY',
      'GOOGLE_CREDENTIALS',
      'AUTH',
    ])
      assert.ok(looksSecret(n), n);
    for (const n of ['PATH', 'HOME', 'REDIS_PORT', 'LANG', 'AWS_REGION', 'HOSTNAME']) assert.ok(!looksSecret(n), n);
  });
  it("a container's Env: values masked, names kept, the rest untouched, the original unchanged", () => {
    const doc = { Id: 'abc', Config: { Env: ['PATH=/usr/bin', 'REDIS_PASSWORD=hunter2', 'EMPTY_TOKEN=', 'NOEQUALS'], Image: 'redis' } };
    const { object, masked } = maskInspect(doc);
    assert.equal(masked, 1);
    assert.deepEqual((object as typeof doc).Config.Env, ['PATH=/usr/bin', `REDIS_PASSWORD=${MASK}`, 'EMPTY_TOKEN=', 'NOEQUALS']);
    assert.equal(doc.Config.Env[1], 'REDIS_PASSWORD=hunter2');
    assert.equal((object as typeof doc).Id, 'abc');
  });
  it("a Pod's containers and init containers: values masked, references to Secrets kept", () => {
    const pod = {
      spec: {
        containers: [
          {
            env: [
              { name: 'API_TOKEN', value: 't0k' },
              { name: 'PORT', value: '6379' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } },
            ],
          },
        ],
        initContainers: [{ env: [{ name: 'SECRET', value: 'x' }] }],
      },
    };
    const { object, masked } = maskInspect(pod);
    const o = object as typeof pod;
    assert.equal(masked, 2);
    assert.equal(o.spec.containers[0].env[0].value, MASK);
    assert.equal(o.spec.containers[0].env[1].value, '6379');
    assert.deepEqual(o.spec.containers[0].env[2], { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } });
    assert.equal(o.spec.initContainers[0].env[0].value, MASK);
  });
});
