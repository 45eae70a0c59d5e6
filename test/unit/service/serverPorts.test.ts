// Where a server's process listens, from /proc: its socket inodes matched against the LISTEN rows of tcp and tcp6.
import * as assert from 'node:assert/strict';
import { listeningEndpoints } from '../../../src/service/fakecloud/serverPorts';

const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000:11D6 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 9999 1 0000000000000000 100 0 0 10 0',
  '   2: 0100007F:11D6 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1',
].join('\n');
const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue ...',
  `   0: ${'0'.repeat(32)}:1B58 ${'0'.repeat(32)}:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5151 1 0 100 0 0 10 0`,
].join('\n');

describe('where a server listens', () => {
  it('its own listening sockets only (not another process’s, not a connection), lowest port first', () => {
    const reader = {
      fdTargets: () => ['socket:[5151]', 'socket:[4242]', 'socket:[4343]', 'pipe:[77]', '/dev/null'],
      read: (p: string) => (p.endsWith('/tcp') ? TCP : p.endsWith('/tcp6') ? TCP6 : undefined),
    };
    assert.deepEqual(listeningEndpoints(7, reader), ['http://127.0.0.1:4566', 'http://127.0.0.1:7000']);
  });

  it('nothing when its file descriptors cannot be read (another user’s process)', () => {
    assert.deepEqual(listeningEndpoints(7, { fdTargets: () => [], read: () => TCP }), []);
  });
});
