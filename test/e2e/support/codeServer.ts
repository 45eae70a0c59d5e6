// A real VS Code (code-server 4.100.3) with the packaged extension installed,
// served on 127.0.0.1 in a profile of its own, with the service's runtime
// directory and the Docker host chosen by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../../src/service/runtime/readiness';
import { execFileP, waitFor } from '../../support/docker';

export const REPO = path.resolve(__dirname, '../../../..');
export const VSIX = path.join(REPO, 'fakecloud-explorer.vsix');
const TOOLS = process.env.FAKECLOUD_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'fakecloud-explorer');
export const CODE_SERVER_ENTRY = path.join(TOOLS, 'code-server-4.100.3', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What the e2e suite needs and is missing, if anything. */
export function missingForE2e(): string | undefined {
  if (!fs.existsSync(path.join(TOOLS, 'code-server-4.100.3', '.complete')) || !fs.existsSync(CODE_SERVER_ENTRY)) {
    return `code-server 4.100.3 is not installed in ${TOOLS} (run scripts/install-code-server.sh)`;
  }
  if (!fs.existsSync(CHROMIUM)) return `Chromium is not at ${CHROMIUM} (apt-get install chromium)`;
  if (!fs.existsSync(VSIX)) return `${VSIX} is missing (run npm run package)`;
  return undefined;
}

/** Fails under CI=true, skips with the reason elsewhere. */
export function requireE2e(ctx: Mocha.Context): void {
  const missing = missingForE2e();
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  console.warn(`      skipped: ${missing}`);
  ctx.skip();
}

export interface CodeServerOptions {
  settings: Record<string, unknown>;
  /** The extension's service runs here, apart from any service of the user's. */
  runtimeDir: string;
  /** Where the service keeps what must last (kept apart from the machine's own). */
  stateDir: string;
  /** Other extensions to install beside ours (.vsix paths). */
  extraVsix?: string[];
  /** Workspace Trust on, the folder untrusted (Restricted Mode), no prompt; off by default (every folder trusted). */
  restricted?: boolean;
}

/** The tests' tool caller (test/e2e/support/toolCaller) packaged as a .vsix in `dir`. */
export async function packageToolCaller(dir: string): Promise<string> {
  const out = path.join(dir, 'tool-caller.vsix');
  const src = path.join(REPO, 'test', 'e2e', 'support', 'toolCaller');
  await execFileP(
    process.execPath,
    [
      path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--out',
      out,
    ],
    { cwd: src, timeout: 60_000 },
  );
  return out;
}

export class CodeServer {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-e2e-'));
  readonly workspace = path.join(this.root, 'workspace');
  /** The AWS CLI's files as the extension sees them: never the machine's own ~/.aws. */
  readonly awsConfig = path.join(this.root, 'aws', 'config');
  readonly awsCredentials = path.join(this.root, 'aws', 'credentials');
  private proc: ChildProcess | undefined;
  port = 0;
  log = '';

  constructor(private readonly opts: CodeServerOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      // Keeps code-server off any public extension gallery: loopback only.
      EXTENSIONS_GALLERY: JSON.stringify({
        serviceUrl: 'http://127.0.0.1:9/gallery',
        itemUrl: 'http://127.0.0.1:9/items',
        resourceUrlTemplate: 'http://127.0.0.1:9/r',
      }),
      FAKECLOUD_EXPLORER_RUNTIME_DIR: this.opts.runtimeDir,
      FAKECLOUD_EXPLORER_STATE_DIR: this.opts.stateDir,
      AWS_CONFIG_FILE: this.awsConfig,
      AWS_SHARED_CREDENTIALS_FILE: this.awsCredentials,
    };
  }

  private dirs(): string[] {
    return ['--extensions-dir', path.join(this.root, 'extensions'), '--user-data-dir', path.join(this.root, 'user-data')];
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.workspace, { recursive: true });
    const userDir = path.join(this.root, 'user-data', 'User');
    fs.mkdirSync(userDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDir, 'settings.json'),
      JSON.stringify({
        // The workbench npm start uses: quiet and offline.
        ...(JSON.parse(fs.readFileSync(path.join(REPO, 'scripts', 'quiet-workbench.json'), 'utf8')) as Record<string, unknown>),
        'workbench.colorTheme': 'Default Dark Modern',
        // Each suite's screens are its own; the walkthrough's suite turns it on.
        'fakecloud.walkthrough.openOnFirstUse': false,
        // Restricted Mode as a user who answered "No" has it: opened without being asked again.
        ...(this.opts.restricted ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.enabled': true } : {}),
        ...this.opts.settings,
      }),
    );
    const extra = (this.opts.extraVsix ?? []).flatMap((v) => ['--install-extension', v]);
    await execFileP(process.execPath, [CODE_SERVER_ENTRY, ...this.dirs(), '--install-extension', VSIX, ...extra, '--force'], {
      env: this.env(),
      timeout: 120_000,
    });
    this.port = await freeLoopbackPort();
    this.proc = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${this.port}`,
        ...this.dirs(),
        '--disable-telemetry',
        '--disable-update-check',
        ...(this.opts.restricted ? [] : ['--disable-workspace-trust']),
        this.workspace,
      ],
      { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    await waitFor('code-server to listen', () => /HTTP server listening/.test(this.log) || undefined, 60_000, 100);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p && p.exitCode === null) {
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
