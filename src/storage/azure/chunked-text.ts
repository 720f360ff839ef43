// Text too long for one Table property, kept in ONE entity as several binary properties (UTF-8,
// 60,000 bytes each; Table allows 64 KiB per property and 1 MiB per entity). One entity means a read
// is atomic and one ETag covers the whole text. Binary, not string: a string counts two bytes per
// character towards the entity limit, so ASCII-heavy JSON would fit only half as much. Text that
// may grow past what one entity holds (a certification record of 1,000 entries) can be deflated.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const CHUNK_BYTES = 60_000;

export type Chunks = Record<string, Uint8Array | number>;

/** Bytes of chunks one entity may carry (base64 on the wire: 4/3 of this under the 1 MiB limit). */
export const MAX_CHUNKED_BYTES = 720_000;
/** Inflating stops here: a damaged or hostile entity cannot make a read allocate more. */
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/**
 * `${prefix}Chunks` = count, `${prefix}0`..`${prefix}N-1` = the UTF-8 bytes (deflated when asked,
 * then `${prefix}Deflated` = 1). Throws when the bytes would not fit one entity.
 */
export function toChunks(prefix: string, text: string, options: { deflate?: boolean } = {}): Chunks {
  const bytes = options.deflate ? deflateRawSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  if (bytes.length > MAX_CHUNKED_BYTES)
    throw new Error(`${bytes.length} bytes do not fit one Table entity (at most ${MAX_CHUNKED_BYTES})`);
  const chunks: Chunks = options.deflate ? { [`${prefix}Deflated`]: 1 } : {};
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
  const bytes = Buffer.concat(parts);
  if (entity[`${prefix}Deflated`] !== 1) return bytes.toString('utf8');
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Bytes the text takes in chunks (what a cap compares against). */
export function chunkedBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
