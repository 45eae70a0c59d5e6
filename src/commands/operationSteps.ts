// The steps the service reports for one operation, and only that one: several run
// at once (an update of one cache while another reboots), each in its own channel.
import type { Notifications } from '../protocol/rpc';

export interface StepSource {
  on(method: 'operation/progress', listener: (params: Notifications['operation/progress']) => void): { dispose(): void };
}

/** A step's message; `cancellable: false` says the operation is past its point of no return. */
export function stepsOf(
  client: StepSource,
  operationId: string,
  onStep: (message: string, cancellable?: boolean) => void,
): { dispose(): void } {
  return client.on('operation/progress', (p) => {
    if (p.operationId === operationId) onStep(p.message, p.cancellable);
  });
}
