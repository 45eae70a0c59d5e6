// RESP, binary-safe: commands out, replies in from a stream split anywhere; INFO keyspace read.
import * as assert from 'node:assert/strict';
import { encodeCommand, parseKeyspace, RespError, RespParser, RespProtocolError } from '../../../src/service/runtime/caches/respCodec';
import { keyBytes, keyName } from '../../../src/service/runtime/caches/keyBrowser';

describe('RESP', () => {
  it('encodes a command as an array of bulk strings, bytes as they are', () => {
    assert.equal(encodeCommand(['SET', 'k', 'é']).toString('latin1'), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\u00c3\u00a9\r\n');
    assert.deepEqual(
      encodeCommand([Buffer.from([0, 255])]),
      Buffer.concat([Buffer.from('*1\r\n$2\r\n'), Buffer.from([0, 255]), Buffer.from('\r\n')]),
    );
  });

  it('parses every reply type, from chunks split anywhere, nested arrays and nulls included', () => {
    const wire = Buffer.concat([
      Buffer.from('+OK\r\n-WRONGTYPE Operation against a key\r\n:42\r\n$-1\r\n*-1\r\n'),
      Buffer.from('$4\r\na\r\nb\r\n'), // a bulk string that holds CRLF
      Buffer.from('*2\r\n$1\r\n0\r\n*2\r\n$3\r\nk:1\r\n$2\r\n'),
      Buffer.from([0xff, 0x00]),
      Buffer.from('\r\n'),
    ]);
    // Fed one byte at a time: nothing is lost or taken early.
    const p = new RespParser();
    const got = [...wire].flatMap((b) => p.push(Buffer.from([b])));
    assert.equal(got.length, 7);
    assert.equal(got[0], 'OK');
    assert.ok(got[1] instanceof RespError && got[1].message.startsWith('WRONGTYPE'));
    assert.equal(got[2], 42);
    assert.equal(got[3], null);
    assert.equal(got[4], null);
    assert.deepEqual(got[5], Buffer.from('a\r\nb'));
    assert.deepEqual(got[6], [Buffer.from('0'), [Buffer.from('k:1'), Buffer.from([0xff, 0x00])]]);
    assert.equal(p.pending, 0);
  });

  it('refuses a stream that is not RESP (a relay printing its own error)', () => {
    assert.throws(() => new RespParser().push(Buffer.from("nc: can't connect\r\n")), RespProtocolError);
  });

  it('reads INFO keyspace', () => {
    assert.deepEqual(parseKeyspace('# Keyspace\r\ndb0:keys=12,expires=3,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n'), [
      { db: 0, keys: 12, expires: 3 },
      { db: 3, keys: 1, expires: 0 },
    ]);
  });

  it('carries a key that is not UTF-8 as base64, and back', () => {
    const bin = Buffer.from([0x6b, 0xff, 0x00]);
    assert.deepEqual(keyName(Buffer.from('user:1')), { name: 'user:1' });
    assert.deepEqual(keyName(bin), { name: bin.toString('base64'), binary: true });
    assert.deepEqual(keyBytes(keyName(bin)), bin);
  });
});
