// Waiting for a fakecloud server to say a resource reached a state (a rebooted cluster "available" again): the
// server is listed again every second meanwhile, seen or not, and the model read.
import type { AwsResource } from '../../protocol/aws';
import type { OperationContext } from './images';
import { UserError } from './userError';
import { l10n } from '../../protocol/l10n';

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
    if (!a) throw new UserError(l10n.t('the server no longer lists it'));
    if (done(a.status)) return;
    if (a.status !== said) op.progress(l10n.t('{0} is {1}; waiting for {2}', a.awsId, a.status, wanted));
    said = a.status;
    if (op.signal?.aborted) throw new UserError(l10n.t('cancelled while waiting; the server goes on with it'));
    if (Date.now() > deadline)
      throw new UserError(l10n.t('the server did not call it {0} within {1} minutes (it is {2})', wanted, timeoutMs / 60_000, a.status));
    await new Promise((r) => setTimeout(r, POLL_MS));
    await relist();
  }
}
