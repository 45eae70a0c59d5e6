// The dashboard page: charts (uPlot, bundled) of what the extension relays, an accessible table of the same figures,
// the slowlog and the reconciler's timeline. Colours are the theme's own (read again when the theme changes); every
// chart follows the panel's width. Nothing here polls: the page only draws what it is sent.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { ChartDef, SlowlogEntry, TimelineEvent } from '../../protocol/dashboard';
import type { FromPage, ToPage } from '../../protocol/dashboardMessages';
import { BoardData } from './boardData';
import { formatTime, formatValue } from './format';
import { bundleTranslator, l10n, setTranslator } from '../../protocol/l10n';

interface VsCodeApi {
  postMessage(m: FromPage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('dashboard') as HTMLElement;
const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];
const HEIGHT = 150;

let board: BoardData | undefined;
let view: 'charts' | 'table' = 'charts';
const plots = new Map<string, uPlot>();

function css(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function plotWidth(host: HTMLElement): number {
  return Math.max(160, host.clientWidth);
}

function makePlot(c: ChartDef, host: HTMLElement, b: BoardData): uPlot {
  const fg = css('--vscode-foreground', '#ccc');
  const grid = css('--vscode-editorWidget-border', css('--vscode-panel-border', '#8884'));
  const { series, data } = b.aligned(c.id, plotWidth(host));
  const opts: uPlot.Options = {
    width: plotWidth(host),
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      // At least the last minute, so a few points do not stretch across a range of years or milliseconds.
      x: { time: true, range: (_u, min, max) => [Math.min(min, max - 60), max] },
      y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      {
        stroke: fg,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        size: 70,
        values: (_u, vals) => vals.map((v) => formatValue(v, c.unit)),
      },
    ],
    series: [
      {},
      ...series.map((s, i) => {
        const ceiling = c.ceiling === s.id;
        return {
          label: l10n.t(s.label),
          stroke: ceiling ? fg : css(`--vscode-charts-${PALETTE[i % PALETTE.length]}`, '#3794ff'),
          width: ceiling ? 1 : 1.5,
          dash: ceiling ? [4, 4] : undefined,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(v, c.unit),
        };
      }),
    ],
  };
  return new uPlot(opts, data, host);
}

function latestText(c: ChartDef, b: BoardData): HTMLElement[] {
  return b.seriesOf(c.id).map((s) => {
    const v = b.latest(s.id);
    const span = el('span', { class: 'latest', 'data-series': s.id, 'data-value': v === undefined ? '' : String(v) });
    span.textContent = `${l10n.t(s.label)} ${formatValue(v, c.unit)}`;
    return span;
  });
}

function table(headers: string[], rows: string[][], caption: string): HTMLTableElement {
  const t = el('table');
  t.append(el('caption', {}, caption));
  const head = el('tr');
  for (const h of headers) head.append(el('th', { scope: 'col' }, h));
  t.append(el('thead'));
  t.tHead?.append(head);
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', {}, c));
    body.append(tr);
  }
  t.append(body);
  return t;
}

function slowlogTable(entries: SlowlogEntry[]): HTMLElement {
  const s = el('section', { class: 'slowlog' });
  s.append(el('h2', {}, l10n.t('Slow commands')));
  if (entries.length === 0) s.append(el('p', { class: 'muted' }, l10n.t('None logged (SLOWLOG is empty).')));
  else
    s.append(
      table(
        [l10n.t('When'), l10n.t('Took'), l10n.t('Command'), l10n.t('Client')],
        entries.map((e) => [formatTime(e.at), formatValue(e.micros / 1000, 'ms'), e.command, e.client]),
        l10n.t('The slowest recent commands, newest first'),
      ),
    );
  return s;
}

function timelineTable(events: TimelineEvent[]): HTMLElement {
  const s = el('section', { class: 'timeline' });
  s.append(el('h2', {}, l10n.t('Reconciler timeline')));
  if (events.length === 0) s.append(el('p', { class: 'muted' }, l10n.t('No repairs, back-offs or give-ups in the last 15 minutes.')));
  else {
    const t = table(
      [l10n.t('When'), l10n.t('Resource'), l10n.t('Event')],
      [...events].reverse().map((e) => [formatTime(e.at), e.resource || '—', e.text]),
      l10n.t('Repairs, failures, back-offs and give-ups, newest first'),
    );
    [...events].reverse().forEach((e, i) => t.tBodies[0]?.rows[i]?.setAttribute('data-kind', e.kind));
    s.append(t);
  }
  return s;
}

function render(): void {
  for (const p of plots.values()) p.destroy();
  plots.clear();
  root.replaceChildren();
  const b = board;
  if (!b) return;
  // Which theme the charts were drawn in (the workbench sets the body's class).
  root.dataset.theme = /vscode-(high-contrast-light|high-contrast|light|dark)/.exec(document.body.className)?.[0] ?? '';
  const header = el('header');
  header.append(el('h1', {}, l10n.t(b.title)));
  const toggle = el(
    'button',
    { type: 'button', id: 'toggle-view', 'aria-pressed': String(view === 'table') },
    view === 'table' ? l10n.t('Show charts') : l10n.t('Show as table'),
  );
  toggle.addEventListener('click', () => {
    view = view === 'table' ? 'charts' : 'table';
    vscode.postMessage({ type: 'view', view });
    render();
  });
  header.append(toggle);
  root.append(header);
  const sources = el('ul', { class: 'sources' });
  for (const s of b.sources) sources.append(el('li', {}, s));
  root.append(sources);
  const problems = el('div', { class: 'problems', role: 'status' });
  for (const p of b.problems) problems.append(el('p', {}, p));
  root.append(problems);

  if (view === 'charts') {
    const grid = el('section', { class: 'charts' });
    root.append(grid);
    for (const c of b.charts) {
      if (b.seriesOf(c.id).length === 0) continue;
      const fig = el('figure', { class: 'card', 'data-chart': c.id });
      const cap = el('figcaption');
      cap.append(el('span', { class: 'chart-title' }, l10n.t(c.title)), ...latestText(c, b));
      const host = el('div', {
        class: 'plot',
        role: 'img',
        'aria-label': l10n.t('{0} over the last {1} minutes', l10n.t(c.title), Math.round(b.keepMs / 60_000)),
      });
      fig.append(cap, host);
      grid.append(fig);
      if (b.seriesOf(c.id).some((s) => s.vs.length > 0)) plots.set(c.id, makePlot(c, host, b));
      else host.append(el('p', { class: 'muted empty' }, l10n.t('No figures yet.')));
    }
  } else {
    root.append(
      table(
        [l10n.t('Chart'), l10n.t('Series'), l10n.t('Now'), l10n.t('Lowest'), l10n.t('Highest')],
        b
          .rows()
          .map((r) => [
            r.chart,
            l10n.t(r.series.label),
            formatValue(r.latest, r.series.unit),
            formatValue(r.min, r.series.unit),
            formatValue(r.max, r.series.unit),
          ]),
        l10n.t('Figures of the last {0} minutes', Math.round(b.keepMs / 60_000)),
      ),
    );
  }
  if (b.tables.slowlog) root.append(slowlogTable(b.tables.slowlog));
  if (b.tables.timeline) root.append(timelineTable(b.tables.timeline));
  root.append(
    el(
      'footer',
      { class: 'muted' },
      l10n.t(
        "Sampled every {0} s while this panel is visible; the last {1} minutes are kept by the service ({2} for every dashboard's history).",
        b.intervalMs / 1000,
        Math.round(b.keepMs / 60_000),
        formatValue(b.historyBytes, 'bytes'),
      ),
    ),
  );
}

/** A round: the charts' data and figures in place; a whole new layout only when charts were added. */
function update(grew: boolean): void {
  const b = board;
  if (!b) return;
  if (grew || view === 'table') {
    render();
    return;
  }
  for (const c of b.charts) {
    const p = plots.get(c.id);
    if (!p) {
      // A chart's first figures: drawn from now on.
      if (b.seriesOf(c.id).some((s) => s.vs.length > 0)) return render();
      continue;
    }
    const { data } = b.aligned(c.id, p.width);
    p.setData(data);
    const fig = root.querySelector(`figure[data-chart="${CSS.escape(c.id)}"] figcaption`);
    if (fig) fig.replaceChildren(el('span', { class: 'chart-title' }, l10n.t(c.title)), ...latestText(c, b));
  }
  const problems = root.querySelector('.problems');
  problems?.replaceChildren(...b.problems.map((p) => el('p', {}, p)));
  const slow = root.querySelector('section.slowlog');
  if (slow && b.tables.slowlog) slow.replaceWith(slowlogTable(b.tables.slowlog));
  const tl = root.querySelector('section.timeline');
  if (tl && b.tables.timeline) tl.replaceWith(timelineTable(b.tables.timeline));
}

window.addEventListener('message', (e: MessageEvent<ToPage>) => {
  const m = e.data;
  if (m.type === 'snapshot') {
    // The display language's bundle, as the extension has it: our words and the service's chart titles.
    const bundle = m.bundle;
    setTranslator(bundleTranslator(() => bundle));
    board = new BoardData(m.snapshot);
    view = m.view;
    render();
  } else if (m.type === 'sample' && board) {
    update(board.apply(m.sample));
  } else if (m.type === 'error') {
    const p = el('div', { class: 'problems', role: 'alert' });
    p.append(el('p', {}, m.message));
    root.replaceChildren(p);
  }
});

// Width changes (a narrower panel) resize the charts; a theme change redraws them in its colours.
new ResizeObserver(() => {
  for (const [id, p] of plots) {
    const host = root.querySelector<HTMLElement>(`figure[data-chart="${CSS.escape(id)}"] .plot`);
    if (host && plotWidth(host) !== p.width) p.setSize({ width: plotWidth(host), height: HEIGHT });
  }
}).observe(root);
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
