// Keyed hashes for personal identifiers the bot compares but never keeps: the personal account's
// email address (kept with a Learning association) and a Learn transcript's identity (its Learn
// user name, else its MCID). HMAC-SHA256 under this installation's secret "personal-identity-key"
// (installation-secret.ts; the Secrets table on Azure): the hashes mean nothing to another
// installation, and without the secret nobody can test guessed addresses against them.
import { createHmac } from 'node:crypto';

export const IDENTITY_KEY_NAME = 'personal-identity-key';

/** What a transcript says about whose it is: Learn's user name, or the MCID when no user name is given. */
export interface TranscriptIdentity {
  kind: 'user-name' | 'mcid';
  value: string;
}

export interface IdentityKeys {
  /** The keyed hash of an email address, normalised first (trimmed, lower case). */
  emailKey(email: string): Promise<string>;
  /** The keyed hash of a transcript identity (a user name compared case-insensitively). */
  transcriptKey(identity: TranscriptIdentity): Promise<string>;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** IdentityKeys over a secret read once (and again after a failed read). */
export function identityKeys(readSecret: () => Promise<Buffer>): IdentityKeys {
  let secret: Promise<Buffer> | undefined;
  const key = (): Promise<Buffer> => {
    const current = (secret ??= readSecret());
    current.catch(() => (secret = undefined));
    return current;
  };
  // The domain keeps an address from ever hashing like a user name with the same letters.
  const hash = async (domain: string, value: string) =>
    createHmac('sha256', await key())
      .update(`${domain}\n${value}`)
      .digest('hex');
  return {
    emailKey: (email) => hash('email', normaliseEmail(email)),
    transcriptKey: (identity) =>
      hash(
        `transcript-${identity.kind}`,
        identity.kind === 'user-name' ? identity.value.trim().toLowerCase() : identity.value.trim(),
      ),
  };
}
