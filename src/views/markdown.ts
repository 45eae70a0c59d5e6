// Values that come from elsewhere (labels, tags, a server's answers, key and file names) inside the Markdown of a
// tooltip: always as text, never as Markdown, links, images or HTML, and on one line. Tooltips are rendered without
// theme icons, which VS Code would substitute anywhere in the rendered text, code spans included. Pure.

import { oneLine } from '../protocol/text';

/**
 * A value as Markdown text that reads as the value and nothing else: every ASCII punctuation mark escaped (so no
 * emphasis, link, image, autolink, HTML or table cell can start), on one line.
 */
export function mdText(s: string): string {
  return oneLine(s).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A value as a code span that holds it whole: on one line (a blank line would end the span and let what follows
 * be read as Markdown), fenced with more backticks than any run inside it, and padded where its edges need it.
 */
export function mdCode(s: string): string {
  const body = oneLine(s);
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // A space each side is taken off again by the reader: only where an edge backtick, or spaces at both ends, need it.
  const pad = /^`|`$/.test(body) || (/^ .* $/.test(body) && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A value as a fenced block, shown whole on as many lines as it has: fenced with more backticks than any run in it. */
export function mdFence(s: string, language = ''): string {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${s.replace(/\r\n?/g, '\n')}\n${fence}`;
}
