// A cache's keys in the tree: folders by a separator, as RedisInsight groups them; binary names escaped; TTLs short.
import * as assert from 'node:assert/strict';
import type { KeyInfo } from '../../../src/protocol/keys';
import { keyLabel, keyLevel, renderKeyNode, ttlText } from '../../../src/views/keyTree';

const k = (name: string, type = 'string', ttlMs = -1): KeyInfo => ({ name, type, ttlMs });

describe('keys in the tree', () => {
  const keys = [
    k('user:10'),
    k('user:2'),
    k('user:1:cart', 'hash'),
    k('user:1:name'),
    k('plain'),
    k('a::b'),
    { ...k(Buffer.from([0xff]).toString('base64')), binary: true as const },
  ];

  it('groups by the separator: folders (with counts, in natural order) before the keys of a level', () => {
    const top = keyLevel(keys, '', ':');
    assert.deepEqual(
      top.folders.map((f) => [f.name, f.count]),
      [
        ['a', 1],
        ['user', 4],
      ],
    );
    assert.deepEqual(
      top.keys.map((x) => x.name),
      ['/w==', 'plain'],
    );
    const user = keyLevel(keys, 'user:', ':');
    assert.deepEqual(user.folders, [{ name: '1', prefix: 'user:1:', count: 2 }]);
    assert.deepEqual(
      user.keys.map((x) => x.name),
      ['user:2', 'user:10'],
    );
    // An empty segment is a folder of its own, as in RedisInsight.
    assert.deepEqual(keyLevel(keys, 'a:', ':').folders, [{ name: '', prefix: 'a::', count: 1 }]);
    // No separator: one flat list.
    assert.equal(keyLevel(keys, '', '').folders.length, 0);
  });

  it('reads: binary bytes escaped, TTLs short, the type as an icon, a filter in the database’s description', () => {
    assert.equal(
      keyLabel({ name: Buffer.from([0x62, 0xff, 0x00]).toString('base64'), binary: true, type: 'string', ttlMs: -1 }),
      'b\\xff\\x00',
    );
    assert.equal(ttlText(-1), undefined);
    assert.equal(ttlText(42_000), '42s');
    assert.equal(ttlText(598_000), '9m 58s');
    assert.equal(ttlText(7_500_000), '2h 5m');
    const key = renderKeyNode({ type: 'key', resourceId: 'r', db: 0, key: k('user:1:cart', 'hash', 30_000) }, undefined);
    assert.deepEqual([key.label, key.description, key.iconId], ['user:1:cart', 'hash · ttl 30s', 'symbol-object']);
    const db = renderKeyNode({ type: 'keyDb', resourceId: 'r', db: 3, keys: 1507 }, 'user:*');
    assert.deepEqual([db.label, db.description], ['db3', '1,507 keys · filter user:*']);
  });
});
