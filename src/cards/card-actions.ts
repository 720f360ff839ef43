// The one schema for every button payload (every Action.Execute/Submit carries a `verb`;
// payloads carry ids only — the bot re-reads state and takes the acting user from the activity).
import { z } from 'zod';
import { teamActionVariants } from '../team-status/team-actions';

const purpose = z.enum(['training', 'learning']);
const uuid = z.string().uuid();
/** The card's transcript link input: a share link is far shorter. */
export const TRANSCRIPT_INPUT_MAX_CHARS = 2000;
const topic = z.enum(['accounts', 'password', 'missing-options']);
/** A keyed transcript identity (HMAC-SHA256, hex). */
const transcriptKey = z.string().regex(/^[0-9a-f]{64}$/);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const cardActionSchema = z.discriminatedUnion('verb', [
  z.strictObject({ verb: z.literal('welcome') }),
  z.strictObject({ verb: z.literal('status') }),
  z.strictObject({ verb: z.literal('help'), topic: topic.optional() }),
  z.strictObject({ verb: z.literal('link'), purpose }),
  z.strictObject({ verb: z.literal('removeRequest'), purpose, associationId: uuid }),
  z.strictObject({ verb: z.literal('removeConfirm'), purpose, associationId: uuid }),
  z.strictObject({ verb: z.literal('moveConfirm'), pendingId: uuid }),
  z.strictObject({ verb: z.literal('moveCancel'), pendingId: uuid }),
  z.strictObject({ verb: z.literal('cancelSignIn') }),
  z.strictObject({ verb: z.literal('dataExport') }),
  z.strictObject({ verb: z.literal('deleteDataRequest') }),
  z.strictObject({ verb: z.literal('deleteDataConfirm') }),
  // Team status for managers: view state only, re-authorized on every press.
  ...teamActionVariants,
  // Certifications. The card's Input.Text sends the pasted link as `link` (bounded).
  z.strictObject({ verb: z.literal('transcriptLink'), link: z.string().max(TRANSCRIPT_INPUT_MAX_CHARS).optional() }),
  z.strictObject({ verb: z.literal('certRefresh') }),
  // The transcript the card was about (its keyed identity); a card without one (older cards) is out of date.
  z.strictObject({ verb: z.literal('certOwnershipConfirm'), transcript: transcriptKey.optional() }),
  // A partner admin's decision on a colleague's self-declared transcript (re-checked on the server).
  z.strictObject({
    verb: z.literal('creditDecision'),
    decision: z.enum(['approve', 'decline']),
    subject: z.string().regex(GUID),
    transcript: transcriptKey,
  }),
  z.strictObject({ verb: z.literal('remindersOff') }),
  // A partner admin turns their own skilling forecast alerts on or off (re-checked on the server).
  z.strictObject({ verb: z.literal('forecastAlerts'), on: z.boolean() }),
  z.strictObject({ verb: z.literal('remindersOn') }),
]);

export type CardAction = z.infer<typeof cardActionSchema>;
export type Verb = CardAction['verb'];
export type HelpTopic = z.infer<typeof topic>;

export type ParsedCardAction = { ok: true; action: CardAction } | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Accepts both shapes that reach a bot: the `adaptiveCard/action` invoke value
 * (`{ action: { type: 'Action.Execute', verb, data } }`) and an Action.Submit message value
 * (`{ verb, ...data }`). Never throws.
 */
export function parseCardAction(value: unknown): ParsedCardAction {
  try {
    let payload: unknown = value;
    if (isRecord(value) && isRecord(value.action)) {
      const { verb, data } = value.action;
      if (data !== undefined && !isRecord(data)) return { ok: false, problem: 'action.data is not an object' };
      payload = { ...(data ?? {}), verb };
    }
    if (!isRecord(payload)) return { ok: false, problem: 'the payload is not an object' };
    // Teams adds its own keys to Action.Submit payloads; they are not ours to read.
    const { msteams: _msteams, ...ours } = payload;
    const parsed = cardActionSchema.safeParse(ours);
    if (parsed.success) return { ok: true, action: parsed.data };
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`.slice(0, 200),
    };
  } catch {
    return { ok: false, problem: 'unreadable payload' };
  }
}
