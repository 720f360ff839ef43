// The manager's team card (Adaptive Cards 1.5) and the channel's counts-only card, as pure functions
// of a computed view. Rows show a name and numbers only: a manager sees *that* an account is linked,
// never which one, so no address of any kind is an input here. Names are cleaned, cut to
// NAME_MAX characters and Markdown-escaped; with TEAM_PAGE_SIZE rows every page stays under 28 KB.
// Five buttons at most: Previous, Next, Apply filter (applies the Filter dropdown), Remind unlinked, Export CSV.
// Button payloads carry view state only (team-actions.ts); the server re-authorizes on every press.
import {
  card,
  container,
  execute,
  heading,
  plain,
  text,
  type AdaptiveCard,
  type Element,
  type ExecuteAction,
  type FactSet,
} from '../cards/card-elements';
import type { TeamView } from './aggregation';
import type { OrgNote } from './graph-roster';
import { CHECK_LABELS, FILTER_LABELS, TEAM_FILTERS, type TeamCounts, type TeamRow } from './model';
import type { TeamAction, TeamViewState } from './team-actions';

/** Characters of a name shown on the card (the CSV keeps the whole name). */
export const NAME_MAX = 100;
const CREDIT_AREAS_MAX = 8;
const SUGGESTIONS_MAX = 3;
/** A credit line wraps on the card and in the tab; only a far longer one (a custom catalogue's names) is cut, at a word. */
const CREDIT_TEXT_MAX = 320;

/** The filter dropdown's label and the button that applies it (the tab's dropdown has the same label). */
export const FILTER_INPUT_LABEL = 'Filter';
export const APPLY_FILTER_TITLE = 'Apply filter';

/** The columns of a row, in order: the card's legend and the CSV's header. */
export const TEAM_COLUMNS = [
  'Name',
  'Partner University linked',
  'Microsoft Learning linked',
  'Active certifications',
  'Expiring within 6 months',
  'Certifications checked',
] as const;

/** What the credit module gives the team view, per solution area (src/certifications/ fills it). */
export interface CreditArea {
  area: string;
  points: number;
  max: number;
  /** What would raise the points, e.g. "2 more Azure Administrator Associate certifications". */
  suggestions: string[];
}

export interface TeamCardInput {
  /** e.g. "Your team", "Your organization", "Contoso Partner Practice". */
  title: string;
  view: TeamView;
  state: TeamViewState;
  /** Guests, external users, disabled accounts and contacts left out of the view. */
  leftOut?: number;
  note?: OrgNote;
  /** A sentence for the viewer (e.g. which consent is missing), shown under the counts. */
  notice?: string;
  credit?: CreditArea[];
  /** One short line under the credit heading (whose people, which track). */
  creditNote?: string;
}

/** The sentences under the counts (card and tab): missing consent, where the walk stopped, who is left out. */
export function viewNotes(input: Pick<TeamCardInput, 'notice' | 'note' | 'leftOut'>): string[] {
  return [
    input.notice,
    noteText(input.note),
    input.leftOut
      ? `Guests, external users, disabled accounts and contacts are not shown (${input.leftOut}).`
      : undefined,
  ].filter((n): n is string => !!n);
}

/** Control and bidirectional-override characters removed, whitespace collapsed. */
export function cleanName(name: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned || '(no name)';
}

function cut(value: string, max: number): string {
  const points = Array.from(value);
  return points.length <= max ? value : `${points.slice(0, max - 1).join('')}…`;
}

/** `value` in at most `max` characters, cut at a space (never inside a word), with "…". */
export function cutAtWord(value: string, max: number): string {
  const points = Array.from(value);
  if (points.length <= max) return value;
  const head = points.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > 0 ? head.slice(0, space) : head).trimEnd()}…`;
}

/** A raise ("… → +4 Data & AI (Azure) points"): when too long, what it takes is shortened, never what it gives. */
export function cutSuggestion(value: string, max: number): string {
  if (Array.from(value).length <= max) return value;
  const arrow = value.lastIndexOf(' → ');
  const gain = arrow > 0 ? value.slice(arrow) : '';
  return gain && Array.from(gain).length < max / 2
    ? `${cutAtWord(value.slice(0, arrow), max - Array.from(gain).length)}${gain}`
    : cutAtWord(value, max);
}

const mark = (linked: boolean) => (linked ? '✓' : '—');
/** Certifications the person vouched for themselves are marked so (matched by email is the norm, unmarked). */
const selfDeclared = (row: TeamRow) =>
  row.certificationCheck && row.certificationCheck !== 'email' ? ` (${CHECK_LABELS[row.certificationCheck]})` : '';

function rowFact(row: TeamRow): { title: string; value: string } {
  return {
    title: plain(cut(cleanName(row.name), NAME_MAX)),
    value: `Partner University ${mark(row.trainingLinked)} · Learning ${mark(row.learningLinked)} · ${row.activeCertifications} active · ${row.expiringSoon} expiring${selfDeclared(row)}`,
  };
}

export function countFacts(counts: TeamCounts): FactSet {
  return {
    type: 'FactSet',
    facts: [
      { title: 'People', value: String(counts.total) },
      { title: 'Linked (both accounts)', value: String(counts.linked) },
      { title: 'Not linked', value: String(counts.notLinked) },
      { title: 'Certified', value: String(counts.certified) },
      { title: 'Expiring within 6 months', value: String(counts.expiring) },
    ],
  };
}

export function noteText(note: OrgNote | undefined): string | undefined {
  if (!note) return undefined;
  return note.kind === 'people-cap'
    ? `This view stops at the first ${note.limit.toLocaleString('en-US')} people of your organization; people further down the chain are not included.`
    : `This view goes ${note.limit} levels down your organization; people further down are not included.`;
}

/** The credit section as plain lines (the card and the tab show the same words): area, "N of M points", raises. */
export interface CreditLines {
  heading: string;
  note?: string;
  areas: { area: string; points: string; suggestions: string[] }[];
}

export function creditLines(credit: readonly CreditArea[], note?: string): CreditLines {
  return {
    heading: 'Skilling credit from these people',
    ...(note ? { note: cutAtWord(note, CREDIT_TEXT_MAX) } : {}),
    areas: credit.slice(0, CREDIT_AREAS_MAX).map((area) => ({
      area: cutAtWord(cleanName(area.area), 60),
      points: `${Math.max(0, Math.round(area.points))} of ${Math.max(0, Math.round(area.max))} points`,
      suggestions: area.suggestions.slice(0, SUGGESTIONS_MAX).map((s) => cutSuggestion(cleanName(s), CREDIT_TEXT_MAX)),
    })),
  };
}

function creditSection(credit: CreditArea[], note?: string): Element {
  const lines = creditLines(credit, note);
  const items: Element[] = [heading(lines.heading)];
  if (lines.note) items.push(text(plain(lines.note), { isSubtle: true, spacing: 'none' }));
  for (const area of lines.areas) {
    items.push(text(`**${plain(area.area)}**: ${area.points}`, { spacing: 'small' }));
    for (const suggestion of area.suggestions)
      items.push(text(`• ${plain(suggestion)}`, { isSubtle: true, spacing: 'none' }));
  }
  return container(items, { separator: true, spacing: 'medium' });
}

function action(
  title: string,
  verb: TeamAction['verb'],
  state: TeamViewState,
  page: number,
  associatedInputs: 'auto' | 'none' = 'none',
): ExecuteAction {
  const data: TeamAction = {
    verb,
    scope: state.scope,
    filter: state.filter,
    page,
    managerOid: state.managerOid,
    tenant: state.tenant,
    ...(state.teamId ? { teamId: state.teamId } : {}),
  };
  return { ...execute(title, data), associatedInputs };
}

export function teamCard(input: TeamCardInput): AdaptiveCard {
  const { view } = input;
  const state: TeamViewState = { ...input.state, filter: view.filter, page: view.page };
  const body: Element[] = [heading(plain(cut(cleanName(input.title), 120)), 'large'), countFacts(view.counts)];
  const notes = viewNotes(input);
  for (const note of notes) body.push(text(note, { isSubtle: true, spacing: 'small' }));
  const first = view.page * view.pageSize + 1;
  const shownRange = view.rows.length
    ? `${first}–${first + view.rows.length - 1} of ${view.matching}`
    : `none of ${view.counts.total}`;
  const rows: Element[] = [
    text(`**${FILTER_LABELS[view.filter]}**: ${shownRange} · page ${view.page + 1} of ${view.pageCount}`),
    view.rows.length
      ? { type: 'FactSet', facts: view.rows.map(rowFact) }
      : text(view.counts.total ? 'Nobody on this view matches the filter.' : 'Nobody to show.', { isSubtle: true }),
  ];
  body.push(container(rows, { separator: true, spacing: 'medium' }));
  if (input.credit?.length) body.push(creditSection(input.credit, input.creditNote));
  body.push({
    type: 'Input.ChoiceSet',
    id: 'filterChoice',
    label: FILTER_INPUT_LABEL,
    style: 'compact',
    isMultiSelect: false,
    value: view.filter,
    choices: TEAM_FILTERS.map((filter) => ({ title: FILTER_LABELS[filter], value: filter })),
  });
  const actions: ExecuteAction[] = [];
  if (view.page > 0) actions.push(action('Previous', 'teamPage', state, view.page - 1));
  if (view.page < view.pageCount - 1) actions.push(action('Next', 'teamPage', state, view.page + 1));
  actions.push(action(APPLY_FILTER_TITLE, 'teamPage', state, view.page, 'auto'));
  if (view.counts.notLinked > 0) actions.push(action('Remind unlinked', 'teamRemind', state, view.page));
  if (view.matching > 0) actions.push(action('Export CSV', 'teamExport', state, view.page));
  // Never without actions: "Apply filter" is always there.
  return card(body, actions);
}

/** The channel's card: counts only, no names, no buttons (the detail goes to the asker's 1:1 chat). */
export function teamCountsCard(title: string, counts: TeamCounts, footnote?: string): AdaptiveCard {
  const body: Element[] = [heading(plain(cut(cleanName(title), 120)), 'large'), countFacts(counts)];
  if (footnote) body.push(text(footnote, { isSubtle: true }));
  return card(body);
}
