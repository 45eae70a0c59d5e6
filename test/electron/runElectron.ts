// Runs the command-level suite inside a desktop VS Code extension host with
// @vscode/test-electron, where a desktop VS Code can be had: VSCODE_EXECUTABLE,
// or a download when FAKECLOUD_VSCODE_DOWNLOAD=1 (never by default: these
// machines may send no traffic off loopback). Elsewhere it says why and skips.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  let executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !fs.existsSync(executable)) throw new Error(`VSCODE_EXECUTABLE=${executable} does not exist`);
  if (!executable && process.env.FAKECLOUD_VSCODE_DOWNLOAD === '1') executable = await downloadAndUnzipVSCode('1.100.3');
  if (!executable) {
    console.log(
      'electron suite: skipped — no desktop VS Code can be had here (no download on these machines); set VSCODE_EXECUTABLE, or ' +
        'FAKECLOUD_VSCODE_DOWNLOAD=1 where downloads work',
    );
    return;
  }
  const code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-electron-'))],
  });
  if (code !== 0) process.exit(code);
}

main().catch((err: unknown) => {
  console.error(`electron suite: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
