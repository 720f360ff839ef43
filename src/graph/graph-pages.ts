// Following Graph's @odata.nextLink without trusting it: every link is followed at most once (a set
// of the links already read, so a nextLink that loops back to an earlier page ends the list instead
// of listing its people again), a page that brings nobody new ends the list too (the same people
// under a freshly spelled link), and at most `maxPages` pages are read whatever the server sends.
// The links themselves are checked by the Graph client (same origin, under /v1.0) before any call.
import type { z } from 'zod';
import type { GraphClient } from './graph-client';

export interface ListPage<T> {
  value: T[];
  '@odata.nextLink'?: string | undefined;
}

/** The same page however its link is spelled: path and query, the query's parameters sorted. */
export function pageKey(link: string): string {
  try {
    const url = new URL(link, 'http://graph.invalid');
    const params = [...url.searchParams].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
    return `${decodeURIComponent(url.pathname).toLowerCase()}?${new URLSearchParams(params).toString()}`;
  } catch {
    return link;
  }
}

/**
 * Each page's `value`, from `first` on, following each nextLink once and at most `maxPages` pages.
 * `idOf` names an item (object ids, any case): after a non-empty page of only items already listed,
 * no further page is read. Items are yielded as Graph sent them; callers still list each id once.
 */
export async function* listPages<T>(
  graph: GraphClient,
  first: string,
  schema: z.ZodType<ListPage<T>>,
  maxPages: number,
  idOf?: (item: T) => string | undefined,
): AsyncGenerator<T[]> {
  const visited = new Set<string>();
  const listed = new Set<string>();
  let next: string | undefined = first;
  for (let pages = 0; next !== undefined && pages < maxPages; pages++) {
    const key = pageKey(next);
    if (visited.has(key)) return;
    visited.add(key);
    const body: ListPage<T> = await graph.get(next, schema);
    next = body['@odata.nextLink'];
    yield body.value;
    if (idOf && body.value.length > 0) {
      let fresh = 0;
      for (const item of body.value) {
        const id = idOf(item)?.toLowerCase();
        if (id !== undefined && !listed.has(id)) {
          listed.add(id);
          fresh++;
        }
      }
      if (fresh === 0) return;
    }
  }
}
