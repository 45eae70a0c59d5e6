// The manifest's user-facing words come from package.nls.json (so a translation is a file beside it): every title,
// description and welcome text is a %key% that the file has, and the file has no key nothing uses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const pkgText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The strings at these property names are shown to the user. */
const SHOWN = new Set([
  'title',
  'category',
  'name',
  'contents',
  'description',
  'markdownDescription',
  'displayName',
  'userDescription',
  'altText',
]);

function shownStrings(v: unknown, at: string, out: { at: string; text: string }[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => shownStrings(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && SHOWN.has(k)) out.push({ at: `${at}.${k}`, text: x });
      else if (k === 'enumDescriptions' && Array.isArray(x)) x.forEach((d, i) => out.push({ at: `${at}.${k}[${i}]`, text: String(d) }));
      else shownStrings(x, `${at}.${k}`, out);
    }
}

describe('manifest words through package.nls.json', () => {
  it('every user-facing string in contributes is a key the file has', () => {
    const pkg = JSON.parse(pkgText) as { displayName: string; description: string; contributes: unknown };
    const shown: { at: string; text: string }[] = [
      { at: 'displayName', text: pkg.displayName },
      { at: 'description', text: pkg.description },
    ];
    shownStrings(pkg.contributes, 'contributes', shown);
    // A view's or tool's internal name is not shown; model descriptions are for the model, in English.
    const literal = shown.filter((s) => !/^%[\w.-]+%$/.test(s.text) && !/\.inputSchema|\.languageModelTools\[\d+\]\.name$/.test(s.at));
    assert.deepEqual(literal, []);
    for (const s of shown.filter((x) => /^%[\w.-]+%$/.test(x.text)))
      assert.ok(nls[s.text.slice(1, -1)] !== undefined, `${s.at}: ${s.text}`);
  });

  it('the file has no key nothing uses', () => {
    const unused = Object.keys(nls).filter((k) => !pkgText.includes(`"%${k}%"`));
    assert.deepEqual(unused, []);
  });
});
