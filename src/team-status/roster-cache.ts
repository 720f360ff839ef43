// The walked "whole org" roster, kept a short while per viewer so that paging, filtering and
// exporting read it instead of walking the organization in Graph again (a walk is one Graph call
// per manager: hundreds for a few hundred people). In memory only, per process: at most
// `maxEntries` viewers and about `maxBytes` of names and ids, least recently used dropped first,
// each entry for `ttlMs` (5 minutes by default) after its walk. A walk that failed, or stopped
// before its end, is not kept. Every request is still authorized before the roster is read.
// Several instances each keep their own (it is Graph's answer, not stored state): what another
// instance sees or forgets ("delete my data") reaches this one when the entry's `ttlMs` is up.
import type { RosterPage, RosterProgress } from './graph-roster';
import type { RosterSource } from './team-view';

export interface RosterCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  maxBytes?: number;
}

interface Entry {
  pages: RosterPage[];
  progress: RosterProgress;
  bytes: number;
  until: number;
}

/** Rough bytes a page holds in memory (strings are UTF-16, plus the objects around them). */
function pageBytes(page: RosterPage): number {
  return 64 + page.people.reduce((sum, p) => sum + 64 + 2 * (p.id.length + p.displayName.length), 0);
}

export class RosterCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(options: RosterCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 100;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  /** The roster for `key`: the kept one if still fresh, else `walk()`'s, kept once it is read to the end. */
  source(key: string, now: number, walk: () => RosterSource): RosterSource {
    const kept = this.entries.get(key);
    if (kept && kept.until > now) {
      // Most recently used last: the Map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { pages: replay(kept.pages), progress: { ...kept.progress, skipped: { ...kept.progress.skipped } } };
    }
    if (kept) this.drop(key);
    const fresh = walk();
    return { pages: this.recording(key, now, fresh), progress: fresh.progress };
  }

  /** Every roster kept for keys starting with `prefix` (a viewer's, on "delete my data"). */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.drop(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private async *recording(key: string, now: number, source: RosterSource): AsyncGenerator<RosterPage> {
    const pages: RosterPage[] = [];
    let bytes = 0;
    for await (const page of source.pages) {
      bytes += pageBytes(page);
      if (bytes <= this.maxBytes) pages.push(page);
      yield page;
    }
    if (bytes <= this.maxBytes) this.keep(key, { pages, progress: source.progress, bytes, until: now + this.ttlMs });
  }

  private keep(key: string, entry: Entry): void {
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}

/** The kept pages as the walk gave them (an async iterable, as the aggregator reads a walk). */
function replay(pages: readonly RosterPage[]): AsyncIterable<RosterPage> {
  return {
    [Symbol.asyncIterator]: () => {
      let next = 0;
      return {
        next: () =>
          Promise.resolve(
            next < pages.length
              ? { done: false, value: pages[next++] as RosterPage }
              : { done: true, value: undefined },
          ),
      };
    },
  };
}
