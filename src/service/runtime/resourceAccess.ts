// How to reach the process behind a resource — its logs and exec sessions — chosen
// once from where it runs: a container on Docker, or its main container in a Pod.
// Handlers and runtimes ask for this instead of deciding "Docker or Kubernetes?" in
// every method.
import type { BackendKind, Resource } from '../../protocol/model';
import type { ContainerBackend, InteractiveSession, LogChunk, LogFollower, PipeSession } from '../backends/backend';
import { mainContainer } from '../backends/kubernetes/podSpecs';
import type { PodBackend } from '../backends/podBackend';
import { UserError } from './userError';
import { l10n } from '../../protocol/l10n';

export interface ResourceAccess {
  followLogs(tail: number, onChunk: (c: LogChunk) => void): Promise<LogFollower>;
  /** The log so far (its last `tail` lines); empty while there is no process (a stopped Pod resource). */
  readLogs(tail: number): Promise<string>;
  execPipe(cmd: string[]): Promise<PipeSession>;
  execInteractive(cmd: string[], size: { cols: number; rows: number }): Promise<InteractiveSession>;
  /** The container's inspect document, or the Pod object, as its engine gives it. */
  inspect(): Promise<{ kind: 'container' | 'pod'; object: unknown }>;
  /** Throws a UserError saying so when the process is gone or stopped; silent where that cannot be told. */
  requireRunning(): Promise<void>;
}

export interface Backends {
  docker: () => ContainerBackend;
  pods: () => PodBackend;
}

function onDocker(backend: ContainerBackend, r: Resource): ResourceAccess {
  const id = r.containerId;
  return {
    followLogs: (tail, onChunk) => backend.followLogs(id, tail, onChunk),
    readLogs: async (tail) => (await backend.readLogs(id, { tail })).map((c) => c.text).join(''),
    execPipe: (cmd) => backend.execPipe(id, cmd),
    execInteractive: (cmd, size) => backend.execInteractive(id, cmd, size),
    inspect: async () => ({ kind: 'container', object: await backend.inspectRaw(id) }),
    requireRunning: async () => {
      const d = await backend.inspectContainer(id);
      if (!d) throw new UserError(l10n.t('{0} is gone: its container {1} no longer exists', r.name, id.slice(0, 12)));
      if (!d.running)
        throw new UserError(
          l10n.t('{0} is not running ({1}{2})', r.name, d.status, d.status === 'exited' ? `, exit code ${d.exitCode}` : ''),
        );
    },
  };
}

function inPod(pods: PodBackend, r: Resource): ResourceAccess {
  const container = mainContainer(r.kind);
  // A Pod resource that is stopped has no Pod: nothing runs to reach.
  const pod = () => {
    if (!r.containerId) throw new UserError(l10n.t('{0} has no Pod while it is stopped', r.displayName ?? r.name));
    return r.containerId;
  };
  return {
    followLogs: async (tail, onChunk) => pods.followLogs(pod(), container, tail, onChunk),
    readLogs: async (tail) => (r.containerId ? pods.readLogs(r.containerId, container, { tail }) : ''),
    execPipe: async (cmd) => pods.execPipe(pod(), container, cmd),
    execInteractive: async (cmd, size) => pods.execInteractive(pod(), container, cmd, size),
    inspect: async () => {
      const p = await pods.getPod(pod());
      if (!p) throw new UserError(l10n.t('{0}: its Pod {1} is gone', r.displayName ?? r.name, pod()));
      return { kind: 'pod', object: p };
    },
    // A failed exec already says what the API server knows of the Pod.
    requireRunning: async () => undefined,
  };
}

const ACCESS: Record<BackendKind, (r: Resource, backends: Backends) => ResourceAccess> = {
  docker: (r, b) => onDocker(b.docker(), r),
  kubernetes: (r, b) => inPod(b.pods(), r),
};

export function resourceAccess(r: Resource, backends: Backends): ResourceAccess {
  return ACCESS[r.backend](r, backends);
}
