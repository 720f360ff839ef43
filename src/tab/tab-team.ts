// The tab's "My team" section for managers: counts, whose status and filter pickers,
// the rows as a table, paging, the CSV download, and the skilling credit per solution area with what
// would raise it. Built with
// textContent only; what to load next is the page's business (tab-team-section.ts passes the callbacks).
import type { TabTeamCredit, TabTeamFilter, TabTeamView } from './tab-wire';

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<Record<string, string>>,
  ...children: (Node | string)[]
) => HTMLElementTagNameMap[K];
type ButtonFn = (title: string, className: string, onClick: (b: HTMLButtonElement) => void) => HTMLButtonElement;

export interface TeamState {
  scope: 'direct' | 'org';
  filter: TabTeamFilter;
  page: number;
}

export interface TeamViewActions {
  /** Show another scope, filter or page. */
  load: (state: TeamState) => void;
  download: (pressed: HTMLButtonElement) => void;
}

function creditBlock(el: El, credit: TabTeamCredit): HTMLElement {
  const box = el('div', { class: 'credit', 'data-part': 'credit' }, el('h3', {}, credit.heading));
  if (credit.note) box.append(el('p', { class: 'subtle' }, credit.note));
  const list = el('ul', { class: 'credit-areas' });
  for (const area of credit.areas) {
    const item = el('li', {}, el('strong', {}, area.area), `: ${area.points}`);
    if (area.suggestions.length)
      item.append(el('ul', { class: 'subtle' }, ...area.suggestions.map((s) => el('li', {}, s))));
    list.append(item);
  }
  box.append(list);
  return box;
}

export function teamView(view: TabTeamView, el: El, button: ButtonFn, actions: TeamViewActions): HTMLElement {
  const counts = el(
    'p',
    { class: 'subtle' },
    `${view.counts.total} people · ${view.counts.linked} linked · ${view.counts.notLinked} not linked · ${view.counts.certified} certified · ${view.counts.expiring} expiring within 6 months`,
  );
  const scope = el('select', { 'aria-label': 'Whose status' });
  for (const [value, title] of [
    ['direct', 'My direct reports'],
    ['org', 'My whole organization'],
  ] as const) {
    const option = el('option', { value }, title);
    if (value === view.scope) option.selected = true;
    scope.append(option);
  }
  const filter = el('select', { 'aria-label': 'Filter' });
  for (const f of view.filters) {
    const option = el('option', { value: f.value }, f.title);
    if (f.value === view.filter) option.selected = true;
    filter.append(option);
  }
  const state = (page: number): TeamState => ({ scope: view.scope, filter: view.filter, page });
  const apply = () =>
    actions.load({ scope: scope.value === 'org' ? 'org' : 'direct', filter: filter.value as TabTeamFilter, page: 0 });
  scope.addEventListener('change', apply);
  filter.addEventListener('change', apply);
  const head = el('tr', {}, ...view.columns.map((c) => el('th', { scope: 'col' }, c)));
  const yes = (b: boolean) => (b ? 'yes' : '—');
  const rows = view.rows.map((r) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, r.name),
      el('td', {}, yes(r.trainingLinked)),
      el('td', {}, yes(r.learningLinked)),
      el('td', {}, String(r.activeCertifications)),
      el('td', {}, String(r.expiringSoon)),
      el('td', {}, r.certificationCheck || '—'),
    ),
  );
  const table = el('table', { class: 'team' }, el('thead', {}, head), el('tbody', {}, ...rows));
  const pager = el('div', { class: 'actions' });
  if (view.page > 0) pager.append(button('Previous', '', () => actions.load(state(view.page - 1))));
  pager.append(
    el(
      'span',
      { class: 'subtle' },
      `Page ${view.page + 1} of ${view.pageCount} (${view.matching} shown by this filter)`,
    ),
  );
  if (view.page < view.pageCount - 1) pager.append(button('Next', '', () => actions.load(state(view.page + 1))));
  if (view.matching > 0) pager.append(button('Download CSV', 'primary', actions.download));
  return el(
    'section',
    { 'aria-label': 'My team' },
    el('h2', {}, view.title),
    counts,
    ...view.notes.map((n) => el('p', { class: 'subtle' }, n)),
    el('div', { class: 'actions' }, scope, filter),
    view.rows.length ? table : el('p', { class: 'subtle' }, 'Nobody on this view matches the filter.'),
    pager,
    ...(view.credit ? [creditBlock(el, view.credit)] : []),
  );
}
