// Waiting for a fakecloud server to say a resource reached a state (a rebooted cluster "available" again): the
// server is listed again every second meanwhile, seen or not, and the model read.
import type { AwsResource } from '../../protocol/aws';
import type { OperationContext } from './images';
import { UserError } from './userError';

export const SERVER_STATE_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 1_000;

export async function waitForServerState(
  read: () => AwsResource | undefined,
  relist: () => Promise<void>,
  done: (status: string) => boolean,
  op: OperationContext,
  wanted: string,
  timeoutMs = SERVER_STATE_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said: string | undefined;
  for (;;) {
    const a = read();
    if (!a) throw new UserError('the server no longer lists it');
    if (done(a.status)) return;
    if (a.status !== said) op.progress(`${a.awsId} is ${a.status}; waiting for ${wanted}`);
    said = a.status;
    if (op.signal?.aborted) throw new UserError('cancelled while waiting; the server goes on with it');
    if (Date.now() > deadline)
      throw new UserError(`the server did not call it ${wanted} within ${timeoutMs / 60_000} minutes (it is ${a.status})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    await relist();
  }
}
