// Text too long for one Table property, kept in ONE entity as several binary properties (UTF-8,
// 60,000 bytes each; Table allows 64 KiB per property and 1 MiB per entity). One entity means a read
// is atomic and one ETag covers the whole text. Binary, not string: a string counts two bytes per
// character towards the entity limit, so ASCII-heavy JSON would fit only half as much.

export const CHUNK_BYTES = 60_000;

export type Chunks = Record<string, Uint8Array | number>;

/** `${prefix}Chunks` = count, `${prefix}0`..`${prefix}N-1` = the UTF-8 bytes. */
export function toChunks(prefix: string, text: string): Chunks {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Chunks = {};
  let count = 0;
  for (let at = 0; at < bytes.length || count === 0; at += CHUNK_BYTES) {
    chunks[`${prefix}${count}`] = new Uint8Array(bytes.subarray(at, at + CHUNK_BYTES));
    count += 1;
  }
  chunks[`${prefix}Chunks`] = count;
  return chunks;
}

/** The text back, or undefined when a chunk is missing or not bytes (a damaged entity). */
export function fromChunks(prefix: string, entity: Record<string, unknown>): string | undefined {
  const count = entity[`${prefix}Chunks`];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 64) return undefined;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i += 1) {
    const part = entity[`${prefix}${i}`];
    if (!(part instanceof Uint8Array)) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Bytes the text takes in chunks (what a cap compares against). */
export function chunkedBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
