// Who is on a manager's team, from Microsoft Graph: `GET /me/directReports` (or `/users/{id}/
// directReports`) page by page, following @odata.nextLink, and "my whole org" breadth-first down the
// chain: bounded depth, a visited set against cycles, and a stop with a note past the people cap.
// Graph's answers are not trusted either: each nextLink is followed once (graph/graph-pages.ts), and a
// person is listed once (by object id) however often the pages repeat them.
// Only member users of the organization are listed: guests and external users (userType Guest or
// #EXT# in the UPN), disabled accounts and non-user objects (orgContact) are left out and counted.
// Pages are yielded as they arrive, so a caller that aggregates as it goes holds one page at a time.
import type { GraphClient } from '../graph/graph-client';
import { directReportPages, type DirectoryObject } from '../graph/graph-directory';
import type { RosterPerson } from './model';

export const ROSTER_SELECT = 'id,displayName,userPrincipalName,userType,mail,accountEnabled';
/** Graph pages directReports at 100 whatever larger $top is asked. */
export const ROSTER_PAGE_SIZE = 100;
export const ORG_MAX_PEOPLE = 10_000;
export const ORG_MAX_DEPTH = 8;

export interface SkippedCounts {
  guests: number;
  disabled: number;
  nonUsers: number;
}

export interface RosterPage {
  /** Member users on this Graph page, in Graph's order. */
  people: RosterPerson[];
  skipped: SkippedCounts;
}

export function emptySkipped(): SkippedCounts {
  return { guests: 0, disabled: 0, nonUsers: 0 };
}

/** Guests and external users: userType Guest, or a B2B UPN (`…#EXT#@…`) even when typed Member. */
export function isExternal(object: Pick<DirectoryObject, 'userType' | 'userPrincipalName'>): boolean {
  return object.userType?.toLowerCase() === 'guest' || (object.userPrincipalName ?? '').toUpperCase().includes('#EXT#');
}

function isUser(object: DirectoryObject): boolean {
  // Without User.ReadBasic.All Graph still lists reports, with only id and @odata.type.
  return object['@odata.type'] === undefined || object['@odata.type'] === '#microsoft.graph.user';
}

export function classify(objects: readonly DirectoryObject[]): RosterPage & { userIds: string[] } {
  const people: RosterPerson[] = [];
  const userIds: string[] = [];
  const skipped = emptySkipped();
  for (const object of objects) {
    if (!isUser(object)) {
      skipped.nonUsers++;
      continue;
    }
    userIds.push(object.id);
    if (isExternal(object)) skipped.guests++;
    else if (object.accountEnabled === false) skipped.disabled++;
    else people.push({ id: object.id, displayName: object.displayName?.trim() || '(no name)' });
  }
  return { people, skipped, userIds };
}

/** Every raw page of one person's direct reports; `managerId` 'me' reads the token's own. */
export function directReportObjects(graph: GraphClient, managerId: string = 'me'): AsyncGenerator<DirectoryObject[]> {
  // A server that keeps sending new nextLinks must not keep us here forever: the page cap.
  return directReportPages(graph, managerId, {
    select: ROSTER_SELECT,
    top: ROSTER_PAGE_SIZE,
    maxPages: ORG_MAX_PEOPLE / 10,
  });
}

export interface OrgOptions {
  maxDepth?: number;
  maxPeople?: number;
  /** Managers whose reports are read at the same time (default 4); results are still used in order. */
  concurrency?: number;
}

export type OrgNote = { kind: 'people-cap'; limit: number } | { kind: 'depth-cap'; limit: number };

export interface RosterProgress {
  listed: number;
  skipped: SkippedCounts;
  /** Set once the walk stopped early; the view says so. */
  note?: OrgNote;
}

export function newProgress(): RosterProgress {
  return { listed: 0, skipped: emptySkipped() };
}

/** A manager's direct reports ('me' = the token's person), page by page. */
export async function* teamPages(
  graph: GraphClient,
  progress: RosterProgress = newProgress(),
  managerId: string = 'me',
): AsyncGenerator<RosterPage, RosterProgress> {
  const seen = new Set<string>();
  for await (const objects of directReportObjects(graph, managerId)) {
    const page = classify(firstSightings(objects, seen));
    progress.listed += page.people.length;
    addSkipped(progress.skipped, page.skipped);
    yield { people: page.people, skipped: page.skipped };
  }
  return progress;
}

/**
 * Breadth-first down the chain from `rootOid` (read as 'me' when `viaMe`), yielding each page of
 * member users once. Cycles (a person reachable twice, the root included) are cut by the visited
 * set; depth and people are capped, and `progress.note` says which cap stopped the walk. The depth
 * note is only set when someone below the last level was actually found.
 */
export async function* orgPages(
  graph: GraphClient,
  rootOid: string,
  options: OrgOptions = {},
  progress: RosterProgress = newProgress(),
  viaMe = true,
): AsyncGenerator<RosterPage, RosterProgress> {
  const maxDepth = options.maxDepth ?? ORG_MAX_DEPTH;
  const maxPeople = options.maxPeople ?? ORG_MAX_PEOPLE;
  const concurrency = Math.max(1, Math.min(16, Math.floor(options.concurrency ?? 4)));
  const visited = new Set<string>([rootOid.toLowerCase()]);
  let level: string[] = [rootOid];
  for (let depth = 1; level.length > 0; depth++) {
    const nextLevel: string[] = [];
    const load = (managerId: string) =>
      allReportPages(graph, managerId === rootOid && viaMe ? 'me' : managerId, maxPeople);
    for await (const pages of inOrder(level, concurrency, load)) {
      for (const objects of pages) {
        const fresh = firstSightings(objects, visited);
        if (depth > maxDepth) {
          if (fresh.some(isUser)) {
            progress.note = { kind: 'depth-cap', limit: maxDepth };
            return progress;
          }
          continue;
        }
        const page = classify(fresh);
        // Guests and disabled accounts may still manage people: walk under every user, list members only.
        nextLevel.push(...page.userIds);
        let people = page.people;
        if (progress.listed + people.length > maxPeople) {
          people = people.slice(0, maxPeople - progress.listed);
          progress.note = { kind: 'people-cap', limit: maxPeople };
        }
        progress.listed += people.length;
        addSkipped(progress.skipped, page.skipped);
        if (people.length) yield { people, skipped: page.skipped };
        if (progress.note) return progress;
      }
    }
    level = nextLevel;
  }
  return progress;
}

/** One manager's reports, every page, stopping past `limit` objects (one manager is never the whole walk). */
async function allReportPages(graph: GraphClient, managerId: string, limit: number): Promise<DirectoryObject[][]> {
  const pages: DirectoryObject[][] = [];
  let count = 0;
  for await (const objects of directReportObjects(graph, managerId)) {
    pages.push(objects);
    count += objects.length;
    if (count > limit) break;
  }
  return pages;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * `load` for each item with at most `concurrency` in flight, results yielded in the items' order (so
 * the walk, and therefore paging, is the same on every press). Failures surface in order too; loads
 * still in flight when the caller stops are left to finish, their failures caught.
 */
async function* inOrder<T>(
  items: readonly string[],
  concurrency: number,
  load: (item: string) => Promise<T>,
): AsyncGenerator<T> {
  const settle = (item: string): Promise<Settled<T>> =>
    load(item).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const inFlight: Promise<Settled<T>>[] = [];
  let next = 0;
  while (next < items.length && inFlight.length < concurrency) inFlight.push(settle(items[next++] as string));
  while (inFlight.length > 0) {
    const result = await (inFlight.shift() as Promise<Settled<T>>);
    if (next < items.length) inFlight.push(settle(items[next++] as string));
    if (!result.ok) throw result.error;
    yield result.value;
  }
}

/** The objects not seen before (by object id, any case), each once; `seen` learns them. */
function firstSightings(objects: readonly DirectoryObject[], seen: Set<string>): DirectoryObject[] {
  const fresh: DirectoryObject[] = [];
  for (const object of objects) {
    const id = object.id.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    fresh.push(object);
  }
  return fresh;
}

function addSkipped(into: SkippedCounts, from: SkippedCounts): void {
  into.guests += from.guests;
  into.disabled += from.disabled;
  into.nonUsers += from.nonUsers;
}
