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
    const server = new JsonRpcPeer(
      b,
      async (method, params) => {
        if (method === 'add') return (params as number[])[0] + (params as number[])[1];
        throw new RpcError(ErrorCodes.InvalidParams, 'nope');
      },
      () => undefined,
    );
    const client = new JsonRpcPeer(
      a,
      async () => null,
      (m, p) => notes.push([m, p]),
    );
    assert.equal(await client.request('add', [2, 3]), 5);
    await assert.rejects(client.request('other', {}), (e: RpcError) => e.code === ErrorCodes.InvalidParams && e.message === 'nope');
    server.notify('tick', { n: 1 });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(notes, [['tick', { n: 1 }]]);
    client.close();
  });

  it('a request longer than the other side takes is refused before it is sent, and the connection lives on', async () => {
    const [a, b] = pair();
    const got: string[] = [];
    const server = new JsonRpcPeer(
      b,
      async (method) => (got.push(method), 'ok'),
      () => undefined,
    );
    server.setInputLimits({ maxLineBytes: 1024 });
    const client = new JsonRpcPeer(
      a,
      async () => null,
      () => undefined,
    );
    client.setRequestLimit(1024);
    await assert.rejects(
      client.request('cache/keyWrite', { text: 'x'.repeat(2 * 1024 * 1024) }),
      (e: RpcError) =>
        e.code === ErrorCodes.InvalidParams &&
        /^cache\/keyWrite: the request is 2\.0 MB, more than the 0\.0 MB .*nothing was sent$/.test(e.message),
    );
    assert.equal(await client.request('small', {}), 'ok');
    assert.deepEqual(got, ['small']);
    assert.equal(client.isClosed, false);
    client.close();
  });

  it('times a request out with a clear error', async () => {
    const [a, b] = pair();
    new JsonRpcPeer(
      b,
      () => new Promise(() => undefined),
      () => undefined,
    );
    const client = new JsonRpcPeer(
      a,
      async () => null,
      () => undefined,
    );
    await assert.rejects(client.request('slow', {}, 30), /slow timed out after 30 ms/);
    client.close();
  });

  it('rejects pending requests when the connection closes', async () => {
    const [a, b] = pair();
    const server = new JsonRpcPeer(
      b,
      () => new Promise(() => undefined),
      () => undefined,
    );
    const client = new JsonRpcPeer(
      a,
      async () => null,
      () => undefined,
    );
    const p = client.request('hang', {});
    server.close();
    await assert.rejects(p, /^RpcError: hang: |hang: /);
    assert.equal(client.isClosed, true);
  });

  it('answers a bare null, number, string or array with -32600 and goes on with the rest of the chunk', async () => {
    const [a, b] = pair();
    const seen: string[] = [];
    new JsonRpcPeer(
      b,
      async (m) => (seen.push(m), 'ok'),
      () => undefined,
    );
    const replies: unknown[] = [];
    const framer = new LineFramer();
    a.on('data', (d: Buffer) => replies.push(...framer.push(d).map((l) => JSON.parse(l) as unknown)));
    a.write(
      [
        'null',
        '1',
        '"x"',
        '[]',
        '{"jsonrpc":"2.0","id":5,"method":7}',
        '{"jsonrpc":"2.0","id":{},"method":"m"}',
        '{"jsonrpc":"2.0","id":"s-1","method":"ping"}',
      ].join('\n') + '\n',
    );
    await new Promise((r) => setTimeout(r, 20));
    const codes = replies.map((r) => (r as { error?: { code: number } }).error?.code);
    assert.deepEqual(codes.slice(0, 6), [-32600, -32600, -32600, -32600, -32600, -32600]);
    assert.equal((replies[4] as { id: unknown }).id, 5, 'a bad request with a usable id is answered with it');
    assert.deepEqual(replies[6], { jsonrpc: '2.0', id: 's-1', result: 'ok' }, 'a string id is answered with the same id');
    assert.deepEqual(seen, ['ping']);
  });

  it('closes a peer that sends more than its limits allow', async () => {
    const [a, b] = pair();
    const server = new JsonRpcPeer(
      b,
      async () => 'ok',
      () => undefined,
    );
    server.setInputLimits({ maxLineBytes: 100, maxTotalBytes: 1000 });
    let why = '';
    server.onClose((e) => (why = e.message));
    a.on('error', () => undefined);
    for (let i = 0; i < 20; i++) a.write('{"jsonrpc":"2.0","method":"n"}\n'.padStart(80, ' '));
    await new Promise((r) => setTimeout(r, 20));
    assert.match(why, /more than 1000 bytes/);
    const [c, d] = pair();
    const other = new JsonRpcPeer(
      d,
      async () => 'ok',
      () => undefined,
    );
    other.setInputLimits({ maxLineBytes: 100 });
    other.onClose((e) => (why = e.message));
    c.on('error', () => undefined);
    c.write('x'.repeat(150));
    await new Promise((r) => setTimeout(r, 20));
    assert.match(why, /line longer than 100 bytes/);
  });

  it('frames a 32 MB line sent in 16 KB pieces in one pass (no rescanning what was seen)', () => {
    const f = new LineFramer();
    const piece = Buffer.alloc(16 * 1024, 0x61);
    for (let i = 0; i < 2048; i++) assert.deepEqual(f.push(piece), []);
    const [line] = f.push('é\nnext');
    assert.equal(line.length, 32 * 1024 * 1024 + 1);
    assert.ok(line.endsWith('aé'));
    assert.equal(f.flush(), 'next');
  });

  it('decodes a character split across chunks', () => {
    const f = new LineFramer();
    const bytes = Buffer.from('añb\n');
    assert.deepEqual(f.push(bytes.subarray(0, 2)), []);
    assert.deepEqual(f.push(bytes.subarray(2)), ['añb']);
  });

  it('the framer refuses a line past its limit', () => {
    const f = new LineFramer(10);
    assert.deepEqual(f.push('abc\nde'), ['abc']);
    assert.throws(() => f.push('x'.repeat(20)), /longer than 10 bytes/);
  });
});
