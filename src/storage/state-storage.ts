// The bot's conversation state store (per-person sign-in progress, the remembered work account, the
// last Teams SSO token exchange): documents by key, with eTags. The channel (src/channel/bot-memory.ts)
// keeps its turn state here; SQLite (sqlite/sqlite-bot-state-storage.ts) and Azure Table
// (azure/azure-bot-state-storage.ts) implement it. A write with a stale eTag is a conflict; "*" writes
// whatever is stored; CREATE_ONLY writes only a key that does not exist yet (else a conflict).

/** Documents by key; each may carry its `eTag`. */
export type StoreItems = Record<string, unknown>;

/** The eTag of a write that may only create its key: two such writes of one key, one lands. */
export const CREATE_ONLY = 'create-only';

export interface StateStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
