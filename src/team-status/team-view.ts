// One entry point for the router and the tab: read the roster for a scope (direct reports, the whole
// org down the chain, or a team's members), stream it through the status lookup and the aggregator,
// and return the view with what was left out and why the walk stopped (if it did). Authorization is
// the caller's first step (authorization.ts); this module only computes, and lists everyone once, by
// object id, whatever Graph repeats. A team's members are, unless
// the caller says `all` (the channel's counts, a partner admin), only those the root manages: the
// root's org is walked first (ids only), and members outside it are not listed, counted or left out.
import { aggregateRoster, type TeamView, type ViewRequest } from './aggregation';
import { teamMemberRosterPages } from './authorization';
import type { GraphClient } from '../graph/graph-client';
import {
  emptySkipped,
  newProgress,
  orgPages,
  teamPages,
  type OrgOptions,
  type RosterPage,
  type RosterProgress,
} from './graph-roster';
import type { PersonStatus, RosterPerson, StatusLookup, TeamRow, TeamScope } from './model';

export interface RosterSourceInput {
  scope: TeamScope;
  /** The person's own delegated token (direct, org). */
  userGraph: GraphClient;
  /** The viewer's object id: the root of "my whole org". */
  rootOid: string;
  /** The app's token (team scope). */
  appGraph?: GraphClient;
  teamId?: string;
  /** Team scope: every member (`all`), or only those the root manages down the chain (the default). */
  teamMembers?: 'all' | 'managed';
  org?: OrgOptions;
}

export interface RosterSource {
  pages: AsyncIterable<RosterPage>;
  /** Filled in as the pages are read; complete once they are consumed. */
  progress: RosterProgress;
}

/** A team's members, each listed once (by object id) however often Graph's pages repeat them, and counted. */
async function* counted(pages: AsyncIterable<RosterPage>, progress: RosterProgress): AsyncGenerator<RosterPage> {
  const seen = new Set<string>();
  for await (const listed of pages) {
    const people = listed.people.filter((person) => {
      const id = person.id.toLowerCase();
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const page = { ...listed, people };
    progress.listed += page.people.length;
    progress.skipped.guests += page.skipped.guests;
    progress.skipped.disabled += page.skipped.disabled;
    progress.skipped.nonUsers += page.skipped.nonUsers;
    yield page;
  }
}

export function rosterSource(input: RosterSourceInput): RosterSource {
  const progress = newProgress();
  switch (input.scope) {
    case 'direct':
      return { pages: teamPages(input.userGraph, progress), progress };
    case 'org':
      return { pages: orgPages(input.userGraph, input.rootOid, input.org, progress), progress };
    case 'team':
      if (!input.appGraph || !input.teamId) throw new Error('team scope needs the app Graph client and the team id');
      if (input.teamMembers === 'all')
        return { pages: counted(teamMemberRosterPages(input.appGraph, input.teamId), progress), progress };
      return {
        pages: counted(
          managedMembers(
            teamMemberRosterPages(input.appGraph, input.teamId),
            input.userGraph,
            input.rootOid,
            input.org,
            progress,
          ),
          progress,
        ),
        progress,
      };
  }
}

/** The team's members the root manages: their org's ids first (a walk's stop is the view's note), then the team filtered. */
async function* managedMembers(
  team: AsyncIterable<RosterPage>,
  userGraph: GraphClient,
  rootOid: string,
  org: OrgOptions | undefined,
  progress: RosterProgress,
): AsyncGenerator<RosterPage> {
  const managed = new Set<string>();
  const walk = newProgress();
  for await (const page of orgPages(userGraph, rootOid, org, walk))
    for (const person of page.people) managed.add(person.id.toLowerCase());
  if (walk.note) progress.note = walk.note;
  if (managed.size === 0) return;
  for await (const page of team) {
    const people = page.people.filter((person) => managed.has(person.id.toLowerCase()));
    if (people.length > 0) yield { people, skipped: emptySkipped() };
  }
}

export interface ComputedView {
  view: TeamView;
  progress: RosterProgress;
  /** People left out of the view: guests, external users, disabled accounts, contacts. */
  leftOut: number;
}

export async function computeTeamView(
  source: RosterSource,
  lookup: StatusLookup,
  request: ViewRequest,
  onMatch?: (person: RosterPerson, status: PersonStatus, row: TeamRow) => void,
): Promise<ComputedView> {
  const view = await aggregateRoster(source.pages, lookup, request, onMatch);
  const { skipped } = source.progress;
  return { view, progress: source.progress, leftOut: skipped.guests + skipped.disabled + skipped.nonUsers };
}
