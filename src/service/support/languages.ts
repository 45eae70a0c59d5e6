// The service's words in each client's language. A window names its language when it says hello; a request runs
// in that language (AsyncLocalStorage carries it through the operation's awaits), and what is sent to every
// window (reconcile reports) goes out in the language of the window that said hello last. Translations come from
// the extension's own l10n bundles, the files vscode.l10n.t reads in the window.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleTranslator, setTranslator } from '../../protocol/l10n';

type Bundle = Readonly<Record<string, string>>;

const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

export class Languages {
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly bundles = new Map<string, Bundle | undefined>();
  private lastHello = 'en';

  constructor(private readonly bundleDir: string) {}

  /** Our translator from now on. */
  install(): void {
    setTranslator(bundleTranslator(() => this.bundle(this.scope.getStore() ?? this.lastHello)));
  }

  /** A window said hello in this language (VS Code's display language, e.g. "de" or "pt-br"). */
  heard(language: string): void {
    this.lastHello = language;
  }

  /** Runs fn, and whatever it starts, in a window's language. */
  run<T>(language: string, fn: () => T): T {
    return this.scope.run(language, fn);
  }

  /** The bundle of a language, or of its base ("pt" for "pt-br"); none for English or one we lack. */
  bundle(language: string): Bundle | undefined {
    const lang = language.toLowerCase();
    if (lang === 'en' || lang.startsWith('en-')) return undefined;
    if (!this.bundles.has(lang)) {
      const base = lang.split('-')[0];
      this.bundles.set(lang, this.read(lang) ?? (base !== lang ? this.read(base) : undefined));
    }
    return this.bundles.get(lang);
  }

  private read(lang: string): Bundle | undefined {
    const file = path.join(this.bundleDir, `bundle.l10n.${lang}.json`);
    try {
      if (fs.statSync(file).size > MAX_BUNDLE_BYTES) return undefined;
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!parsed || typeof parsed !== 'object') return undefined;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) {
        // A bundle entry is a string, or { message, comment } for translators' notes.
        if (typeof v === 'string') out[k] = v;
        else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string')
          out[k] = (v as { message: string }).message;
      }
      return out;
    } catch {
      return undefined;
    }
  }
}

/** A language name as VS Code gives it; anything else is not used to build a path. */
export function languageName(s: unknown): string | undefined {
  return typeof s === 'string' && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(s) ? s : undefined;
}
