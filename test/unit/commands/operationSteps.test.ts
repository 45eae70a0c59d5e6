// Steps go to the operation they belong to, never to another one running at the same time.
import * as assert from 'node:assert/strict';
import type { Notifications } from '../../../src/protocol/rpc';
import { stepsOf, type StepSource } from '../../../src/commands/operationSteps';

/** A client that delivers whatever progress the test sends to every listener, as the real one does. */
function fakeClient() {
  const listeners = new Set<(p: Notifications['operation/progress']) => void>();
  const client: StepSource = {
    on: (_method, listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
  const send = (operationId: string, message: string) => {
    for (const l of listeners) l({ operationId, message });
  };
  return { client, send, listening: () => listeners.size };
}

describe('operation steps', () => {
  it('each operation gets its own steps: an update never shows a reboot of another cache', () => {
    const { client, send, listening } = fakeClient();
    const update: string[] = [];
    const reboot: string[] = [];
    const a = stepsOf(client, 'op-update', (m) => update.push(m));
    const b = stepsOf(client, 'op-reboot', (m) => reboot.push(m));
    send('op-update', 'Pulling fakecloud-test/redis:7…');
    send('op-reboot', 'Restarting other…');
    send('op-update', 'Waiting for health…');
    assert.deepEqual(update, ['Pulling fakecloud-test/redis:7…', 'Waiting for health…']);
    assert.deepEqual(reboot, ['Restarting other…']);
    a.dispose();
    b.dispose();
    assert.equal(listening(), 0, 'nothing left listening once the operations end');
  });
});
