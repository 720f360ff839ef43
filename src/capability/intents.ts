// What a typed message asks for. Plain keyword matching on purpose: the bot has a handful of
// commands, and anything it does not understand gets a short help card, never silence.

export type Intent =
  | { kind: 'welcome' }
  | { kind: 'status' }
  | { kind: 'help'; topic?: 'accounts' | 'password' | 'missing-options' }
  | { kind: 'my-data' }
  | { kind: 'delete-my-data' }
  | { kind: 'team-status'; scope: 'direct' | 'org' }
  | { kind: 'skilling-forecast' }
  | { kind: 'forecast-setting' }
  | { kind: 'cancel' }
  | { kind: 'refresh' }
  | { kind: 'unknown' };

/** Commands are short: only this much of a message is looked at, cut before any pattern runs. */
const SCANNED_CHARS = 2000;
/** The normalized text compared with the rules. */
const MATCHED_CHARS = 500;

/**
 * Teams puts `<at>Partner Link</at>` in channel messages; drop mentions and markup before matching.
 * The message is cut first, and no pattern can rescan what it passed (a tag cannot contain `<`), so
 * the work is linear in the (bounded) length: a long run of `<` used to take seconds per 10 KB.
 */
const MENTION = /<at>[^<]*<\/at>/gi;
const TAG = /<[^<>]*>/g;
const NBSP = /&nbsp;/g;
const NOT_A_WORD = /[^\p{L}\p{N}' ]+/gu;
const SPACES = /\s+/g;
const MAGIC_CODE = /\d{6}/;

export function normalizeText(text: string | undefined): string {
  return (text ?? '')
    .slice(0, SCANNED_CHARS)
    .replace(MENTION, ' ')
    .replace(TAG, ' ')
    .replace(NBSP, ' ')
    .toLowerCase()
    .replace(NOT_A_WORD, ' ')
    .replace(SPACES, ' ')
    .trim()
    .slice(0, MATCHED_CHARS);
}

const RULES: { intent: Intent; pattern: RegExp }[] = [
  {
    intent: { kind: 'delete-my-data' },
    pattern: /\b(delete|erase|remove|forget) (all )?(of )?my (data|information|info)\b|\bforget me\b/,
  },
  {
    intent: { kind: 'my-data' },
    pattern: /\b(what|which) (data )?do you (store|keep|know|have)\b|\bmy data\b|\bprivacy\b/,
  },
  {
    intent: { kind: 'help', topic: 'password' },
    pattern: /\bpass ?words?\b|\bcan't access\b|\bcant access\b|\blocked out\b/,
  },
  {
    intent: { kind: 'help', topic: 'missing-options' },
    pattern: /\bmissing\b|\boptions?\b|\broles?\b|\bpermissions?\b|\bcan't see\b|\bcant see\b/,
  },
  {
    intent: { kind: 'help', topic: 'accounts' },
    pattern:
      /\bwork (vs|versus|or|and) personal\b|\bwhich account\b|\bpersonal account\b|\bwork account\b|\bmicrosoft account\b|\blive id\b|\bmsa\b/,
  },
  // Managers: "team status", "my team", "how is my team doing"; "my whole org" goes down the chain.
  {
    intent: { kind: 'team-status', scope: 'org' },
    pattern: /^((show )?my (whole |entire )?(org|organi[sz]ation)( status)?|whole org|org status)$/,
  },
  {
    intent: { kind: 'team-status', scope: 'direct' },
    pattern:
      /^((show )?(my )?team( status)?|my team's status|how is my team doing|how's my team doing|hows my team doing)$/,
  },
  // The skilling forecast, and a partner admin's settings for it (the value is read from the message itself).
  {
    intent: { kind: 'skilling-forecast' },
    pattern:
      /^((show )?(me )?(the |my |our |my team's |our team's )?skilling forecast|forecast|what'?s at risk|what is at risk)$/,
  },
  {
    intent: { kind: 'forecast-setting' },
    pattern: /^set (the )?((designation |assigned |forecast |loss )?(anniversary|track|threshold))\b/,
  },
  {
    intent: { kind: 'status' },
    pattern: /^(status|my status|my learning|learning|your learning|show my learning|state)$/,
  },
  { intent: { kind: 'refresh' }, pattern: /^(refresh|update|reload|refresh (my )?(certifications|certs|transcript))$/ },
  { intent: { kind: 'cancel' }, pattern: /^(cancel|stop|never ?mind|abort)$/ },
  // "help" is the help menu, the same as the cards' Help button.
  { intent: { kind: 'help' }, pattern: /^(help|help me|menu|\?)$/ },
  { intent: { kind: 'welcome' }, pattern: /^(hi|hello|hey|start|get started)( there)?$/ },
];

export function recognize(text: string | undefined): Intent {
  const normalized = normalizeText(text);
  for (const rule of RULES) if (rule.pattern.test(normalized)) return rule.intent;
  return { kind: 'unknown' };
}

/**
 * OAuthPrompt treats the first run of 6 digits anywhere in a message as the sign-in magic code, so this
 * looks at the whole message too; the pattern is linear (at most 6 steps from each position).
 */
export function containsMagicCode(text: string | undefined): boolean {
  return MAGIC_CODE.test(text ?? '');
}

/** Every pattern that runs over what someone typed, for the tests that keep them linear. */
export const MESSAGE_PATTERNS: readonly RegExp[] = [
  MENTION,
  TAG,
  NBSP,
  NOT_A_WORD,
  SPACES,
  MAGIC_CODE,
  ...RULES.map((rule) => rule.pattern),
];

/** Patterns run over the whole message, uncut: each may look only a bounded distance from where it starts. */
export const WHOLE_MESSAGE_PATTERNS: readonly RegExp[] = [MAGIC_CODE];

/** How much of a message is looked at before any pattern runs (the magic code is looked for in all of it). */
export const SCANNED_MESSAGE_CHARS = SCANNED_CHARS;
