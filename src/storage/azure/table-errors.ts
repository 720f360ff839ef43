// What Table and Queue Storage answers mean to the adapters. A 412 (stale ETag on an update or
// delete) and a 409 EntityAlreadyExists (insert of a key that exists) are both "someone else
// changed this first": the adapter re-reads and answers with the current state.
import { RestError, type TableClient, type TableEntity } from '@azure/data-tables';

export function statusOf(error: unknown): number | undefined {
  if (error instanceof RestError) return error.statusCode;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** 409 on insert, 412 on a conditional update/delete. */
export function isConcurrencyConflict(error: unknown): boolean {
  const status = statusOf(error);
  return status === 409 || status === 412;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/**
 * Writes `entity` over what was read (`read`, undefined when there was no row): created if absent,
 * replaced only if unchanged since. False when someone else wrote first (409/412): re-read and decide again.
 */
export async function writeOverRead<T extends object>(
  table: TableClient,
  entity: TableEntity<T>,
  read: { etag: string } | undefined,
): Promise<boolean> {
  try {
    if (read) await table.updateEntity(entity, 'Replace', { etag: read.etag });
    else await table.createEntity(entity);
    return true;
  } catch (error) {
    if (!isConcurrencyConflict(error)) throw error;
    return false;
  }
}

/**
 * PartitionKey and RowKey may not contain / \ # ? or control characters, and are at most 1 KiB.
 * Keys built from outside ids (tenant ids, object ids, share ids) go through this: a reversible
 * escape, so two different ids never share a key.
 */
export function tableKey(...parts: string[]): string {
  const key = parts
    .map((part) =>
      part.replace(/[%/\\#?\u0000-\u001f\u007f-\u009f|]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
    )
    .join('|');
  if (key.length > 512) throw new Error('table key too long');
  return key;
}

/** Builds an OData filter with values quoted (use instead of string concatenation). */
export { odata } from '@azure/data-tables';
