// The tab's skilling forecast (partner admins: the organization; managers: their team's
// contribution): an inline SVG chart drawn here — a line per area through its points at each month
// end, each risk marked by a triangle with its sentence as title and accessible name, the renewal
// window shaded and the anniversary drawn when set — beside the same figures as tables for screen
// readers. Lines differ by colour, dash and an end label (never colour alone); colours come from the
// theme's CSS variables (tab.css). Every text is the server's (the chat card's wording), set with
// textContent or attributes, never HTML.
import type { TabForecastArea, TabForecastView } from './tab-wire';

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<Record<string, string>>,
  ...children: (Node | string)[]
) => HTMLElementTagNameMap[K];

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 690;
const HEIGHT = 300;
const PAD = { left: 40, right: 240, top: 24, bottom: 40 };
/** Line styles: colour (series-N in tab.css) and dash together, so lines differ without colour too. */
const SERIES = 6;
const DASHES = ['', '7 4', '2 4', '10 4 2 4', '4 3', '12 3'];
/** End labels at least this far apart (px), so names never overlap. */
const LABEL_GAP = 15;

function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

/** The chart: x is time from today to the last month end; y is points from 0 to the highest maximum. */
export function forecastChart(view: TabForecastView): SVGElement {
  const start = Date.parse(view.today);
  const ends = view.months.map((m) => Date.parse(m.at));
  const end = ends[ends.length - 1] ?? start + 1;
  const top = Math.max(1, ...view.areas.map((a) => Math.max(a.max, a.today, ...a.points)));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (innerW * (Math.min(Math.max(t, start), end) - start)) / (end - start || 1);
  const y = (points: number) => PAD.top + innerH - (innerH * points) / top;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'group',
    'aria-label': view.labels.chart,
    class: 'forecast-chart',
    'data-part': 'forecast-chart',
  });
  const bottom = PAD.top + innerH;

  // The renewal window, shaded and labelled, and the anniversary as a dashed rule.
  const window = view.renewalWindow;
  if (window) {
    const [from, to] = [Date.parse(window.opens), Date.parse(window.anniversary)];
    if (to >= start && from <= end) {
      chart.append(
        svg(
          'g',
          { class: 'renewal-window', 'data-part': 'renewal-window' },
          svg('rect', { x: x(from), y: PAD.top, width: Math.max(2, x(to) - x(from)), height: innerH }),
          svg('text', { x: x(from) + 4, y: PAD.top + 14 }, view.labels.renewalWindow),
        ),
      );
    }
    if (to >= start && to <= end)
      chart.append(
        svg(
          'g',
          { class: 'anniversary', 'data-part': 'anniversary' },
          svg('line', { x1: x(to), x2: x(to), y1: PAD.top, y2: bottom }),
          svg('text', { x: x(to) + 4, y: PAD.top + 14 }, view.labels.anniversary),
        ),
      );
  }

  // Axes: 0, half and the top on y; every other month on x.
  const axes = svg('g', { class: 'axes', 'aria-hidden': 'true' });
  for (const value of [0, Math.round(top / 2), top]) {
    axes.append(
      svg('line', { x1: PAD.left, x2: PAD.left + innerW, y1: y(value), y2: y(value), class: 'grid' }),
      svg('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, String(value)),
    );
  }
  view.months.forEach((m, i) => {
    if (i % 2 === 1) return;
    axes.append(svg('text', { x: x(ends[i] ?? end), y: bottom + 16, 'text-anchor': 'middle' }, m.label));
  });
  axes.append(svg('text', { x: 4, y: PAD.top - 8 }, view.labels.points));
  chart.append(axes);

  // One line per area, its name at its end (moved apart so names never overlap).
  const labels: { y: number; area: TabForecastArea; series: number }[] = [];
  view.areas.forEach((area, i) => {
    const series = i % SERIES;
    const coords = [[x(start), y(area.today)], ...area.points.map((p, m) => [x(ends[m] ?? end), y(p)])];
    const line = svg('g', { class: `area series-${series}`, 'data-area': area.name });
    line.append(
      svg('polyline', {
        points: coords.map(([px, py]) => `${px?.toFixed(1)},${py?.toFixed(1)}`).join(' '),
        'stroke-dasharray': DASHES[(i + Math.floor(i / SERIES)) % DASHES.length] ?? '',
        'aria-hidden': 'true',
      }),
    );
    for (const risk of area.risks) {
      const [mx, my] = [x(ends[risk.month] ?? end), y(area.points[risk.month] ?? 0)];
      const label = `${area.name}: ${risk.sentence}`;
      line.append(
        svg(
          'g',
          { class: 'risk', role: 'img', 'aria-label': label, 'data-month': view.months[risk.month]?.label ?? '' },
          svg('title', {}, label),
          svg('path', { d: `M${mx},${my - 9} L${mx + 8},${my + 5} L${mx - 8},${my + 5} Z` }),
          svg('text', { x: mx, y: my + 3, 'text-anchor': 'middle', 'aria-hidden': 'true' }, '!'),
        ),
      );
    }
    chart.append(line);
    labels.push({ y: y(area.points[area.points.length - 1] ?? area.today), area, series });
  });
  labels.sort((a, b) => a.y - b.y);
  let last = -Infinity;
  for (const label of labels) {
    label.y = Math.max(label.y, last + LABEL_GAP);
    last = label.y;
  }
  const overflow = last - (HEIGHT - 10);
  const names = svg('g', { class: 'area-names', 'aria-hidden': 'true' });
  for (const label of labels)
    names.append(
      svg(
        'text',
        { x: PAD.left + innerW + 6, y: label.y + 4 - Math.max(0, overflow), class: `series-${label.series}` },
        label.area.name,
      ),
    );
  chart.append(names);
  return chart;
}

function summaryTable(view: TabForecastView, el: El): HTMLTableElement {
  const c = view.labels.columns;
  const head = el(
    'tr',
    {},
    ...[c.area, c.today, c.lowest, c.risk, c.prevents].map((title) => el('th', { scope: 'col' }, title)),
  );
  const rows = view.areas.map((area) => {
    const prevents = el('td', {});
    if (area.risks.length === 0) prevents.append('—');
    for (const risk of area.risks)
      prevents.append(el('p', {}, risk.sentence), el('ul', {}, ...risk.prevents.map((line) => el('li', {}, line))));
    return el(
      'tr',
      { 'data-area': area.name },
      el('th', { scope: 'row' }, area.name),
      el('td', {}, `${area.today} of ${area.max}`),
      el('td', {}, area.lowest),
      el('td', {}, area.firstRisk),
      prevents,
    );
  });
  return el(
    'table',
    { class: 'forecast', 'data-part': 'forecast-table' },
    el('caption', {}, view.labels.caption),
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  );
}

function monthsTable(view: TabForecastView, el: El): HTMLTableElement {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, view.labels.columns.area),
    el('th', { scope: 'col' }, view.labels.columns.today),
    ...view.months.map((m) =>
      el('th', { scope: 'col' }, m.inRenewalWindow ? `${m.label} (${view.labels.renewalWindow})` : m.label),
    ),
  );
  const rows = view.areas.map((area) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, area.name),
      el('td', {}, String(area.today)),
      ...area.points.map((p) => el('td', {}, String(p))),
    ),
  );
  return el(
    'table',
    { class: 'forecast months' },
    el('caption', {}, view.labels.monthsCaption),
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  );
}

export function forecastView(view: TabForecastView, el: El): HTMLElement {
  const notes = [view.anniversary, ...(view.trackNote ? [view.trackNote] : [])];
  return el(
    'section',
    { 'aria-label': view.title, 'data-part': 'forecast', 'data-audience': view.audience },
    el('h2', {}, view.title),
    el('p', { 'data-part': 'forecast-basis' }, view.basis),
    ...notes.map((n) => el('p', { class: 'subtle' }, n)),
    ...(view.noRisks ? [el('p', { class: 'notice good' }, view.noRisks)] : []),
    el('figure', { class: 'forecast-figure' }, forecastChart(view) as unknown as Node),
    summaryTable(view, el),
    el('div', { class: 'table-scroll' }, monthsTable(view, el)),
    el('p', { class: 'subtle', 'data-part': 'forecast-honesty' }, view.honesty),
  );
}
