// Checks that sit around every turn, whatever the bot decides:
//  - only Microsoft Teams (`msteams`) is trusted with tenant and aadObjectId: any other channel
//    (Web Chat, Direct Line set these fields themselves) gets one line and nothing is read or stored;
//  - a group chat or channel never receives a sign-in card or anyone's (masked) personal address.
//    The bot already sends those only in 1:1 chats; this refuses them at the send level as well.
import type { Turn } from '../channel/turn';
import type { OutgoingActivity, WireActivity } from '../channel/wire';
import { userMessage } from '../errors';

export const TEAMS_CHANNEL_ID = 'msteams';

const SIGN_IN_CARDS = new Set(['application/vnd.microsoft.card.oauth', 'application/vnd.microsoft.card.signin']);

/** The answer to a turn from any channel but Teams: one line, no state read or written. */
export async function answerOutsideTeams(turn: Turn): Promise<void> {
  const activity = turn.activity;
  const text = userMessage('teams-only');
  if (activity.type === 'invoke') {
    const body = activity.name === 'adaptiveCard/action' ? messageAnswer(text) : undefined;
    await turn.send({ type: 'invokeResponse', value: { status: 200, body } });
    if (activity.name !== 'adaptiveCard/action') await turn.send(text);
    return;
  }
  const botAdded =
    activity.type === 'conversationUpdate' && activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
  if (activity.type === 'message' || activity.type === 'event' || botAdded) await turn.send(text);
}

/** Text the person typed: a message without a value (an Action.Submit button sends its data as the value). */
export function isTypedMessage(activity: Pick<WireActivity, 'type' | 'value'>): boolean {
  return activity.type === 'message' && (activity.value === undefined || activity.value === null);
}

/** A Universal Actions answer that leaves the pressed card as it is and shows `text` to the presser. */
export function messageAnswer(text: string): {
  statusCode: 200;
  type: 'application/vnd.microsoft.activity.message';
  value: string;
} {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

export class SharedConversationLeak extends Error {
  constructor(what: string) {
    super(`Refused to send ${what} to a group chat or channel`);
    this.name = 'SharedConversationLeak';
  }
}

/** Refuses, in group chats and channels, any outgoing sign-in card or masked personal address. */
export function guardSharedConversation(turn: Turn): void {
  if (!turn.conversation.shared) return;
  turn.onSend((activities) => {
    for (const activity of activities) {
      const problem = leak(activity);
      if (problem) throw new SharedConversationLeak(problem);
    }
  });
}

function leak(activity: OutgoingActivity): string | undefined {
  const attachments = activity.attachments ?? [];
  if (attachments.some((a) => SIGN_IN_CARDS.has(a.contentType))) return 'a sign-in card';
  // A masked address looks like a***@outlook.com; Markdown escapes it as a\*\*\*@… (JSON doubles the backslashes).
  const json = JSON.stringify({ text: activity.text, attachments, value: activity.value }).replace(/\\\\/g, '');
  if (/\*{3}@/.test(json)) return 'a personal address';
  return undefined;
}
