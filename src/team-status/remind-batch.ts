// The id of one "Remind unlinked" press (its batch): `remind:<viewer key>:<uuid>`, the viewer named by
// the keyed hash of their work account (storage/pseudonyms.ts), never by their ids, because every
// reminder job of the press carries it, and those jobs belong to the people reminded. Ids written
// before keys were used (`remind:<tenant>:<object id>:<uuid>`) are rewritten with `keyedBatch`.
import { randomUUID } from 'node:crypto';

const PREFIX = 'remind:';
const UUID_LENGTH = 36;
const OLD_BATCH = /^remind:([^:]{1,100}):([^:]{1,100}):([0-9a-f-]{36})$/i;

export function remindBatch(viewerKey: string, id: string = randomUUID()): string {
  return `${batchPrefix(viewerKey)}${id}`;
}

/** How every batch of the viewer with this key starts. */
export function batchPrefix(viewerKey: string): string {
  return `${PREFIX}${viewerKey}:`;
}

/** How the viewer's batch ids started before keys were used (ids lower-cased). */
export function oldBatchPrefix(tenantId: string, objectId: string): string {
  return `${PREFIX}${tenantId.toLowerCase()}:${objectId.toLowerCase()}:`;
}

/** Is `batch` a press of the viewer with this key? */
export function isBatchOf(batch: string, viewerKey: string): boolean {
  const mine = batchPrefix(viewerKey);
  return batch.startsWith(mine) && batch.length === mine.length + UUID_LENGTH;
}

/** A batch id from before keys were used, with the key instead of the ids; any other id as it is. */
export function keyedBatch(batch: string, keyOf: (tenantId: string, objectId: string) => string): string {
  const old = OLD_BATCH.exec(batch);
  return old ? remindBatch(keyOf(old[1] ?? '', old[2] ?? ''), (old[3] ?? '').toLowerCase()) : batch;
}

/** The tenant and object id an old-style batch id names, if it is one. */
export function oldBatchViewer(batch: string): { tenantId: string; oid: string } | undefined {
  const old = OLD_BATCH.exec(batch);
  return old ? { tenantId: old[1] ?? '', oid: old[2] ?? '' } : undefined;
}
