// Which channel tells of a database's key changes, from the cache's notify-keyspace-events flags.
import * as assert from 'node:assert/strict';
import { keyspaceChannel } from '../../../src/service/runtime/caches/keyWatches';

describe('keyspace notifications', () => {
  it('keyspace channels when K is set, key-event channels with E alone; off or no event class says why', () => {
    assert.deepEqual(keyspaceChannel('KA', 3), { pattern: '__keyspace@3__:*' });
    assert.deepEqual(keyspaceChannel('Eg$', 0), { pattern: '__keyevent@0__:*' });
    assert.deepEqual(keyspaceChannel('KEx', 0), { pattern: '__keyspace@0__:*' });
    assert.match((keyspaceChannel('', 0) as { reason: string }).reason, /notifications off/);
    assert.match((keyspaceChannel('K', 0) as { reason: string }).reason, /notifications off/, 'K alone names no events');
    assert.match((keyspaceChannel('A', 0) as { reason: string }).reason, /neither K nor E/);
  });
});
