// A fakecloud server's function, acted on through the server's API: Invoke goes through its Lambda API (so the
// invocation is in its log, and a cold one starts as the server starts it), Delete is DeleteFunction. Stopping or
// starting one of its warm containers would act behind the server's back: Evict Warm Container is the server's way.
import type { FunctionDeployResult, InvokeResult } from '../../../protocol/functions';
import type { BackendKind, Resource } from '../../../protocol/model';
import type { ServerActions } from '../../fakecloud/serverActions';
import { serverTie } from '../caches/serverCaches';
import { UserError } from '../userError';
import type { FunctionRunner } from './functionRunner';
import { l10n } from '../../../protocol/l10n';

/** The log tail Invoke returns, as the lines the tree shows (START … REPORT). */
export function tailLines(tail: string | undefined): string[] {
  return (tail ?? '').split(/\r?\n/).filter((l) => l.trim() !== '');
}

export class ServerFunctions implements FunctionRunner {
  constructor(
    private readonly actions: ServerActions,
    private readonly containers: Record<BackendKind, FunctionRunner>,
  ) {}

  deploy(): Promise<FunctionDeployResult> {
    return Promise.reject(
      new UserError(l10n.t('a function on a fakecloud server is made through its API (Deploy Function → on the fakecloud server)')),
    );
  }

  recreate(): Promise<void> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's function is the server's to start again")));
  }

  invokeEndpoint(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  recentLogLines(r: Resource, sinceMs: number): Promise<string[]> {
    return this.containers[r.backend].recentLogLines(r, sinceMs);
  }

  async invoke(r: Resource, payload: string): Promise<InvokeResult> {
    const answer = await this.actions.invoke(serverTie(r).id, payload);
    const result: InvokeResult = {
      statusCode: answer.statusCode,
      body: answer.payload,
      durationMs: answer.durationMs,
      logs: tailLines(answer.logTail),
    };
    if (answer.functionError) result.functionError = answer.functionError;
    return result;
  }

  stop(r: Resource): Promise<void> {
    return Promise.reject(
      new UserError(
        l10n.t("{0}'s warm container is its fakecloud server's to stop: use Evict Warm Container, and the server stops it", r.name),
      ),
    );
  }

  start(r: Resource): Promise<{ waitedMs: number }> {
    return Promise.reject(new UserError(l10n.t('{0} runs when it is invoked: its fakecloud server starts a container for it', r.name)));
  }

  async delete(r: Resource): Promise<{ forgot: boolean }> {
    await this.actions.act(serverTie(r).id, 'delete');
    return { forgot: false };
  }

  removeOrphan(): Promise<void> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's function is not an orphan")));
  }

  close(): void {
    // The server's API clients are closed with the server's listing.
  }
}
