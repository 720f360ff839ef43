// A transcript share id reads the whole transcript, PII included, so it is stored only
// sealed: AES-256-GCM with the installation's key, a random 96-bit nonce per seal, and the row's
// identity as associated data (a sealed id copied to another person's row does not open).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The installation secret share ids are sealed with (on both engines). */
export const SHARE_ID_KEY_NAME = 'learn-share-id-key';

const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** format byte ‖ nonce ‖ tag ‖ ciphertext. */
export function sealShareId(key: Buffer, shareId: string, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(shareId, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), nonce, cipher.getAuthTag(), ciphertext]);
}

/** The share id, or undefined when the blob was not sealed by this key for this row. */
export function openShareId(key: Buffer, sealed: Buffer, associatedData: string): string | undefined {
  if (sealed.length <= 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
