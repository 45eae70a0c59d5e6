// The one way our words reach a person: l10n.t('English with {0}', arg). Shared by both ends so that pure
// modules (tree rows, confirmations, the service's errors) stay testable without VS Code. The extension routes
// it through vscode.l10n.t; the service through the bundle of the language its client named.

export type L10nArg = string | number | boolean;
export type Translator = (message: string, args: readonly L10nArg[]) => string;

/** Puts the arguments in their {n} places; a place without an argument is left as it is. */
export function format(message: string, args: readonly L10nArg[]): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
}

let translator: Translator = format;

export const l10n = {
  /** The message in the user's language (English when there is no translation), with its arguments in place. */
  t(message: string, ...args: L10nArg[]): string {
    return translator(message, args);
  },
  /** A message translated later, where it is shown (a chart's title, which the dashboard page renders). */
  key(message: string): string {
    return message;
  },
  /** A count with its word: l10n.plural(n, '{0} key', '{0} keys'); both forms are messages of their own, {0} is n. */
  plural(n: number, one: string, many: string, ...args: L10nArg[]): string {
    return translator(n === 1 ? one : many, [n.toLocaleString('en-US'), ...args]);
  },
};

/** Set once by each end at start-up. */
export function setTranslator(t: Translator): void {
  translator = t;
}

/** A bundle's lookup (message → translation), formatted as vscode.l10n.t does. */
export function bundleTranslator(bundle: () => Readonly<Record<string, string>> | undefined): Translator {
  return (message, args) => format(bundle()?.[message] ?? message, args);
}
