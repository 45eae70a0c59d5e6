// The stand-in's kubelet: runs each Pod as Docker containers on this machine's
// engine, so exec, logs and port-forward through the API stand-in reach real
// processes. A Pod gets a network namespace of its own (a "pause" container with
// no network; the Pod's containers join it), so two Pods can both listen on 6379;
// a port-forward runs `nc` in that namespace. emptyDir volumes are Docker volumes
// shared by the Pod's containers; init containers run first, in order.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import Docker from 'dockerode';
import type { WebSocket } from 'ws';
import { TEST_DOCKER_SOCKET } from '../docker';
import { StreamDemuxer } from '../../../src/service/backends/docker/streamDemux';
import type { KubeApiStandIn } from './apiStandIn';

export const KUBELET_LABEL = 'fakecloud-test-kubelet';
const PAUSE_IMAGE = 'fakecloud-test/busybox:latest';

interface PodRuntime {
  pause: string;
  /** Container name → Docker container id. */
  containers: Map<string, string>;
  volumes: string[];
  deleted: boolean;
}

export class StandInKubelet {
  private readonly docker: Docker;
  private readonly pods = new Map<string, PodRuntime>();

  /** `dockerSocket`: the engine the node runs its Pods on (the machine's, or a test's own). */
  constructor(
    private readonly api: KubeApiStandIn,
    private readonly run: string,
    dockerSocket = TEST_DOCKER_SOCKET,
  ) {
    this.docker = new Docker({ socketPath: dockerSocket, timeout: 60_000 });
  }

  private key(pod: V1Pod): string {
    return `${pod.metadata!.namespace}/${pod.metadata!.name}`;
  }

  /** Starts the Pod in the background; its phase follows in the API as it goes. */
  created(pod: V1Pod): void {
    void this.start(pod).catch((err: Error) => {
      const ns = pod.metadata!.namespace!;
      const name = pod.metadata!.name!;
      if (!this.api.get(ns, name)) return;
      this.api.put({ ...this.api.get(ns, name)!, status: { phase: 'Failed', reason: 'StandInError', message: err.message } });
    });
  }

  private async start(pod: V1Pod): Promise<void> {
    const ns = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    const tag = `${this.run}-${name}`.slice(0, 100);
    const labels = { [KUBELET_LABEL]: this.run };
    const rt: PodRuntime = { pause: '', containers: new Map(), volumes: [], deleted: false };
    this.pods.set(this.key(pod), rt);
    const pause = await this.docker.createContainer({
      name: `${tag}-pause`,
      Image: PAUSE_IMAGE,
      Cmd: ['tail', '-f', '/dev/null'],
      Labels: labels,
      HostConfig: { NetworkMode: 'none' },
    });
    rt.pause = pause.id;
    await pause.start();
    const volumeOf = new Map<string, string>();
    for (const v of pod.spec?.volumes ?? []) {
      const vol = `${tag}-${v.name}`;
      await this.docker.createVolume({ Name: vol, Labels: labels });
      rt.volumes.push(vol);
      volumeOf.set(v.name, vol);
    }
    const create = async (c: V1Container) => {
      const opts: Docker.ContainerCreateOptions = {
        name: `${tag}-${c.name}`,
        Image: c.image,
        Labels: labels,
        Env: (c.env ?? []).map((e) => `${e.name}=${e.value ?? ''}`),
        HostConfig: {
          NetworkMode: `container:${rt.pause}`,
          Mounts: (c.volumeMounts ?? []).map((m) => ({ Type: 'volume' as const, Source: volumeOf.get(m.name)!, Target: m.mountPath })),
        },
      };
      // Kubernetes' command replaces the entrypoint and drops the image's CMD; args replaces CMD.
      if (c.command) {
        opts.Entrypoint = c.command;
        opts.Cmd = c.args ?? [];
      } else if (c.args) opts.Cmd = c.args;
      if (c.workingDir) opts.WorkingDir = c.workingDir;
      const ctr = await this.docker.createContainer(opts);
      rt.containers.set(c.name, ctr.id);
      return ctr;
    };
    for (const c of pod.spec?.initContainers ?? []) {
      if (rt.deleted) return;
      const ctr = await create(c);
      await ctr.start();
      this.status(ns, name, 'Pending', { init: c.name });
      const { StatusCode } = (await ctr.wait()) as { StatusCode: number };
      if (StatusCode !== 0) {
        this.status(ns, name, 'Failed', { exitCode: StatusCode, container: c.name });
        return;
      }
    }
    if (rt.deleted) return;
    const main = pod.spec!.containers[0];
    const ctr = await create(main);
    await ctr.start();
    if (rt.deleted) return;
    this.status(ns, name, 'Running');
    const { StatusCode } = (await ctr.wait()) as { StatusCode: number };
    if (!rt.deleted) this.status(ns, name, StatusCode === 0 ? 'Succeeded' : 'Failed', { exitCode: StatusCode });
  }

  private status(
    ns: string,
    name: string,
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed',
    o: { init?: string; exitCode?: number; container?: string } = {},
  ): void {
    const pod = this.api.get(ns, name);
    if (!pod) return;
    const main = pod.spec!.containers[0];
    const state =
      phase === 'Running'
        ? { running: { startedAt: new Date() } }
        : phase === 'Pending'
          ? { waiting: { reason: o.init ? 'PodInitializing' : 'ContainerCreating' } }
          : { terminated: { exitCode: o.exitCode ?? 0, reason: phase === 'Failed' ? 'Error' : 'Completed' } };
    this.api.put({
      ...pod,
      status: {
        phase,
        podIP: '127.0.0.1',
        ...(o.init
          ? {
              initContainerStatuses: [
                { name: o.init, image: '', imageID: '', ready: false, restartCount: 0, state: { running: { startedAt: new Date() } } },
              ],
            }
          : {}),
        containerStatuses: [{ name: main.name, image: main.image ?? '', imageID: '', ready: phase === 'Running', restartCount: 0, state }],
      },
    });
  }

  async deleted(pod: V1Pod): Promise<void> {
    const rt = this.pods.get(this.key(pod));
    if (!rt) return;
    rt.deleted = true;
    this.pods.delete(this.key(pod));
    for (const id of [...rt.containers.values(), rt.pause])
      await this.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const v of rt.volumes)
      await this.docker
        .getVolume(v)
        .remove()
        .catch(() => undefined);
  }

  private containerId(ns: string, name: string, container: string | null): string | undefined {
    const rt = this.pods.get(`${ns}/${name}`);
    if (!rt) return undefined;
    if (container) return rt.containers.get(container);
    return [...rt.containers.values()].pop();
  }

  /** PodMetrics as metrics-server gives them: each container's CPU (cores, as nanocores) and memory, from its stats. */
  async metrics(ns: string, name: string): Promise<unknown> {
    const rt = this.pods.get(`${ns}/${name}`);
    if (!rt) return undefined;
    const containers = [];
    for (const [cname, id] of rt.containers) {
      const s = (await this.docker.getContainer(id).stats({ stream: false })) as unknown as {
        cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number; online_cpus?: number };
        precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
        memory_stats: { usage?: number };
      };
      const dSys = s.cpu_stats.system_cpu_usage - (s.precpu_stats.system_cpu_usage ?? 0);
      const dCpu = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
      const cores = dSys > 0 ? (dCpu / dSys) * (s.cpu_stats.online_cpus ?? 1) : 0;
      containers.push({
        name: cname,
        usage: { cpu: `${Math.round(cores * 1e9)}n`, memory: `${Math.round((s.memory_stats.usage ?? 0) / 1024)}Ki` },
      });
    }
    return {
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name, namespace: ns },
      timestamp: new Date().toISOString(),
      window: '1s',
      containers,
    };
  }

  /** exec over the v4 channel protocol: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize. */
  async exec(ws: WebSocket, ns: string, name: string, q: URLSearchParams): Promise<void> {
    // What the client sends while the exec is being set up is kept, not lost.
    const early: Buffer[] = [];
    const keep = (m: Buffer) => early.push(m);
    ws.on('message', keep);
    const id = this.containerId(ns, name, q.get('container'));
    const send = (ch: number, data: Buffer | string) =>
      ws.readyState === ws.OPEN && ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(data)]));
    const finish = (code: number) => {
      send(
        3,
        JSON.stringify(
          code === 0
            ? { metadata: {}, status: 'Success' }
            : {
                metadata: {},
                status: 'Failure',
                message: `command terminated with non-zero exit code: ${code}`,
                reason: 'NonZeroExitCode',
                details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
              },
        ),
      );
      ws.close();
    };
    if (!id) {
      send(
        3,
        JSON.stringify({ metadata: {}, status: 'Failure', message: `container not found ("${q.get('container')}")`, reason: 'NotFound' }),
      );
      ws.close();
      return;
    }
    const tty = q.get('tty') === 'true';
    const exec = await this.docker
      .getContainer(id)
      .exec({ Cmd: q.getAll('command'), AttachStdin: q.get('stdin') === 'true', AttachStdout: true, AttachStderr: true, Tty: tty });
    const stream = await exec.start({ hijack: true, stdin: q.get('stdin') === 'true', Tty: tty });
    const demux = new StreamDemuxer();
    stream.on('data', (d: Buffer) => {
      if (tty) send(1, d);
      else for (const f of demux.push(d)) send(f.stream === 'stderr' ? 2 : 1, f.data);
    });
    const onMessage = (m: Buffer) => {
      if (m[0] === 0) stream.write(m.subarray(1));
      else if (m[0] === 4 && tty) {
        // The API server reads this case-insensitively (Go's JSON): client-node sends {width, height}.
        const size = JSON.parse(m.subarray(1).toString()) as { Width?: number; Height?: number; width?: number; height?: number };
        void exec.resize({ w: size.Width ?? size.width ?? 80, h: size.Height ?? size.height ?? 24 }).catch(() => undefined);
      } else if (m[0] === 255 && m[1] === 0) stream.end();
    };
    ws.off('message', keep);
    for (const m of early) onMessage(m);
    ws.on('message', onMessage);
    ws.on('close', () => stream.destroy());
    stream.on(
      'end',
      () =>
        void exec.inspect().then(
          (i) => finish(i.ExitCode ?? 0),
          () => finish(1),
        ),
    );
  }

  /** Port-forward over the v4 channel protocol: data on 0, errors on 1, each first prefixed with the port. */
  async portForward(ws: WebSocket, ns: string, name: string, q: URLSearchParams): Promise<void> {
    const early: Buffer[] = [];
    const keep = (m: Buffer) => early.push(m);
    ws.on('message', keep);
    const rt = this.pods.get(`${ns}/${name}`);
    const port = Number(q.get('ports'));
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    const send = (ch: number, data: Buffer) => ws.readyState === ws.OPEN && ws.send(Buffer.concat([Buffer.from([ch]), data]));
    send(0, prefix);
    send(1, prefix);
    if (!rt) {
      send(1, Buffer.from(`pod ${name} is not running`));
      ws.close();
      return;
    }
    // nc in the Pod's network namespace reaches what listens on its loopback.
    const exec = await this.docker
      .getContainer(rt.pause)
      .exec({ Cmd: ['nc', '127.0.0.1', String(port)], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
    const stream = await exec.start({ hijack: true, stdin: true });
    const demux = new StreamDemuxer();
    stream.on('data', (d: Buffer) => {
      for (const f of demux.push(d)) send(f.stream === 'stderr' ? 1 : 0, f.data);
    });
    const onMessage = (m: Buffer) => {
      if (m[0] === 0) stream.write(m.subarray(1));
    };
    ws.off('message', keep);
    for (const m of early) onMessage(m);
    ws.on('message', onMessage);
    ws.on('close', () => stream.destroy());
    stream.on('end', () => ws.close());
  }

  /** GET …/log: the container's output, followed when asked. */
  async logs(res: import('node:http').ServerResponse, ns: string, name: string, q: URLSearchParams): Promise<void> {
    const id = this.containerId(ns, name, q.get('container'));
    if (!id) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', message: `container not found in pod ${name}`, code: 400 }));
      return;
    }
    const follow = q.get('follow') === 'true';
    const tail = q.get('tailLines');
    const since = q.get('sinceSeconds');
    const opts = {
      stdout: true,
      stderr: true,
      follow,
      timestamps: q.get('timestamps') === 'true',
      ...(tail ? { tail: Number(tail) } : {}),
      ...(since ? { since: Math.floor(Date.now() / 1000) - Number(since) } : {}),
    } as const;
    res.writeHead(200, { 'content-type': 'text/plain' });
    const demux = new StreamDemuxer();
    if (!follow) {
      const buf = await this.docker.getContainer(id).logs({ ...opts, follow: false });
      for (const f of demux.push(buf)) res.write(f.data);
      res.end();
      return;
    }
    const stream = await this.docker.getContainer(id).logs({ ...opts, follow: true });
    stream.on('data', (d: Buffer) => {
      for (const f of demux.push(d)) res.write(f.data);
    });
    stream.on('end', () => res.end());
    res.on('close', () => (stream as unknown as { destroy(): void }).destroy());
  }

  /** Removes whatever this run's kubelet left (containers and volumes). */
  async cleanup(): Promise<void> {
    const filters = JSON.stringify({ label: [`${KUBELET_LABEL}=${this.run}`] });
    for (const c of await this.docker.listContainers({ all: true, filters }).catch(() => []))
      await this.docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const v of (await this.docker.listVolumes({ filters }).catch(() => ({ Volumes: [] }))).Volumes ?? [])
      await this.docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined);
  }
}
