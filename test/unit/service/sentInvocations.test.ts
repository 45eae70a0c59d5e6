import * as assert from 'node:assert/strict';
import type { Invocation } from '../../../src/protocol/aws';
import { SENT_BYTES_LIMIT, SENT_LIMIT, SENT_SOURCE, SentInvocations } from '../../../src/service/fakecloud/sentInvocations';

const S = 'http://127.0.0.1:4566';
const arn = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;
const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, s));
const logged = (n: string, payload: string, s: number, source = 'sqs'): Invocation => ({
  functionArn: arn(n),
  payload,
  source,
  timestamp: at(s).toISOString(),
});

describe('invocations sent from here, merged with the server’s log', () => {
  it('adds the invokes a server did not log (one that logs only its event sources), oldest first', () => {
    const sent = new SentInvocations();
    sent.record(S, arn('f'), '{"n":1}', at(5));
    const merged = sent.merge(S, [logged('f', '{"from":"queue"}', 2)]);
    assert.deepEqual(
      merged.map((i) => [i.payload, i.source]),
      [
        ['{"from":"queue"}', 'sqs'],
        ['{"n":1}', SENT_SOURCE],
      ],
    );
  });

  it('leaves ours out where the server logged the same invoke itself', () => {
    const sent = new SentInvocations();
    sent.record(S, arn('f'), '{"n":1}', at(5));
    const merged = sent.merge(S, [logged('f', '{"n":1}', 6, 'lambda-api')]);
    assert.deepEqual(
      merged.map((i) => i.source),
      ['lambda-api'],
    );
    // The same payload long after is another invoke.
    assert.equal(sent.merge(S, [logged('f', '{"n":1}', 50, 'lambda-api')]).length, 2);
  });

  it('one function’s by its name, one server’s only; forgotten with a reset; bounded', () => {
    const sent = new SentInvocations();
    sent.record(S, arn('f'), '1', at(1));
    sent.record(S, arn('g'), '2', at(2));
    sent.record('http://127.0.0.1:4567', arn('f'), '3', at(3));
    assert.deepEqual(
      sent.merge(S, [], 'f').map((i) => i.payload),
      ['1'],
    );
    sent.forget(S);
    assert.deepEqual(sent.merge(S, []), []);
    assert.equal(sent.merge('http://127.0.0.1:4567', []).length, 1);
    for (let i = 0; i < SENT_LIMIT + 10; i++) sent.record(S, arn('f'), String(i), at(i % 60));
    const kept = sent.merge(S, []);
    assert.equal(kept.length, SENT_LIMIT);
    assert.ok(!kept.some((i) => i.payload === '0'), 'the oldest went first');
  });

  it('keeps at most its byte limit of payloads, the newest always', () => {
    const sent = new SentInvocations();
    const big = 'x'.repeat(SENT_BYTES_LIMIT / 2 + 1);
    sent.record(S, arn('f'), `a${big}`, at(1));
    sent.record(S, arn('f'), `b${big}`, at(2));
    assert.deepEqual(
      sent.merge(S, []).map((i) => i.payload[0]),
      ['b'],
    );
    sent.record(S, arn('f'), `c${'x'.repeat(SENT_BYTES_LIMIT * 2)}`, at(3));
    assert.deepEqual(
      sent.merge(S, []).map((i) => i.payload[0]),
      ['c'],
    );
  });
});
