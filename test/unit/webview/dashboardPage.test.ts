// The dashboard page's own logic, which is pure: the board it keeps from a snapshot and the rounds after it, the data
// each chart gets (thinned to its width, a spike kept), the table rows, figures with units, and the page's HTML (its
// CSP allows our bundle by nonce and nothing from the network).
import * as assert from 'node:assert/strict';
import type { DashboardSnapshot } from '../../../src/protocol/dashboard';
import { BoardData } from '../../../src/webview/dashboard/boardData';
import { formatValue } from '../../../src/webview/dashboard/format';
import { dashboardHtml, makeNonce } from '../../../src/webviews/dashboardHtml';

function snapshot(points: [number, number][]): DashboardSnapshot {
  return {
    key: 'r1',
    title: 'orders',
    intervalMs: 1000,
    keepMs: 60_000,
    charts: [{ id: 'cpu', title: 'CPU', unit: 'percent' }],
    series: [{ id: 'cpu', label: 'CPU', unit: 'percent', chart: 'cpu', points }],
    tables: {},
    sources: ["Docker's stats stream"],
    problems: [],
    historyBytes: 14_400,
  };
}

describe('dashboard page', () => {
  it('appends rounds, drops what is older than the kept window, and adds series announced later', () => {
    const b = new BoardData(snapshot([[1000, 5]]));
    assert.equal(b.apply({ key: 'r1', t: 2000, values: { cpu: 7, nobody: 1 } }), false);
    assert.equal(b.latest('cpu'), 7);
    assert.equal(
      b.apply({
        key: 'r1',
        t: 62_000,
        values: { cpu: 9, 'redis.keys.db3': 4 },
        added: {
          charts: [{ id: 'keys', title: 'Keys', unit: 'count' }],
          series: [{ id: 'redis.keys.db3', label: 'db3', unit: 'count', chart: 'keys' }],
        },
      }),
      true,
    );
    assert.deepEqual(b.series.get('cpu')?.ts, [62_000]);
    assert.equal(b.latest('redis.keys.db3'), 4);
  });

  it("a chart's data: one time axis in seconds, gaps as null, a spike kept when thinned to a narrow width", () => {
    const pts: [number, number][] = Array.from({ length: 600 }, (_, i) => [i * 100, i === 300 ? 95 : 1]);
    const b = new BoardData(snapshot(pts));
    const wide = b.aligned('cpu', 1000);
    assert.equal(wide.data[0].length, 600);
    assert.equal(wide.data[0][1], 0.1);
    const narrow = b.aligned('cpu', 50);
    assert.ok(narrow.data[0].length <= 50);
    assert.equal(Math.max(...(narrow.data[1] as number[])), 95);
    const rows = b.rows();
    assert.deepEqual(
      rows.map((r) => [r.chart, r.series.label, r.latest, r.min, r.max]),
      [['CPU', 'CPU', 1, 1, 95]],
    );
  });

  it('figures with their units', () => {
    assert.equal(formatValue(12.345, 'percent'), '12 %');
    assert.equal(formatValue(0.5, 'percent'), '0.5 %');
    assert.equal(formatValue(0.987, 'ratio'), '98.7 %');
    assert.equal(formatValue(1536, 'bytes'), '1.50 KiB');
    assert.equal(formatValue(512, 'bytes'), '512 B');
    assert.equal(formatValue(3 * 1048576, 'bytesPerSecond'), '3.00 MiB/s');
    assert.equal(formatValue(45_678, 'perSecond'), '45.7 k/s');
    assert.equal(formatValue(12.5, 'ms'), '12.5 ms');
    assert.equal(formatValue(2500, 'ms'), '2.50 s');
    assert.equal(formatValue(undefined, 'count'), '—');
  });

  it("the page's HTML: a strict CSP with the script's nonce, no network, the title escaped", () => {
    const nonce = makeNonce(() => Buffer.from('0123456789abcdefgh'));
    assert.match(nonce, /^[A-Za-z0-9]+$/);
    const html = dashboardHtml({
      cspSource: 'vscode-webview://x',
      script: 'vscode-webview://x/d.js',
      style: 'vscode-webview://x/d.css',
      nonce,
      title: '<orders>',
    });
    const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /https?:|unsafe-inline|unsafe-eval|\*/);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="vscode-webview://x/d.js">`));
    assert.match(html, /&lt;orders&gt;/);
  });
});
