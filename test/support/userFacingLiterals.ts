// Finds the string literals in a TypeScript file that read as words for a person (a sentence, a title, a
// capitalised button label) and are not passed through l10n.t: what a translator would never see.
// Used by the unit test that keeps src/commands and src/views translatable.
import * as ts from 'typescript';

export interface Literal {
  line: number;
  text: string;
  /** The literal's node, so a caller can rewrite it. */
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;
}

/** Calls whose string arguments are for logs, identifiers or machines, never shown as text in the UI. */
const NOT_FOR_PEOPLE = new Set([
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'appendLine',
  'append',
  'executeCommand',
  'registerCommand',
  'getConfiguration',
  'get',
  'update',
  'inspect',
  'setContext',
  'RegExp',
  'request',
  'notify',
  'createOutputChannel',
  'createTreeView',
  'createWebviewPanel',
  'getExtension',
  'parse',
  'file',
  'from',
  'joinPath',
  'with',
  'endsWith',
  'startsWith',
  'includes',
  'split',
  'ThemeIcon',
  'ThemeColor',
  'log',
  'replace',
  'fileName',
]);

/** Properties that hold identifiers (a tree item's context for menus, a command's id), not text. */
const NOT_TEXT_PROPS = new Set(['contextValue', 'id', 'command', 'viewType', 'language', 'scheme', 'languageId', 'extension']);

/** A literal's text, with {0}, {1}… where a template has expressions. */
export function literalText(node: Literal['node']): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  let s = node.head.text;
  node.templateSpans.forEach((span, i) => (s += `{${i}}` + span.literal.text));
  return s;
}

/** Words for a person: two words in a row, or one capitalised word (a button), or an ellipsis. */
export function readsAsWords(text: string): boolean {
  if (/^fakecloud[A-Z]\w* /.test(text)) return false; // a tree item's context value
  const bare = text.replace(/\{\d+\}/g, 'x');
  if (/^[A-Za-z0-9_.:/#-]+$/.test(bare) && !/^[A-Z][a-z]+$/.test(bare)) return false;
  if (/^[a-z][a-zA-Z0-9]*$/.test(bare)) return false;
  return /[A-Za-z]{2,}[ ,.:;!?…'’()-]+[A-Za-z{]/.test(text) || /^[A-Z][a-z]+$/.test(bare) || /…$/.test(text);
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function isL10nCall(call: ts.CallExpression): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && ['t', 'plural', 'key'].includes(e.name.text) && /(^|\.)l10n$/.test(e.expression.getText());
}

/** Whether where the literal stands makes it something other than text for a person. */
function notText(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p)) return true;
  if (ts.isPropertyAssignment(p) && p.name === node) return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
  if (ts.isCaseClause(p)) return true;
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && NOT_TEXT_PROPS.has(p.name.text)) return true;
  if (
    ts.isBinaryExpression(p) &&
    p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(p.left) &&
    NOT_TEXT_PROPS.has(p.left.name.text)
  )
    return true;
  if (ts.isBinaryExpression(p) && ['===', '!==', '==', '!='].includes(p.operatorToken.getText())) {
    // A comparison with a button's answer is text (it must match the translated button); with a field (a state,
    // an engine) it is not.
    const other = p.left === node ? p.right : p.left;
    return ts.isPropertyAccessExpression(other) || ts.isElementAccessExpression(other) || ts.isTypeOfExpression(other);
  }
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const up = n.parent;
    if (ts.isCallExpression(up) || ts.isNewExpression(up)) {
      if (ts.isCallExpression(up) && isL10nCall(up)) return true;
      if (((up.arguments ?? []) as readonly ts.Node[]).includes(n)) {
        const name = calleeName(up);
        return name !== undefined && NOT_FOR_PEOPLE.has(name);
      }
    }
    if (ts.isBlock(up) || ts.isSourceFile(up)) break;
  }
  return false;
}

/** The user-facing literals of a file that do not go through l10n.t. */
export function untranslated(fileName: string, source: string): Literal[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const text = literalText(node);
      if (readsAsWords(text) && !notText(node)) {
        found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, node });
        return; // the literal is one unit; its inner expressions are its arguments
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every message key given to l10n.t in a file (literal first arguments only). */
export function l10nKeys(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isL10nCall(node)) {
      // t(message, …args), key(message); plural(n, one, many, …args)
      const messages =
        (node.expression as ts.PropertyAccessExpression).name.text !== 'plural' ? node.arguments.slice(0, 1) : node.arguments.slice(1, 3);
      for (const m of messages) if (ts.isStringLiteral(m) || ts.isNoSubstitutionTemplateLiteral(m)) keys.push(m.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return keys;
}
