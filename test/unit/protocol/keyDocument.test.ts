// A key as a document and back: every type round-trips through its document, a save writes only what changed and
// keeps every other byte; what cannot be shown faithfully is read-only and says why; the digest changes with the
// value, not with the order a set or hash came in.
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
  const plan = (now: KeyValue, text: string, ttl = -1) => writePlan('k', now, text, ttl);
  const commands = (now: KeyValue, text: string, ttl = -1) => {
    const p = plan(now, text, ttl);
    assert.ok('commands' in p, JSON.stringify(p));
    return p.commands;
  };

  it("a JSON string is the user's text: shown and saved as typed, digits, spacing and repeated keys kept", () => {
    const raw = '{"id": 12345678901234567890,\n "a":1, "a":2,   "f": 1.50}';
    const doc = toDocument({ type: 'string', value: b(raw) });
    assert.deepEqual(doc, { text: raw, language: 'json', json: true });
    const now: KeyValue = { type: 'string', value: b(raw) };
    assert.deepEqual(commands(now, doc.text), [], 'saved unchanged: nothing is written');
    const edited = raw.replace('1.50', '2.50');
    assert.deepEqual(commands(now, edited, 5000), [
      ['SET', 'k', edited],
      ['PEXPIRE', 'k', '5000'],
    ]);
    assert.match((plan(now, '{oops') as { error: string }).error, /not valid JSON/);
    assert.deepEqual(toDocument({ type: 'string', value: b('42') }), { text: '42', language: 'plaintext' });
  });

  it('a string an editor would change is read-only and says why: bytes that are not UTF-8, control characters, mixed line endings', () => {
    const bin = toDocument({ type: 'string', value: Buffer.from([0x61, 0xff, 0x00]) });
    assert.equal(bin.text, 'a\\xff\\x00');
    assert.match(bin.readOnly ?? '', /not UTF-8/);
    assert.match(toDocument({ type: 'string', value: b('a\x01b') }).readOnly ?? '', /control characters/);
    assert.match(toDocument({ type: 'string', value: b('one\r\ntwo\nthree') }).readOnly ?? '', /line endings are mixed/);
    assert.match(toDocument({ type: 'string', value: b('one\rtwo') }).readOnly ?? '', /line endings/);
    assert.match(toDocument({ type: 'string', value: b('a\u2028b') }).readOnly ?? '', /separators/);
    for (const fine of ['one\ntwo\n', 'one\r\ntwo\r\n', 'tab\there'])
      assert.equal(toDocument({ type: 'string', value: b(fine) }).readOnly, undefined);
  });

  it('a hash field holding control bytes comes back byte for byte when another field is edited', () => {
    const now: KeyValue = {
      type: 'hash',
      value: [
        [b('ctl'), b('a\x01b')],
        [b('__proto__'), b('x')],
        [b('n'), b('1')],
      ],
    };
    const doc = toDocument(now);
    assert.equal(doc.readOnly, undefined);
    assert.equal(doc.text, '{\n  "ctl": "a\\u0001b",\n  "__proto__": "x",\n  "n": "1"\n}\n');
    assert.deepEqual(commands(now, doc.text), []);
    assert.deepEqual(commands(now, doc.text.replace('"n": "1"', '"n": "2"')), [['HSET', 'k', 'n', '2']]);
    assert.deepEqual(commands(now, doc.text.replace(',\n  "n": "1"', '')), [['HDEL', 'k', 'n']]);
    // A number is kept as typed, not as a double prints it.
    assert.deepEqual(commands(now, doc.text.replace('"n": "1"', '"n": 12345678901234567890')), [
      ['HSET', 'k', 'n', '12345678901234567890'],
    ]);
    assert.match((plan(now, '{"a": "1", "a": "2"}') as { error: string }).error, /"a" is given twice at line 1, column 12/);
    assert.match((plan(now, '{"a": {"b": 1}}') as { error: string }).error, /field "a": a hash holds strings/);
    assert.deepEqual(commands(now, '{}', 9000), [['DEL', 'k']]);
  });

  it('a sorted set with inf and -inf scores is shown and saved; only what changed is written', () => {
    const now: KeyValue = {
      type: 'zset',
      value: [
        [b('bottom'), '-inf'],
        [b('mid'), '2.5'],
        [b('top'), 'inf'],
      ],
    };
    const doc = toDocument(now);
    assert.equal(doc.readOnly, undefined);
    assert.deepEqual(JSON.parse(doc.text), [
      { member: 'bottom', score: '-inf' },
      { member: 'mid', score: 2.5 },
      { member: 'top', score: 'inf' },
    ]);
    assert.deepEqual(commands(now, doc.text), []);
    assert.deepEqual(commands(now, doc.text.replace('2.5', '3')), [['ZADD', 'k', '3', 'mid']]);
    assert.deepEqual(commands(now, doc.text.replace('"-inf"', '-1')), [['ZADD', 'k', '-1', 'bottom']]);
    assert.match((plan(now, '[{"member": "a", "score": 1e999}]') as { error: string }).error, /beyond a double: write "inf"/);
    assert.match((plan(now, '[{"member": "a", "score": "x"}]') as { error: string }).error, /item 1/);
    assert.match((plan(now, '[{"member": "a", "score": 1}, {"member": "a", "score": 2}]') as { error: string }).error, /listed twice/);
  });

  it('a list changes in place, at its end, or (changed in its middle) whole with its TTL kept; a set by its members', () => {
    const list: KeyValue = { type: 'list', value: [b('a'), b('b'), b('c')] };
    assert.deepEqual(commands(list, '["a", "B", "c"]'), [['LSET', 'k', '1', 'B']]);
    assert.deepEqual(commands(list, '["a", "b", "c", "d"]'), [['RPUSH', 'k', 'd']]);
    assert.deepEqual(commands(list, '["a"]'), [['LTRIM', 'k', '0', '0']]);
    assert.deepEqual(commands(list, '["b", "c"]', 5000), [
      ['DEL', 'k'],
      ['RPUSH', 'k', 'b', 'c'],
      ['PEXPIRE', 'k', '5000'],
    ]);
    assert.match((plan(list, '[1, 2]') as { error: string }).error, /a list is a JSON array of strings/);
    const set: KeyValue = { type: 'set', value: [b('y'), b('x')] };
    assert.deepEqual(toDocument(set).text, '[\n  "x",\n  "y"\n]\n');
    assert.deepEqual(commands(set, '["x", "z"]'), [
      ['SREM', 'k', 'y'],
      ['SADD', 'k', 'z'],
    ]);
    assert.deepEqual(commands(set, '[]', 9000), [['DEL', 'k']]);
  });

  it('bytes that are not UTF-8 in a container make it read-only', () => {
    for (const v of [
      { type: 'hash', value: [[b('f'), Buffer.from([0xff])]] },
      { type: 'list', value: [Buffer.from([0xc3])] },
      { type: 'zset', value: [[Buffer.from([0xfe]), '1']] },
    ] as KeyValue[])
      assert.match(toDocument(v).readOnly ?? '', /not UTF-8/, v.type);
  });

  it('a stream is shown, never rewritten', () => {
    const doc = toDocument({ type: 'stream', value: [['1-0', [[b('k'), b('v')]]]] });
    assert.equal(doc.text, '[\n  {\n    "id": "1-0",\n    "fields": {\n      "k": "v"\n    }\n  }\n]\n');
    assert.match(doc.readOnly ?? '', /XADD/);
    assert.ok('error' in writePlan('k', { type: 'stream', value: [] }, doc.text, -1));
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
