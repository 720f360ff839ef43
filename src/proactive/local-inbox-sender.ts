// Local development only (the stand-ins, `npm start`; never with a MicrosoftAppId): every proactive
// message must reach someone. The Agents Playground shows only its configured current user's chats,
// and answers a send to anyone else with 500 `UserNotFound`. Such a send was answered, so nothing was
// delivered; the message then goes to the local sign-in stand-in's inbox (its page lists what each
// person was sent) and counts as sent there. Only a loopback Teams service URL is ever diverted.
// Once-only holds: the Playground's answer means "not delivered"; the inbox answering 2xx means
// delivered; the inbox not answering at all leaves the send in doubt (never repeated); any other
// inbox answer is the Playground's refusal again.
import type { WireActivity } from '../channel/wire';
import { isLoopbackUrl } from '../loopback';
import type { ProactiveChannel, ProactiveSender } from './proactive-sender';
import { classifySendError } from './teams-send-errors';

/** The Playground's answer for a person it cannot show. */
export const PLAYGROUND_CANNOT_SHOW = 'UserNotFound';
/** Where the sign-in stand-in takes messages for its inbox (src/stand-ins/local-inbox.ts). */
export const LOCAL_INBOX_PATH = '/_local/inbox';

/** An inbox delivery that got no answer: it may have arrived (the worker reports it in doubt). */
class InboxNoAnswer extends Error {
  constructor() {
    super('the local inbox did not answer');
    this.name = 'LocalInboxNoAnswer';
  }
}

export function localInboxSender(inner: ProactiveSender, standInUrl: string, timeoutMs = 10_000): ProactiveSender {
  const inbox = new URL(LOCAL_INBOX_PATH, standInUrl).toString();
  const deliver = async (
    conversationId: string,
    activity: WireActivity,
    refusal: unknown,
  ): Promise<{ id?: string }> => {
    let response: Response;
    try {
      response = await fetch(inbox, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          conversationId,
          recipientId: activity.recipient?.id ?? '',
          activity: { type: activity.type, text: activity.text, attachments: activity.attachments },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new InboxNoAnswer();
    }
    const body = (await response.json().catch(() => ({}))) as { id?: unknown };
    if (!response.ok || typeof body.id !== 'string') throw refusal;
    return { id: body.id };
  };
  return {
    async connect(serviceUrl: string): Promise<ProactiveChannel> {
      const channel = await inner.connect(serviceUrl);
      if (!isLoopbackUrl(serviceUrl)) return channel;
      return {
        ...channel,
        post: async (conversationId, activity) => {
          try {
            return await channel.post(conversationId, activity);
          } catch (error) {
            const failure = classifySendError(error, Date.now());
            if (failure.kind !== 'permanent' || failure.code !== PLAYGROUND_CANNOT_SHOW) throw error;
            return deliver(conversationId, activity, error);
          }
        },
      };
    },
  };
}
