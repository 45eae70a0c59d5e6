// A key as a document and back: every type round-trips through its document; what cannot be saved says why; the
// digest changes with the value, not with the order a set or hash came in.
import * as assert from 'node:assert/strict';
import {
  keyDigest,
  NEW_KEY_TEMPLATES,
  newKeyPlan,
  parseTtl,
  toDocument,
  writePlan,
  type KeyValue,
} from '../../../src/protocol/keyDocument';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('a key as a document', () => {
  it('a string: JSON pretty-printed (saved back compact), other text as it is, bytes escaped and read-only', () => {
    const json = toDocument({ type: 'string', value: b('{"a":[1,2]}') });
    assert.deepEqual(json, { text: '{\n  "a": [\n    1,\n    2\n  ]\n}\n', language: 'json', json: true });
    assert.deepEqual(writePlan('k', 'string', json.text, true, -1), { commands: [['SET', 'k', '{"a":[1,2]}']] });
    assert.deepEqual(toDocument({ type: 'string', value: b('42') }), { text: '42', language: 'plaintext' });
    const bin = toDocument({ type: 'string', value: Buffer.from([0x61, 0xff, 0x00]) });
    assert.equal(bin.text, 'a\\xff\\x00');
    assert.match(bin.readOnly ?? '', /not UTF-8/);
    assert.match((writePlan('k', 'string', '{oops', true, -1) as { error: string }).error, /not valid JSON/);
  });

  it('a hash, a list, a set and a sorted set round-trip, keeping a TTL', () => {
    const cases: [KeyValue, string[][]][] = [
      [
        {
          type: 'hash',
          value: [
            [b('apples'), b('3')],
            [b('pears'), b('1')],
          ],
        },
        [
          ['DEL', 'k'],
          ['HSET', 'k', 'apples', '3', 'pears', '1'],
        ],
      ],
      [
        { type: 'list', value: [b('b'), b('a')] },
        [
          ['DEL', 'k'],
          ['RPUSH', 'k', 'b', 'a'],
        ],
      ],
      [
        { type: 'set', value: [b('y'), b('x')] },
        [
          ['DEL', 'k'],
          ['SADD', 'k', 'x', 'y'],
        ],
      ],
      [
        {
          type: 'zset',
          value: [
            [b('low'), '1'],
            [b('high'), '2.5'],
          ],
        },
        [
          ['DEL', 'k'],
          ['ZADD', 'k', '1', 'low', '2.5', 'high'],
        ],
      ],
    ];
    for (const [v, commands] of cases) {
      const doc = toDocument(v);
      assert.equal(doc.readOnly, undefined, v.type);
      assert.deepEqual(writePlan('k', v.type, doc.text, false, 5000), { commands: [...commands, ['PEXPIRE', 'k', '5000']] }, v.type);
    }
  });

  it('refuses what its type cannot hold, saying which item; an emptied one deletes the key', () => {
    assert.match((writePlan('k', 'hash', '{"a": {"b": 1}}', false, -1) as { error: string }).error, /field "a": a hash holds strings/);
    assert.match((writePlan('k', 'list', '[1, 2]', false, -1) as { error: string }).error, /a list is a JSON array of strings/);
    assert.match((writePlan('k', 'zset', '[{"member": "a", "score": "x"}]', false, -1) as { error: string }).error, /item 1/);
    assert.deepEqual(writePlan('k', 'set', '[]', false, 9000), { commands: [['DEL', 'k']] });
  });

  it('a stream is shown, never rewritten', () => {
    const doc = toDocument({ type: 'stream', value: [['1-0', [[b('k'), b('v')]]]] });
    assert.equal(doc.text, '[\n  {\n    "id": "1-0",\n    "fields": {\n      "k": "v"\n    }\n  }\n]\n');
    assert.match(doc.readOnly ?? '', /XADD/);
    assert.ok('error' in writePlan('k', 'stream', doc.text, false, -1));
  });

  it('the digest follows the value, not the order a set or a hash was read in', () => {
    const s1 = keyDigest({ type: 'set', value: [b('a'), b('b')] });
    assert.equal(s1, keyDigest({ type: 'set', value: [b('b'), b('a')] }));
    assert.notEqual(s1, keyDigest({ type: 'set', value: [b('a'), b('c')] }));
    assert.notEqual(keyDigest({ type: 'list', value: [b('a'), b('b')] }), keyDigest({ type: 'list', value: [b('b'), b('a')] }));
    // Lengths are part of it: ["ab"] is not ["a", "b"].
    assert.notEqual(keyDigest({ type: 'list', value: [b('ab')] }), keyDigest({ type: 'list', value: [b('a'), b('b')] }));
  });
});

describe('a new key', () => {
  it("every type's template makes a key; the time to live follows as EXPIRE", () => {
    for (const [type, doc] of Object.entries(NEW_KEY_TEMPLATES)) {
      const plan = newKeyPlan('k', type as KeyValue['type'], type === 'string' ? 'hello' : doc, 60);
      assert.ok('commands' in plan, `${type}: ${JSON.stringify(plan)}`);
      assert.ok(!plan.commands.some((c) => c[0] === 'DEL'), `${type}: a new key never deletes`);
      assert.deepEqual(plan.commands.at(-1), ['EXPIRE', 'k', '60'], type);
    }
    assert.deepEqual(newKeyPlan('s', 'stream', '{"event": "signup", "n": 3}', 0), {
      commands: [['XADD', 's', '*', 'event', 'signup', 'n', '3']],
    });
    assert.deepEqual(newKeyPlan('z', 'zset', '[{"member": "a", "score": 2.5}]', 0), { commands: [['ZADD', 'z', '2.5', 'a']] });
  });

  it('an empty or misshapen value is refused, saying what is wanted', () => {
    assert.match((newKeyPlan('h', 'hash', '{}', 0) as { error: string }).error, /at least one field/);
    assert.match((newKeyPlan('l', 'list', '[]', 0) as { error: string }).error, /at least one member/);
    assert.match((newKeyPlan('s', 'stream', '{}', 0) as { error: string }).error, /at least one field/);
    assert.match((newKeyPlan('s', 'stream', '[1]', 0) as { error: string }).error, /JSON object/);
    assert.match((newKeyPlan('h', 'hash', '{"a": {"b": 1}}', 0) as { error: string }).error, /field "a"/);
    assert.match((newKeyPlan('l', 'set', 'nope', 0) as { error: string }).error, /not valid JSON/);
  });

  it('a time to live is read as seconds or with a unit; nonsense is refused', () => {
    assert.deepEqual(parseTtl(''), { seconds: 0 });
    assert.deepEqual(parseTtl(' 90 '), { seconds: 90 });
    assert.deepEqual(parseTtl('15m'), { seconds: 900 });
    assert.deepEqual(parseTtl('2H'), { seconds: 7200 });
    assert.deepEqual(parseTtl('7d'), { seconds: 604_800 });
    for (const bad of ['0', '-5', '1.5', 'soon', '5 minutes', '99999d']) assert.ok('error' in parseTtl(bad), bad);
  });
});
