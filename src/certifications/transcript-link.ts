// Finds a Microsoft Learn transcript share link anywhere in a chat message:
// https://learn.microsoft.com/{locale}/users/{username}/transcript/{shareId}, locale optional.
// Messages are hostile input: only the first MAX_MESSAGE_CHARS are looked at, and the pattern has
// bounded repetition only (no nested quantifiers), so matching is linear in the message length.

/** Longer messages are looked at up to here; a share link is far shorter. */
export const MAX_MESSAGE_CHARS = 4000;

export interface TranscriptLink {
  /** The secret part: whoever holds it can read the whole transcript. Never log it. */
  shareId: string;
  username: string;
  locale: string | undefined;
}

export type LinkSearch =
  | { kind: 'found'; link: TranscriptLink }
  /** The message mentions Learn or a transcript, but holds no valid share link: say what one looks like. */
  | { kind: 'invalid' }
  /** Nothing link-like: the message is about something else. */
  | { kind: 'none' };

// https only, host learn.microsoft.com only (case-insensitive, as URLs are), every segment bounded.
const LINK =
  /https:\/\/learn\.microsoft\.com\/(?:([a-z]{2}(?:-[a-z0-9]{2,8}){0,2})\/)?users\/([a-z0-9][a-z0-9._-]{0,63})\/transcript\/([a-z0-9_-]{6,64})(?=$|[\s?#/"'<>)\]},.;:!])/i;
const MENTION = /learn\.microsoft\.com|\/transcript\//i;

/** The patterns run over a pasted message, for the test that keeps each one's reach bounded. */
export const LINK_PATTERNS: readonly RegExp[] = [LINK, MENTION];

export function findTranscriptLink(message: string): LinkSearch {
  const text = message.slice(0, MAX_MESSAGE_CHARS);
  const match = LINK.exec(text);
  if (match) {
    const [, locale, username, shareId] = match;
    if (username !== undefined && shareId !== undefined)
      return { kind: 'found', link: { shareId, username, locale: locale?.toLowerCase() } };
  }
  return MENTION.test(text) ? { kind: 'invalid' } : { kind: 'none' };
}
