// The extension's activation: loading dist/extension.js and calling activate(),
// with a minimal stand-in for the `vscode` module (only this harness uses it).
// The thin client must not load dockerode or the Kubernetes client.
import Module from 'node:module';
import * as path from 'node:path';
import { median, ms, type BenchResult } from './stats';

function fakeVscode(): unknown {
  const disposable = { dispose: () => undefined };
  const emitter = class {
    event = () => disposable;
    fire(): void {}
    dispose(): void {}
  };
  const channel = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, show() {}, dispose() {} };
  return {
    EventEmitter: emitter,
    TreeItem: class {},
    ThemeIcon: class {},
    ThemeColor: class {},
    MarkdownString: class {},
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ConfigurationTarget: { Global: 1 },
    env: { appName: 'bench' },
    window: {
      createOutputChannel: () => channel,
      createTreeView: () => ({ visible: false, onDidChangeVisibility: () => disposable, dispose() {} }),
      createStatusBarItem: () => ({ show() {}, dispose() {} }),
    },
    workspace: {
      getConfiguration: () => ({ get: <T>(_k: string, d: T) => d }),
      onDidChangeConfiguration: () => disposable,
      registerTextDocumentContentProvider: () => disposable,
    },
    commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
  };
}

export async function activationBench(distDir: string, rounds = 20): Promise<BenchResult> {
  const bundle = path.join(distDir, 'extension.js');
  const vscode = fakeVscode();
  const load = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
  const original = load._load;
  load._load = (req, parent, isMain) => (req === 'vscode' ? vscode : original(req, parent, isMain));
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      delete require.cache[require.resolve(bundle)];
      const subscriptions: { dispose(): void }[] = [];
      const t = performance.now();
      // The bundle is loaded afresh each round through Node's own loader, which an import cannot do.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate(ctx: unknown): void };
      ext.activate({ subscriptions, extensionPath: path.dirname(distDir) });
      times.push(performance.now() - t);
      for (const s of subscriptions) s.dispose();
    }
  } finally {
    load._load = original;
  }
  const loaded = Object.keys(require.cache).filter((k) => /dockerode|docker-modem|client-node/.test(k));
  const m = median(times);
  return {
    name: 'extension activation (load bundle + activate)',
    measured: `median ${ms(m)}, first ${ms(times[0])} over ${rounds}; heavy modules loaded: ${loaded.length}`,
    ratio: times[0] / 50,
    goal: '≤ 1.0× of 50 ms (first load)',
    ok: times[0] <= 50 && loaded.length === 0,
  };
}

// Run as a child process, so nothing the benchmark runner loaded counts.
if (require.main === module) {
  activationBench(process.argv[2] ?? path.resolve(__dirname, '../../dist'))
    .then((r) => process.stdout.write(JSON.stringify(r) + '\n'))
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      process.stderr.write(String(err) + '\n');
      process.exit(1);
    });
}
