// Keyed hashes that stand for a work account (tenant + object id) in records that must tell "the
// same person" apart without naming anyone: the team-view audit, reminder batch ids and the reminder
// progress cards. HMAC-SHA256 under this installation's audit secret (the one the association audit
// uses for personal account ids), so every instance of one installation computes the same key and
// nobody without the secret can tell whose it is. After "delete my data" these keys are all that
// is left of the person in those records, until the records expire.
import { createHmac } from 'node:crypto';

/** The installation secret the keys are made with (the association audit's key, on both engines). */
export const PSEUDONYM_SECRET = 'audit-account-key';

/** The key of a work account: 64 hex digits, the same for any spelling (case) of its ids. */
export function personKey(secret: Buffer, tenantId: string, objectId: string): string {
  return createHmac('sha256', secret)
    .update(`work-account:${tenantId.toLowerCase()}:${objectId.toLowerCase()}`)
    .digest('hex');
}

/** A keyed hash of anything else (`label` keeps kinds apart), e.g. a transcript link for its rate limit. */
export function valueKey(secret: Buffer, label: string, parts: readonly string[]): string {
  return createHmac('sha256', secret)
    .update(`${label}:${parts.join('\u0000')}`)
    .digest('hex');
}

/** The port: keyed hashes of work accounts (and of other values), for the services that name no one. */
export interface Pseudonyms {
  person(tenantId: string, objectId: string): Promise<string>;
  /** `label` other than 'work-account'. */
  of(label: string, ...parts: string[]): Promise<string>;
}

/** From a secret read once, on first use (`secret` may be slow: a remote read on Azure). */
export function pseudonymsFrom(secret: () => Promise<Buffer>): Pseudonyms {
  let key: Promise<Buffer> | undefined;
  const read = (): Promise<Buffer> => {
    key ??= secret();
    // A failed read (the store unreachable) is tried again on the next call, not remembered.
    key.catch(() => (key = undefined));
    return key;
  };
  return {
    person: async (tenantId, objectId) => personKey(await read(), tenantId, objectId),
    of: async (label, ...parts) => {
      if (label === 'work-account') throw new Error('work accounts are keyed with person()');
      return valueKey(await read(), label, parts);
    },
  };
}
