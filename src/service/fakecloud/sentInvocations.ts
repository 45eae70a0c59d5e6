// The invocations this service sent through a server's Lambda API. Some servers (fakecloud 0.51) log only what their
// event sources deliver (SQS, SNS, EventBridge, streams) and not a direct Invoke, so Show Invocations and a function's
// dashboard would miss every invoke made from VS Code. Each is kept here, bounded, and merged with the server's log
// unless the server logged it itself. Pure apart from the clock the caller passes in.
import { functionNameOf, type Invocation } from '../../protocol/aws';

/** The source our own entries carry, so a reader tells them from the server's. */
export const SENT_SOURCE = 'fakecloud-explorer';
/** Per server, the newest are kept: this many at most, and this many payload bytes (a payload may be megabytes). */
export const SENT_LIMIT = 500;
export const SENT_BYTES_LIMIT = 4 * 1024 * 1024;
/** A server's own entry this close to ours, for the same function and payload, is the same invocation. */
const SAME_MS = 10_000;

export class SentInvocations {
  private readonly byServer = new Map<string, Invocation[]>();

  record(server: string, functionArn: string, payload: string, at: Date): void {
    const list = this.byServer.get(server) ?? [];
    list.push({ functionArn, payload, source: SENT_SOURCE, timestamp: at.toISOString() });
    let bytes = list.reduce((n, i) => n + i.payload.length, 0);
    // The newest one stays, however large.
    while (list.length > 1 && (list.length > SENT_LIMIT || bytes > SENT_BYTES_LIMIT)) bytes -= list.shift()?.payload.length ?? 0;
    this.byServer.set(server, list);
  }

  /** After a reset of the server's Lambda state (or all of it): what was sent there is gone with it. */
  forget(server: string): void {
    this.byServer.delete(server);
  }

  /** The server's log with ours added where it lacks them, oldest first; one function's when named. */
  merge(server: string, logged: readonly Invocation[], functionName?: string): Invocation[] {
    const ofFn = (i: Invocation) => !functionName || functionNameOf(i.functionArn) === functionName;
    const theirs = logged.filter(ofFn);
    const missing = (this.byServer.get(server) ?? []).filter(
      (mine) =>
        ofFn(mine) &&
        !theirs.some(
          (t) =>
            functionNameOf(t.functionArn) === functionNameOf(mine.functionArn) &&
            t.payload === mine.payload &&
            Math.abs(Date.parse(t.timestamp) - Date.parse(mine.timestamp)) <= SAME_MS,
        ),
    );
    const at = (i: Invocation) => Date.parse(i.timestamp) || 0;
    return [...theirs, ...missing].sort((a, b) => at(a) - at(b));
  }
}
