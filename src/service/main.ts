// Entry point of the backend service (dist/service.js). Started detached by the
// extension, or by hand as a daemon: node dist/service.js [--idle-timeout S] [--docker-host URL] [--foreground]
import * as fs from 'node:fs';
import * as os from 'node:os';
import { currentServiceLocation } from '../protocol/serviceLocation';
import { Languages } from './support/languages';
import { DockerDiscovery, DEFAULT_DISCOVERY_OPTIONS } from './backends/docker/dockerDiscovery';
import { resolveDockerHost } from './backends/docker/dockerHost';
import { LazyKubernetes } from './backends/kubernetes/lazyKubernetes';
import { LiveModel } from './model/liveModel';
import { CacheRuntime } from './runtime/caches/cacheRuntime';
import { CacheCli } from './runtime/caches/cacheCli';
import { ContainerCaches } from './runtime/caches/containerCaches';
import { FunctionRuntime } from './runtime/functions/functionRuntime';
import { ContainerFunctions } from './runtime/functions/containerFunctions';
import { InstanceRuntime } from './runtime/instances/instanceRuntime';
import { ContainerInstances } from './runtime/instances/containerInstances';
import { LifecycleActions } from './runtime/runtimeDeps';
import { resourceAccess } from './runtime/resourceAccess';
import { Adoption } from './runtime/adoption';
import { PartialFiles } from './runtime/partialFiles';
import { FileBrowser } from './runtime/files/fileBrowser';
import { Uploads } from './runtime/files/uploads';
import { readBoundedSync } from '../platform/boundedRead';
import { Creations } from './runtime/creations';
import { PodInstances } from './runtime/instances/podInstances';
import { stoppedPodFunctions, stoppedPodInstances } from './runtime/stoppedPods';
import { PodFunctions } from './runtime/functions/podFunctions';
import { PodCaches } from './runtime/caches/podCaches';
import { cacheContainerName } from './runtime/caches/cacheSpec';
import { instanceContainerName } from './runtime/instances/instanceSpec';
import { acquireLock, releaseLock } from './runtimeDir';
import { ensurePrivateDir } from '../platform/privateFiles';
import { openStateDirectory } from './store/stateDirectory';
import { parseServiceArgs, USAGE } from './serviceArgs';
import {
  cacheSettingsOf,
  defaultServiceSettings,
  functionSettingsOf,
  instanceSettingsOf,
  podSettingsOf,
  reconcileSettingsOf,
  updateSettingsOf,
} from './serviceSettings';
import { ServiceServer } from './server';
import { DesiredStateStore } from './store/desiredState';
import { StackJournal } from './stacks/stackJournal';
import { ServiceLog } from './support/log';
import { leftoverAnnotator } from './fakecloud/leftovers';
import { ServerWatcher } from './fakecloud/serverWatcher';
import { findServerEngine } from './fakecloud/serverEngine';
import { listeningEndpoints } from './fakecloud/serverPorts';
import { ServerInventories } from './fakecloud/serverInventories';
import { ServerActions } from './fakecloud/serverActions';
import { loadAws } from './fakecloud/lazyAws';
import { ServerCaches } from './runtime/caches/serverCaches';
import { KeyBrowser } from './runtime/caches/keyBrowser';
import { MemcachedBrowser } from './runtime/caches/memcachedBrowser';
import { KeyWatches } from './runtime/caches/keyWatches';
import { Dashboards } from './metrics/dashboards';
import { samplersFor } from './metrics/samplersFor';
import { SeriesStore } from './metrics/seriesStore';
import { ServerInstances } from './runtime/instances/serverInstances';
import { ServerFunctions } from './runtime/functions/serverFunctions';
import { Operations } from './support/operations';
import { ResourceLocks } from './support/resourceLocks';
import { UpdateJournal } from './update/journal';
import { UpdateService } from './update/updateService';
import { PodUpdates } from './update/podUpdates';
import type { PodJournalEntry } from './update/podUpdate';
import { Reconciler } from './reconcile/reconciler';
import { CRASH_LOOP } from './reconcile/crashLoop';
import * as path from 'node:path';
import { ownedKey, resourceKey } from './support/lockKeys';

/** The engine a fakecloud server on this machine uses, if another than the default (Linux: read from /proc). */
function serverEngineHere(): { serverEngine?: ReturnType<typeof findServerEngine> } {
  if (process.platform !== 'linux') return {};
  const engine = findServerEngine({
    pids: () => {
      try {
        return fs
          .readdirSync('/proc')
          .filter((d) => /^\d+$/.test(d))
          .map(Number);
      } catch {
        return [];
      }
    },
    read: safeRead,
    exists: (p) => fs.existsSync(p),
  });
  return engine ? { serverEngine: engine } : {};
}

/** A small file of the user's (the engine's config, a certificate, a server's /proc entry), or undefined. */
function safeRead(p: string): string | undefined {
  try {
    return readBoundedSync(p, 1024 * 1024).toString('utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = parseServiceArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const location = currentServiceLocation();
  // Refuse a directory that is not ours before anything is written into it.
  ensurePrivateDir(location.dir);
  const log = new ServiceLog(location.logPath, 500, 2 * 1024 * 1024, args.foreground);
  // One service per user: the lock is taken before the state is opened, so two
  // services starting at once never both move or read it.
  const lock = acquireLock(location.lockPath);
  if (!lock.ok) {
    log.info(`another service (pid ${lock.pid}) is already running`);
    process.exit(0);
  }
  let state: Awaited<ReturnType<typeof openStateDirectory>>;
  try {
    state = await openStateDirectory(location, log);
  } catch (err) {
    log.error(`cannot open the state directory: ${(err as Error).message}`);
    releaseLock(location.lockPath);
    throw err;
  }
  const model = new LiveModel();
  const settings = defaultServiceSettings(args.dockerHost);
  const store = new DesiredStateStore(location.stateDir);
  const loaded = store.load();
  if (loaded.problem) log.error(`desired state: ${loaded.problem}`);
  const docker = new DockerDiscovery(
    model,
    log,
    () =>
      resolveDockerHost({
        setting: settings.dockerHost,
        env: process.env,
        platform: process.platform,
        homedir: os.homedir(),
        uid: process.getuid?.() ?? 0,
        readFile: safeRead,
        exists: (p) => fs.existsSync(p),
        ...serverEngineHere(),
      }),
    { ...DEFAULT_DISCOVERY_OPTIONS },
  );
  // Off until a window's settings enable it.
  const kubernetes = new LazyKubernetes(model, log, () => settings.kubernetes ?? {});
  const locks = new ResourceLocks();
  // Creates that did not finish (the engine died, or the service did) are undone when the engine answers.
  const creations = new Creations(path.join(location.stateDir, 'creations'), { backend: () => docker.backend(), store, locks, log });
  // What every runtime works with: the backend, the desired state, the locks, the log, the model.
  const base = {
    backend: () => docker.backend(),
    store,
    locks,
    log,
    model,
    creations,
    refresh: async () => {
      kubernetes.republish();
      await docker.refresh();
    },
  };
  // Functions' stored code: what a repair or Adopt Orphan makes a function from.
  const codeDir = path.join(location.stateDir, 'functions');
  // A snapshot's temporary file left by a service killed half-way is removed now.
  const partialFiles = new PartialFiles(path.join(location.stateDir, 'partial-files'));
  for (const f of await partialFiles.cleanStale()) log.info(`removed ${f}, a partial snapshot an interrupted service left`);
  // Uploads a stopped service left: their tars now; their staging folders in containers once each engine answers.
  const uploads = new Uploads(path.join(location.stateDir, 'uploads'), {
    exec: (t) => {
      if (model.backendStatus(t.backend)?.state !== 'connected') return undefined;
      if (t.backend === 'docker') return (cmd) => docker.backend().execPipe(t.id, cmd);
      return (cmd) => kubernetes.pods().execPipe(t.id, t.container ?? '', cmd);
    },
    gone: async (t) =>
      t.backend === 'docker'
        ? (await docker.backend().inspectContainer(t.id)) === undefined
        : (await kubernetes.pods().getPod(t.id)) === undefined,
    log,
  });
  const swept = await uploads.sweepTars();
  if (swept) log.info(`removed ${swept} upload archive(s) an interrupted service left`);
  const backends = { docker: () => docker.backend(), pods: () => kubernetes.pods() };
  const podRefresh = async () => {
    kubernetes.republish();
    await kubernetes.refresh();
  };
  // A fakecloud server's resources as its API lists them; acted on through that API.
  const inventories = new ServerInventories({
    model,
    log,
    makeApi: async (opts) => (await loadAws()).createSdkServerApi(opts),
    invokeTimeoutMs: () => functionSettingsOf(settings).invokeTimeoutMs,
  });
  const serverActions = new ServerActions(model, inventories);
  // Each kind acts through one runner per backend, and one for a fakecloud server's: a resource picks it.
  const lifecycle = new LifecycleActions(base);
  const cacheSettings = () => cacheSettingsOf(settings);
  const cli = new CacheCli((r) => resourceAccess(r, backends));
  const podCaches = new PodCaches({
    pods: backends.pods,
    log,
    store,
    cli,
    podSettings: () => podSettingsOf(settings, 'elasticache'),
    scratchDir: path.join(location.stateDir, 'scratch'),
  });
  const containerCaches = { docker: new ContainerCaches({ ...base, cli, settings: cacheSettings }), kubernetes: podCaches };
  const caches = new CacheRuntime(
    { ...base, partialFiles, cli, settings: cacheSettings },
    { ...containerCaches, server: new ServerCaches(serverActions, containerCaches) },
  );
  const podInstances = new PodInstances({
    pods: backends.pods,
    store,
    log,
    podSettings: () => podSettingsOf(settings, 'ec2'),
    refresh: podRefresh,
  });
  const instances = new InstanceRuntime(
    { ...base, settings: () => instanceSettingsOf(settings) },
    {
      docker: new ContainerInstances({ ...base, actions: lifecycle }),
      kubernetes: podInstances,
      server: new ServerInstances(serverActions),
    },
  );
  const functionSettings = () => functionSettingsOf(settings);

  const containerFunctions = {
    docker: new ContainerFunctions({ ...base, actions: lifecycle, readinessTimeoutMs: () => functionSettings().readinessTimeoutMs }),
    kubernetes: new PodFunctions({
      pods: backends.pods,
      log,
      store,
      refresh: podRefresh,
      podSettings: () => podSettingsOf(settings, 'lambda'),
    }),
  };
  const functions = new FunctionRuntime(
    { ...base, settings: functionSettings, codeDir },
    { ...containerFunctions, server: new ServerFunctions(serverActions, containerFunctions) },
  );
  // Ours stopped on Kubernetes have no Pod, yet stay in the tree.
  model.addExtras('kubernetes', () => [
    ...stoppedPodInstances(store, kubernetes.scope()),
    ...stoppedPodFunctions(store, kubernetes.scope()),
  ]);
  const podUpdates = new PodUpdates({
    pods: () => kubernetes.pods(),
    store,
    podCaches,
    podInstances,
    journal: new UpdateJournal<PodJournalEntry>(path.join(location.stateDir, 'updates-kubernetes')),
    log,
  });
  // A replacement Pod a dead service left unproven is deleted; a proven one is kept and the old Pod deleted.
  kubernetes.onConnected(() => {
    void podUpdates.recover().catch((e: Error) => log.error(`update: recovering Kubernetes updates failed: ${e.message}`));
    void uploads.settle('kubernetes').catch((e: Error) => log.error(`cleaning up after an interrupted upload failed: ${e.message}`));
  });
  const updates = new UpdateService({
    api: () => docker.dockerApi(),
    journal: new UpdateJournal(path.join(location.stateDir, 'updates')),
    locks,
    log,
    model,
    store,
    settings: () => updateSettingsOf(settings),
    refresh: async () => {
      kubernetes.republish();
      await Promise.allSettled([docker.refresh(), kubernetes.refresh()]);
    },
    pods: podUpdates,
    saveCache: (r) => cli.save(r),
  });
  // Tests shrink the crash-loop clock (10 s … 5 min) so a "gave up" takes seconds.
  const scale = Number(process.env.FAKECLOUD_EXPLORER_BACKOFF_SCALE);
  if (scale > 0 && scale < 1)
    for (const k of ['initialMs', 'maxMs', 'resetAfterMs'] as const) CRASH_LOOP[k] = Math.round(CRASH_LOOP[k] * scale);
  const dashboards = new Dashboards({
    store: new SeriesStore((settings.dashboardSampleSeconds ?? 1) * 1000),
    samplersFor: (key) =>
      samplersFor(key, {
        backends,
        resource: (id) => model.get(id),
        awsResource: (id) => model.awsResource(id),
        invocations: (server, fn) => serverActions.invocations(server, fn),
      }),
    exists: (key) => model.get(key) !== undefined || model.awsResource(key) !== undefined,
  });
  const reconciler = new Reconciler({
    resources: async () => {
      const connected = (['docker', 'kubernetes'] as const).filter((b) => model.backendStatus(b)?.state === 'connected');
      if (connected.length === 0) {
        const st = model.backendStatus('docker');
        throw new Error(`Docker unreachable${st?.error ? `: ${st.error}` : ''}`);
      }
      return { resources: model.snapshot().resources.filter((r) => connected.includes(r.backend)), connected: [...connected] };
    },
    requestCount: () => docker.requests,
    backend: () => docker.backend(),
    store,
    caches,
    instances,
    functions,
    log,
    heldBy: ({ kind, name }, r) =>
      ((kind === 'cache' && updates.isUpdating(cacheContainerName(name))) ||
      (kind === 'instance' && updates.isUpdating(instanceContainerName(name))) ||
      (r && updates.isUpdating(r.containerName))
        ? 'update'
        : undefined) ??
      locks.heldBy(ownedKey(kind, name)) ??
      (r ? locks.heldBy(resourceKey(r.id)) : undefined),
    kubernetesScope: () => kubernetes.scope(),
    settings: () => reconcileSettingsOf(settings),
    serverExpects: (id) => {
      const a = model.awsResource(id);
      return a !== undefined && (a.status === 'available' || a.status === 'running') && a.containers.length === 0;
    },
    // An outage too short to be seen as a disconnect still leaves work to settle: each pass looks.
    beforePass: async () => {
      if (model.backendStatus('kubernetes')?.state === 'connected') await podUpdates.recover();
      if (model.backendStatus('docker')?.state === 'connected') await creations.settle();
    },
    // Reports start after the first connect, by which time the server exists.
    report: (r) => {
      dashboards.reconcileReport(r);
      server.broadcastReport(r);
    },
    refresh: () => docker.refresh(),
  });
  // What the service knows of each resource beyond its engine's listing, added as it comes into the model.
  for (const annotate of [
    updates.annotate,
    lifecycle.annotate,
    caches.annotate,
    instances.annotate,
    functions.annotate,
    reconciler.annotate,
    leftoverAnnotator({ engineIsLocal: () => /^(unix|npipe):/.test(model.backendStatus('docker')?.target ?? '') }),
    // After leftovers: a dead server's containers are tied to nothing.
    inventories.annotate,
  ])
    model.addAnnotator(annotate);
  // Before anything else touches containers: finish or undo what a dead service left half-way; then the first pass.
  // What the engine stopped while it was away did not crash: crash-loop counts start afresh.
  docker.onConnected(() => {
    reconciler.forgiveAll();
    void updates
      .recover()
      .then(() => creations.settle())
      .catch((e: Error) => log.error(`cleaning up after an interrupted create failed: ${e.message}`))
      .then(() => reconciler.start());
    void uploads.settle('docker').catch((e: Error) => log.error(`cleaning up after an interrupted upload failed: ${e.message}`));
  });
  let engineWatched = '';
  const servers = new ServerWatcher({
    onChange: (list) => {
      inventories.update(list);
      // A server that answers now may make its containers on another engine (Podman): that one is watched.
      const engine = serverEngineHere().serverEngine?.url ?? '';
      if (list.some((s) => s.state === 'connected') && engine && engine !== engineWatched && !settings.dockerHost) {
        engineWatched = engine;
        if (model.backendStatus('docker')?.target !== engine) {
          log.info(`Docker: ${serverEngineHere().serverEngine?.source ?? 'a fakecloud server'} — watching ${engine}`);
          void docker.reconnectNow();
        }
      }
    },
    serverContainersSeen: () => model.some((r) => r.owner.type === 'fakecloud'),
    log: (line) => log.info(line),
  });
  if (settings.servers) servers.setEndpoints(settings.servers);
  if (settings.fallbackPollSeconds) servers.setPollMs(settings.fallbackPollSeconds * 1000);
  // Whether an unreachable server is worth showing follows the containers a server made; a server's containers
  // changing means its resources did: it is listed again soon.
  // Where running servers listen, from their containers' owner pids (on an engine of this machine, where those pids
  // are ours to read): a server on another port than the default is found without a setting.
  const portsOfPid = new Map<number, string[]>();
  const findServers = () => {
    if (!/^(unix|npipe):/.test(model.backendStatus('docker')?.target ?? '')) return;
    const pids = new Set<number>();
    for (const r of model.snapshot().resources)
      if (r.backend === 'docker' && r.owner.type === 'fakecloud' && r.owner.pid !== undefined && !r.leftover) pids.add(r.owner.pid);
    for (const pid of [...portsOfPid.keys()]) if (!pids.has(pid)) portsOfPid.delete(pid);
    for (const pid of pids) if (!portsOfPid.get(pid)?.length) portsOfPid.set(pid, listeningEndpoints(pid));
    servers.setFound([...portsOfPid.values()].flat());
  };
  model.onDiff((d) => {
    if (!d.upserted.length && !d.removed.length) return;
    findServers();
    servers.modelChanged();
    if (d.removed.length || d.upserted.some((r) => r.owner.type === 'fakecloud' && !r.aws)) inventories.nudge();
  });
  const languages = new Languages(path.resolve(__dirname, '..', 'l10n'));
  languages.install();
  const server = new ServiceServer({
    location,
    languages,
    idleShutdownMs: args.idleTimeoutSeconds * 1000,
    model,
    log,
    docker,
    kubernetes,
    caches,
    instances,
    functions,
    adoption: new Adoption({ ...base, codeDir }),
    updates,
    reconciler,
    operations: new Operations(),
    servers,
    inventories,
    serverActions,
    files: new FileBrowser(model, backends, uploads),
    keys: new KeyBrowser((r) => (cmd) => resourceAccess(r, backends).execPipe(cmd)),
    memcached: new MemcachedBrowser((r) => (cmd) => resourceAccess(r, backends).execPipe(cmd)),
    keyWatches: new KeyWatches((r) => (cmd) => resourceAccess(r, backends).execPipe(cmd)),
    dashboards,
    settings,
    desiredState: store,
    stackJournal: new StackJournal(path.join(location.stateDir, 'stacks')),
    creations,
    stateProblem: () => store.problem,
  });
  server.onExit(() => {
    state.release();
    process.exit(0);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => void server.stop(`signal ${sig}`));
  }
  process.on('uncaughtException', (err) => log.error(`uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) =>
    log.error(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  );
  await server.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`fakecloud service: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
