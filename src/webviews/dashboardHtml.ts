// The dashboard page's HTML: bundled script and styles only, a Content-Security-Policy that allows nothing else (no
// network, no inline script but ours by its nonce). Pure.
import { l10n } from '../protocol/l10n';

export interface PageAssets {
  /** The webview's own source for the CSP (webview.cspSource). */
  cspSource: string;
  script: string;
  style: string;
  nonce: string;
  title: string;
  /** The display language, for the page's lang attribute. */
  language?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function dashboardHtml(a: PageAssets): string {
  const csp = [
    "default-src 'none'",
    `img-src ${a.cspSource} data:`,
    `style-src ${a.cspSource}`,
    `font-src ${a.cspSource}`,
    `script-src 'nonce-${a.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(a.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(a.style)}">
<title>${escapeHtml(a.title)}</title>
</head>
<body>
<main id="dashboard" aria-live="off"><p class="muted">${escapeHtml(l10n.t('Loading…'))}</p></main>
<script nonce="${a.nonce}" src="${escapeHtml(a.script)}"></script>
</body>
</html>`;
}

/** A nonce for one page load. */
export function makeNonce(random: (n: number) => Buffer): string {
  return random(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}
