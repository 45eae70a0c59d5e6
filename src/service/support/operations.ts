// Long operations: progress pushed to every window, cancellation by id until the
// point of no return, the outcome told to every window, and a count that keeps
// the service from idling out while they run. An operation outlives the window
// that started it (a reload): the others, and one opened meanwhile, see it through.
import type { EndedOperation, OperationInfo, OperationOutcome } from '../../protocol/rpc';
import type { ClientSession } from '../clientSession';
import type { OperationContext } from '../runtime/images';
import { l10n } from '../../protocol/l10n';

/** What the windows are told of an operation: its title, its resource, and how its result reads. */
export interface OperationAbout<T> {
  title: string;
  resourceId?: string;
  resourceName?: string;
  outcome?: (result: T) => OperationOutcome;
}

interface Running {
  controller: AbortController;
  info: OperationInfo;
}

export class Operations {
  private readonly running = new Map<string, Running>();
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();

  /** Every window connected now; the server tells it once it exists. */
  private sessions: () => ClientSession[] = () => [];

  attach(sessions: () => ClientSession[]): void {
    this.sessions = sessions;
  }

  get count(): number {
    return this.inFlight;
  }

  onChange(l: () => void): void {
    this.listeners.add(l);
  }

  /**
   * Outcomes that no window heard (every window was closed or reloading when it ended), kept a while for the next
   * window to connect, and told once.
   */
  private unheard: { at: number; ended: EndedOperation }[] = [];
  static readonly UNHEARD_KEEP_MS = 15 * 60_000;
  static readonly UNHEARD_MAX = 20;

  list(now = Date.now()): { operations: OperationInfo[]; ended: EndedOperation[] } {
    const ended = this.unheard.filter((u) => now - u.at < Operations.UNHEARD_KEEP_MS).map((u) => u.ended);
    this.unheard = [];
    return { operations: [...this.running.values()].map((r) => ({ ...r.info, steps: [...r.info.steps] })), ended };
  }

  async run<T>(
    session: ClientSession,
    operationId: string | undefined,
    fn: (op: OperationContext) => Promise<T>,
    about?: OperationAbout<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const info: OperationInfo | undefined =
      operationId && about
        ? {
            operationId,
            title: about.title,
            ...(about.resourceId ? { resourceId: about.resourceId } : {}),
            ...(about.resourceName ? { resourceName: about.resourceName } : {}),
            steps: [],
            cancellable: true,
            startedAt: Date.now(),
          }
        : undefined;
    if (operationId) this.running.set(operationId, { controller, info: info ?? this.anonymous(operationId) });
    this.inFlight++;
    this.changed();
    // The caller hears its own steps; with a title, so does every other window.
    const audience = () => (info ? this.sessions() : [session]);
    if (info) for (const s of this.sessions()) s.peer.notify('operation/started', info);
    const op: OperationContext = {
      signal: controller.signal,
      progress: (message) => {
        if (!operationId) return;
        info?.steps.push(message);
        for (const s of audience()) s.peer.notify('operation/progress', { operationId, message });
      },
      pastNoReturn: () => {
        if (!operationId) return;
        const r = this.running.get(operationId);
        if (!r || !r.info.cancellable) return;
        r.info.cancellable = false;
        for (const s of audience())
          s.peer.notify('operation/progress', { operationId, message: 'past the point of no return', cancellable: false });
      },
    };
    let outcome: OperationOutcome = { level: 'error', message: l10n.t('{0} did not finish', about?.title ?? 'operation') };
    try {
      const result = await fn(op);
      outcome = about?.outcome?.(result) ?? { level: 'info', message: `${about?.title ?? 'operation'}: done` };
      return result;
    } catch (err) {
      outcome = { level: 'error', message: l10n.t('{0} failed: {1}', about?.title ?? 'operation', (err as Error).message) };
      throw err;
    } finally {
      if (operationId) this.running.delete(operationId);
      this.inFlight--;
      this.changed();
      if (info) {
        const ended = {
          operationId: info.operationId,
          title: info.title,
          ...(info.resourceId ? { resourceId: info.resourceId } : {}),
          ...(info.resourceName ? { resourceName: info.resourceName } : {}),
          outcome,
        };
        const windows = this.sessions();
        for (const s of windows) s.peer.notify('operation/ended', ended);
        if (windows.length === 0) this.unheard = [...this.unheard, { at: Date.now(), ended }].slice(-Operations.UNHEARD_MAX);
      }
    }
  }

  cancel(operationId: string): { cancelled: boolean; reason?: string } {
    const r = this.running.get(operationId);
    if (!r) return { cancelled: false, reason: 'it has ended' };
    if (!r.info.cancellable) return { cancelled: false, reason: 'it is past the point of no return' };
    r.controller.abort();
    return { cancelled: true };
  }

  private anonymous(operationId: string): OperationInfo {
    return { operationId, title: '', steps: [], cancellable: true, startedAt: Date.now() };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
