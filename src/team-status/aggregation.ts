// Counts, filter and paging for a manager's view, computed as the roster streams in: one Graph page
// of people and their statuses at a time, keeping only the counts and the rows of the page asked for
// (memory stays flat in roster size). Rows keep Graph's order, which is stable between requests, so
// the pages of a filter cover every matching person exactly once. A page past the end shows the last.
import type { RosterPage } from './graph-roster';
import {
  isLinked,
  matchesFilter,
  UNKNOWN_STATUS,
  type PersonStatus,
  type RosterPerson,
  type StatusLookup,
  type TeamCounts,
  type TeamFilter,
  type TeamRow,
} from './model';

/** Rows per card page: with 80-character names escaped, 20 rows stay far below 28 KB. */
export const TEAM_PAGE_SIZE = 20;

export interface ViewRequest {
  filter: TeamFilter;
  /** Zero-based. */
  page: number;
  pageSize?: number;
}

export interface TeamView {
  counts: TeamCounts;
  filter: TeamFilter;
  /** People matching the filter. */
  matching: number;
  /** Zero-based page actually shown (clamped to the last page). */
  page: number;
  pageCount: number;
  pageSize: number;
  rows: TeamRow[];
}

export function toRow(person: RosterPerson, status: PersonStatus): TeamRow {
  return {
    name: person.displayName,
    trainingLinked: status.links.training,
    learningLinked: status.links.learning,
    activeCertifications: status.certifications?.active ?? 0,
    expiringSoon: status.certifications?.expiringSoon ?? 0,
    certificationCheck: status.certifications ? (status.certifications.check ?? 'email') : null,
  };
}

export function emptyCounts(): TeamCounts {
  return { total: 0, linked: 0, notLinked: 0, certified: 0, expiring: 0 };
}

export class TeamAggregator {
  readonly counts = emptyCounts();
  private matching = 0;
  private readonly pageSize: number;
  private readonly wanted: number;
  private rows: TeamRow[] = [];
  /** The most recent full-or-partial chunk of matching rows: the last page, should the one asked for not exist. */
  private lastChunk: TeamRow[] = [];

  constructor(
    private readonly request: ViewRequest,
    /** Sees every person that matches the filter (the CSV export and the reminder run use it). */
    private readonly onMatch?: (person: RosterPerson, status: PersonStatus, row: TeamRow) => void,
  ) {
    this.pageSize = Math.max(1, Math.floor(request.pageSize ?? TEAM_PAGE_SIZE));
    this.wanted = Math.max(0, Math.floor(request.page));
  }

  add(people: readonly RosterPerson[], statuses: ReadonlyMap<string, PersonStatus>): void {
    for (const person of people) {
      const status = statuses.get(person.id) ?? UNKNOWN_STATUS;
      this.counts.total++;
      if (isLinked(status)) this.counts.linked++;
      else this.counts.notLinked++;
      if ((status.certifications?.active ?? 0) > 0) this.counts.certified++;
      if ((status.certifications?.expiringSoon ?? 0) > 0) this.counts.expiring++;
      if (!matchesFilter(status, this.request.filter)) continue;
      const index = this.matching++;
      const chunk = Math.floor(index / this.pageSize);
      const row = toRow(person, status);
      this.onMatch?.(person, status, row);
      if (index % this.pageSize === 0) this.lastChunk = [];
      this.lastChunk.push(row);
      if (chunk === this.wanted) this.rows.push(row);
    }
  }

  result(): TeamView {
    const pageCount = Math.max(1, Math.ceil(this.matching / this.pageSize));
    const clamped = Math.min(this.wanted, pageCount - 1);
    return {
      counts: { ...this.counts },
      filter: this.request.filter,
      matching: this.matching,
      page: clamped,
      pageCount,
      pageSize: this.pageSize,
      rows: clamped === this.wanted ? this.rows : this.lastChunk,
    };
  }
}

/** Streams the roster through the lookup and the aggregator, one Graph page at a time. */
export async function aggregateRoster(
  pages: AsyncIterable<RosterPage>,
  lookup: StatusLookup,
  request: ViewRequest,
  onMatch?: (person: RosterPerson, status: PersonStatus, row: TeamRow) => void,
): Promise<TeamView> {
  const aggregator = new TeamAggregator(request, onMatch);
  for await (const page of pages) {
    if (page.people.length === 0) continue;
    aggregator.add(page.people, await lookup(page.people));
  }
  return aggregator.result();
}
