// Entry point of the backend service (dist/service.js). Started detached by the
// extension, or by hand as a daemon: node dist/service.js [--idle-timeout S] [--docker-host URL] [--foreground]
import * as fs from 'node:fs';
import * as os from 'node:os';
import { currentServiceLocation } from '../protocol/serviceLocation';
import { DockerDiscovery, DEFAULT_DISCOVERY_OPTIONS } from './backends/docker/dockerDiscovery';
import { resolveDockerHost } from './backends/docker/dockerHost';
import { LiveModel } from './model/liveModel';
import { ServiceServer } from './server';
import { ServiceLog } from './support/log';

interface Args {
  idleTimeoutSeconds: number;
  dockerHost?: string;
  foreground: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { idleTimeoutSeconds: 300, foreground: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--idle-timeout') {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error('--idle-timeout takes seconds (0 = never)');
      args.idleTimeoutSeconds = n;
    } else if (a === '--docker-host') args.dockerHost = value();
    else if (a === '--foreground') args.foreground = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node service.js [--idle-timeout SECONDS] [--docker-host URL] [--foreground]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function safeRead(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const location = currentServiceLocation();
  fs.mkdirSync(location.dir, { recursive: true, mode: 0o700 });
  const log = new ServiceLog(location.logPath, 500, 2 * 1024 * 1024, args.foreground);
  const model = new LiveModel();
  const settings = { dockerHost: args.dockerHost ?? '', fallbackPollSeconds: DEFAULT_DISCOVERY_OPTIONS.fallbackPollMs / 1000 };
  const docker = new DockerDiscovery(model, log, () =>
    resolveDockerHost({
      setting: settings.dockerHost,
      env: process.env,
      platform: process.platform,
      homedir: os.homedir(),
      uid: process.getuid?.() ?? 0,
      readFile: safeRead,
      exists: (p) => fs.existsSync(p),
    }),
    { ...DEFAULT_DISCOVERY_OPTIONS },
  );
  const server = new ServiceServer({ location, idleShutdownMs: args.idleTimeoutSeconds * 1000, model, log, docker, settings });
  server.onExit(() => process.exit(0));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => void server.stop(`signal ${sig}`));
  }
  process.on('uncaughtException', (err) => log.error(`uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => log.error(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  const result = await server.start();
  if (result === 'already-running') process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`fakecloud service: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
