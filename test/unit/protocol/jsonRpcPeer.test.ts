import * as assert from 'node:assert/strict';
import { Duplex, PassThrough } from 'node:stream';
import { JsonRpcPeer, RpcError } from '../../../src/protocol/jsonRpcPeer';
import { LineFramer } from '../../../src/protocol/lineFramer';
import { ErrorCodes } from '../../../src/protocol/rpc';

function pair(): [Duplex, Duplex] {
  const ab = new PassThrough();
  const ba = new PassThrough();
  return [Duplex.from({ readable: ba, writable: ab }), Duplex.from({ readable: ab, writable: ba })];
}

describe('JSON-RPC peer', () => {
  it('answers requests, carries errors with codes, delivers notifications', async () => {
    const [a, b] = pair();
    const notes: unknown[] = [];
    const server = new JsonRpcPeer(b, async (method, params) => {
      if (method === 'add') return (params as number[])[0] + (params as number[])[1];
      throw new RpcError(ErrorCodes.InvalidParams, 'nope');
    }, () => undefined);
    const client = new JsonRpcPeer(a, async () => null, (m, p) => notes.push([m, p]));
    assert.equal(await client.request('add', [2, 3]), 5);
    await assert.rejects(client.request('other', {}), (e: RpcError) => e.code === ErrorCodes.InvalidParams && e.message === 'nope');
    server.notify('tick', { n: 1 });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(notes, [['tick', { n: 1 }]]);
    client.close();
  });

  it('times a request out with a clear error', async () => {
    const [a, b] = pair();
    new JsonRpcPeer(b, () => new Promise(() => undefined), () => undefined);
    const client = new JsonRpcPeer(a, async () => null, () => undefined);
    await assert.rejects(client.request('slow', {}, 30), /slow timed out after 30 ms/);
    client.close();
  });

  it('rejects pending requests when the connection closes', async () => {
    const [a, b] = pair();
    const server = new JsonRpcPeer(b, () => new Promise(() => undefined), () => undefined);
    const client = new JsonRpcPeer(a, async () => null, () => undefined);
    const p = client.request('hang', {});
    server.close();
    await assert.rejects(p, /^RpcError: hang: |hang: /);
    assert.equal(client.isClosed, true);
  });

  it('the framer refuses a line past its limit', () => {
    const f = new LineFramer(10);
    assert.deepEqual(f.push('abc\nde'), ['abc']);
    assert.throws(() => f.push('x'.repeat(20)), /longer than 10 bytes/);
  });
});
