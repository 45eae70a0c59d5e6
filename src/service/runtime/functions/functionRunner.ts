// What differs by where a function runs: one implementation per way of running it
// (a container on Docker in containerFunctions.ts, a Pod in podFunctions.ts),
// picked once by the runtime (functionRuntime.ts), which holds what is common.
import type { FunctionDeployResult, InvokeResult } from '../../../protocol/functions';
import type { BackendKind, Resource } from '../../../protocol/model';
import type { DesiredStateStore } from '../../store/desiredState';
import type { OperationContext } from '../images';
import type { CodeEntry } from './codeArchive';
import type { FunctionSpec } from './functionSpec';

/** The code of a deploy, read and checked against the handler. */
export interface DeployCode {
  entries: CodeEntry[];
  files: number;
}

export interface FunctionRunner {
  /**
   * One deploy: its code packed into `spec.codeArchive`, made, filled, started and
   * answering, then recorded. On success the previous deploy (if any) goes; on
   * failure everything this attempt made goes and the previous deploy stays.
   */
  deploy(spec: FunctionSpec, previous: FunctionSpec | undefined, code: DeployCode, op: OperationContext): Promise<FunctionDeployResult>;
  /** The reconciler's repair: the deploy's process is gone, so it is made again from the stored spec and code. */
  recreate(spec: FunctionSpec): Promise<void>;
  /** Invokes it another way than its invoke API (through a fakecloud server's Lambda API). */
  invoke?(r: Resource, payload: string): Promise<InvokeResult>;
  /** Where this machine reaches its invoke API. */
  invokeEndpoint(r: Resource): Promise<{ host: string; port: number } | undefined>;
  /** Its log lines, timestamped, from some time before `sinceMs` (the caller picks out those it wants). */
  recentLogLines(r: Resource, sinceMs: number): Promise<string[]>;
  stop(r: Resource): Promise<void>;
  start(r: Resource, op: OperationContext): Promise<{ waitedMs: number }>;
  /** Called under the entry's lock; whether ours left the desired state (its stored code may go then). */
  delete(r: Resource): Promise<{ forgot: boolean }>;
  /** An orphan (or an earlier deploy): nothing but its process is its own. */
  removeOrphan(r: Resource): Promise<void>;
  close(): void;
}

/** One runner per backend, and one for a fakecloud server's resources (acted on through its API). */
export type FunctionRunners = Record<BackendKind | 'server', FunctionRunner>;

/** Ours: what the reconciler keeps it at from now on. */
export function setFunctionDesired(store: DesiredStateStore, r: Resource, desired: 'running' | 'stopped'): void {
  const spec = r.owner.type === 'extension' ? store.function(r.name) : undefined;
  if (spec && spec.desired !== desired) store.putFunction({ ...spec, desired });
}
