// The bot's conversation state store (per-person sign-in progress, the remembered work account, a
// pending team-status sign-in): documents by key, with eTags. The channel (src/channel/bot-memory.ts)
// keeps its turn state here; SQLite (bot-state-storage.ts) and Azure Table (azure/azure-bot-state-storage.ts)
// implement it. A write with a stale eTag is a conflict; "*" writes whatever is stored.

/** Documents by key; each may carry its `eTag`. */
export type StoreItems = Record<string, unknown>;

export interface StateStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
