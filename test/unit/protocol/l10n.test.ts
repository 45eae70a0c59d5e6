// Our words are translatable: no user-facing literal in src/commands or src/views bypasses l10n.t, the English
// bundle (l10n/bundle.l10n.json, what a translator starts from) lists exactly the messages the sources use, and a
// translation given to either end comes out where the user reads it: a tree row in the window, a service error.
// UPDATE_L10N=1 rewrites the English bundle from the sources.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { l10nKeys, untranslated } from '../../support/userFacingLiterals';
import { bundleTranslator, format, l10n, setTranslator } from '../../../src/protocol/l10n';
import { Languages, languageName } from '../../../src/service/support/languages';
import { renderKeyNode } from '../../../src/views/keyTree';
import { UserError } from '../../../src/service/runtime/userError';

const root = path.resolve(__dirname, '../../../..');
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('l10n: every word through l10n.t', () => {
  afterEach(() => setTranslator(format));

  for (const dir of ['src/commands', 'src/views']) {
    it(`no user-facing literal in ${dir} bypasses it`, () => {
      const bypasses = tsFiles(dir).flatMap((f) =>
        untranslated(f, fs.readFileSync(path.join(root, f), 'utf8')).map((l) => `${f}:${l.line}: ${JSON.stringify(l.text)}`),
      );
      assert.deepEqual(bypasses, [], `wrap these in l10n.t (or l10n.plural for counts):\n${bypasses.join('\n')}`);
    });
  }

  it('the check finds a literal that bypasses it, and passes one that does not', () => {
    const src = [
      "import * as vscode from 'vscode';",
      "void vscode.window.showWarningMessage(`Delete ${name}?`, { modal: true }, 'Delete');",
      "void vscode.window.showInformationMessage(l10n.t('Deleted {0}', name));",
      "if (r.state === 'Running') log.info('state is running now');",
      "const item = { contextValue: 'fakecloudKey type:string', label: l10n.plural(n, '{0} key', '{0} keys') };",
    ].join('\n');
    assert.deepEqual(
      untranslated('x.ts', src).map((l) => l.text),
      ['Delete {0}?', 'Delete'],
    );
    assert.deepEqual(l10nKeys('x.ts', src), ['Deleted {0}', '{0} key', '{0} keys']);
  });

  it('the English bundle lists exactly the messages the sources use', () => {
    const used = new Set<string>();
    for (const f of tsFiles('src')) for (const k of l10nKeys(f, fs.readFileSync(path.join(root, f), 'utf8'))) used.add(k);
    const want = Object.fromEntries([...used].sort().map((k) => [k, k]));
    if (process.env.UPDATE_L10N === '1') {
      fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
      fs.writeFileSync(bundlePath, JSON.stringify(want, null, 2) + '\n');
    }
    const have = JSON.parse(fs.readFileSync(bundlePath, 'utf8')) as Record<string, string>;
    const missing = [...used].filter((k) => !(k in have));
    const unused = Object.keys(have).filter((k) => !used.has(k));
    assert.deepEqual({ missing, unused }, { missing: [], unused: [] }, 'run UPDATE_L10N=1 npm run test:unit');
    assert.ok(used.size > 500, `only ${used.size} messages found: the extraction is broken`);
  });

  it('the manifest points VS Code at the bundles, and the package ships them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(pkg.l10n, './l10n');
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!l10n\/\*\*$/m);
  });

  it('a translation reaches a tree row, with its arguments and plural form', () => {
    const de: Record<string, string> = { '{0} keys': '{0} Schlüssel', 'filter {0}': 'Filter {0}', 'ttl {0}': 'läuft ab in {0}' };
    setTranslator(bundleTranslator(() => de));
    const db = renderKeyNode({ type: 'keyDb', resourceId: 'r', db: 3, keys: 1507 }, 'user:*');
    assert.equal(db.description, '1,507 Schlüssel · Filter user:*');
    assert.equal(l10n.plural(1, '{0} key', '{0} keys'), '1 key', 'an untranslated form stays English');
    assert.equal(l10n.t('Not translated {0} {1}', 7), 'Not translated 7 {1}', 'a place without an argument stays');
  });

  it('the service answers in the language its window said hello in, and in English for one it lacks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    try {
      fs.writeFileSync(path.join(dir, 'bundle.l10n.de.json'), JSON.stringify({ 'that resource is gone': 'diese Ressource ist fort' }));
      fs.writeFileSync(path.join(dir, 'bundle.l10n.fr.json'), '{ not json');
      const languages = new Languages(dir);
      languages.install();
      const fail = () => Promise.reject(new UserError(l10n.t('that resource is gone')));
      // The language follows the request through its awaits.
      await assert.rejects(
        languages.run('de', async () => {
          await new Promise((r) => setTimeout(r, 5));
          return fail();
        }),
        /diese Ressource ist fort/,
      );
      await assert.rejects(languages.run('de-AT', fail), /diese Ressource ist fort/, 'a regional variant falls back to its base');
      await assert.rejects(languages.run('fr', fail), /that resource is gone/, 'a broken bundle is not used');
      await assert.rejects(languages.run('en', fail), /that resource is gone/);
      // Outside a request (a report to every window): the language of the last hello.
      languages.heard('de');
      assert.equal(l10n.t('that resource is gone'), 'diese Ressource ist fort');
      assert.equal(languageName('pt-br'), 'pt-br');
      assert.equal(languageName('../../etc'), undefined, 'a language never becomes a path');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
