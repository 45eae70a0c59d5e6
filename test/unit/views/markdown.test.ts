// Untrusted values in tooltips, rendered as VS Code renders Markdown (marked, GitHub flavour): a label, tag, server
// answer, key or file name is shown as the text it is, never as a link, an image (a beacon fetched on hover), HTML,
// emphasis or a new paragraph; the only link is our own Inspect.
import * as assert from 'node:assert/strict';
import { marked } from 'marked';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import type { AwsResource } from '../../../src/protocol/aws';
import { awsTooltip } from '../../../src/views/awsNodes';
import { renderFileNode } from '../../../src/views/fileNodes';
import { renderKeyNode } from '../../../src/views/keyTree';
import { mdCode, mdFence, mdText } from '../../../src/views/markdown';
import { statsMarkdown } from '../../../src/views/memcachedNodes';
import { serverTooltip } from '../../../src/views/serverStatus';
import { renderStack } from '../../../src/views/stackNodes';
import { resourceTooltip } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

/** What an attacker writes into a label, a tag, a server's answer, a key or a file name. */
const HOSTILE =
  'x`\n\n![beacon](https://evil.example/b.png)\n\n[click](command:fakecloud.deleteCache) <img src=https://evil.example/i> ' +
  'https://evil.example/p www.evil.example $(alert) **bold** | a | b |\n# Heading\r\n&#x3C;b&#x3E;';

function render(md: string): string {
  return marked.parse(md, { gfm: true, async: false });
}

/** The rendered HTML holds no image, no HTML from the value, no heading, and no link but our Inspect. */
function assertInert(md: string, what: string, ourTable = false): void {
  const html = render(md);
  assert.ok(!/<img/i.test(html), `${what}: an image\n${html}`);
  assert.ok(!/<h\d/i.test(html), `${what}: a heading\n${html}`);
  // memcached's stats are a table of our own: two cells a row, whatever the values.
  if (ourTable)
    assert.ok(
      [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].every((m) => (m[1].match(/<t[dh]/g) ?? []).length === 2),
      html,
    );
  else assert.ok(!/<table/i.test(html), `${what}: a table\n${html}`);
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(
    links.every((l) => l.startsWith('command:fakecloud.inspect?')),
    `${what}: links ${JSON.stringify(links)}`,
  );
  assert.ok(!/<b>|<strong>bold/i.test(html), `${what}: markup from the value\n${html}`);
}

describe('untrusted values in tooltips', () => {
  it('text and code spans read as the value: one line, nothing interpreted, backticks kept', () => {
    assert.equal(render(mdText('**a** [b](c)\nd')).trim(), '<p>**a** [b](c)\\nd</p>');
    for (const v of ['plain', 'a`b', '``edge``', ' spaced ', 'x\n\ny']) {
      const html = render(mdCode(v)).trim();
      const inner = /^<p><code>([\s\S]*)<\/code><\/p>$/.exec(html)?.[1];
      const decoded = inner
        ?.replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'");
      assert.equal(decoded, v.replace(/\n/g, '\\n'), v);
    }
  });

  it('a fenced block (a payload an agent asks to send) shows every line of it, and nothing else', () => {
    const payload = `{"a": 1}\n\`\`\`\n${HOSTILE}`;
    assertInert(mdFence(payload, 'json'), 'fence');
    assert.match(render(mdFence(payload, 'json')), /^<pre><code class="language-json">[\s\S]*<\/code><\/pre>\s*$/);
  });

  it("a resource's labels, tags and image", () => {
    const [r] = resourcesFromContainers([
      container(
        {
          'fakecloud-elasticache': HOSTILE,
          'fakecloud-instance': 'fakecloud-77',
          'fakecloud-account': HOSTILE,
          'fakecloud-explorer.tag.team': HOSTILE,
        },
        { Id: 'c1', Image: HOSTILE, Status: HOSTILE },
      ),
    ]);
    const md = resourceTooltip(r);
    assertInert(md, 'resource');
    assert.match(md, /\[Inspect\]\(command:fakecloud\.inspect\?/);
  });

  it("a server's resource, a server, a stack, a key, a file and memcached's stats", () => {
    const a: AwsResource = {
      id: 'aws|x|cache-cluster|1|c',
      server: HOSTILE,
      type: 'cache-cluster',
      awsId: HOSTILE,
      displayName: HOSTILE,
      status: HOSTILE,
      engine: HOSTILE,
      details: [[HOSTILE, HOSTILE]],
      containers: [],
    };
    assertInert(awsTooltip(a, []), 'aws');
    assertInert(serverTooltip({ endpoint: HOSTILE, state: 'connected', version: HOSTILE, services: [HOSTILE] }), 'server');
    assertInert(serverTooltip({ endpoint: 'http://127.0.0.1:4566', state: 'unreachable', error: HOSTILE }), 'server down');
    assertInert(renderStack({ file: '/w/fakecloud.yaml', name: 'shop', scope: 'abc' }, 0, HOSTILE).tooltipMarkdown ?? '', 'stack');
    const key = renderKeyNode({ type: 'key', resourceId: 'r', db: 0, key: { name: HOSTILE, type: HOSTILE, ttlMs: -1 } }, undefined);
    assertInert(key.tooltipMarkdown ?? '', 'key');
    const file = renderFileNode({
      type: 'file',
      resourceId: 'r',
      path: `/srv/${HOSTILE}`,
      entry: { name: HOSTILE, kind: 'file', size: 1, mtime: 0, mode: 0o644, uid: 0, gid: 0 },
    });
    assertInert(file.tooltipMarkdown ?? '', 'file');
    assertInert(
      statsMarkdown(HOSTILE, {
        version: HOSTILE,
        uptimeSeconds: 1,
        items: 1,
        bytes: 1,
        limitBytes: 2,
        hits: 1,
        misses: 0,
        evictions: 0,
        connections: 1,
      } as Parameters<typeof statsMarkdown>[1]),
      'memcached',
      true,
    );
  });
});
