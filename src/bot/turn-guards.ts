// Checks that sit around every turn, whatever the bot decides:
//  - only Microsoft Teams (`msteams`) is trusted with tenant and aadObjectId: any other channel
//    (Web Chat, Direct Line set these fields themselves) gets one line and nothing is read or stored;
//  - a group chat or channel never receives a sign-in card or anyone's (masked) personal address.
//    The bot already sends those only in 1:1 chats; this refuses them at the send level as well.
import type { Activity, TurnContext } from 'botbuilder';
import { userMessage } from '../errors';
import { isSharedConversation } from './private-chat';

export const TEAMS_CHANNEL_ID = 'msteams';

const SIGN_IN_CARDS = new Set(['application/vnd.microsoft.card.oauth', 'application/vnd.microsoft.card.signin']);

/** The answer to a turn from any channel but Teams: one line, no state read or written. */
export async function answerOutsideTeams(context: TurnContext): Promise<void> {
  const activity = context.activity;
  const text = userMessage('teams-only');
  if (activity.type === 'invoke') {
    const body = activity.name === 'adaptiveCard/action' ? messageAnswer(text) : undefined;
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
    if (activity.name !== 'adaptiveCard/action') await context.sendActivity(text);
    return;
  }
  const botAdded = activity.type === 'conversationUpdate' && activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
  if (activity.type === 'message' || activity.type === 'event' || botAdded) await context.sendActivity(text);
}

/** Text the person typed: a message without a value (an Action.Submit button sends its data as the value). */
export function isTypedMessage(activity: Pick<Activity, 'type' | 'value'>): boolean {
  return activity.type === 'message' && (activity.value === undefined || activity.value === null);
}

/** A Universal Actions answer that leaves the pressed card as it is and shows `text` to the presser. */
export function messageAnswer(text: string): { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string } {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

export class SharedConversationLeak extends Error {
  constructor(what: string) {
    super(`Refused to send ${what} to a group chat or channel`);
    this.name = 'SharedConversationLeak';
  }
}

/** Refuses, in group chats and channels, any outgoing sign-in card or masked personal address. */
export function guardSharedConversation(context: TurnContext): void {
  if (!isSharedConversation(context)) return;
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const activity of activities) {
      const problem = leak(activity);
      if (problem) throw new SharedConversationLeak(problem);
    }
    return next();
  });
}

function leak(activity: Partial<Activity>): string | undefined {
  const attachments = activity.attachments ?? [];
  if (attachments.some((a) => SIGN_IN_CARDS.has(a.contentType))) return 'a sign-in card';
  // A masked address looks like a***@outlook.com; Markdown escapes it as a\*\*\*@… (JSON doubles the backslashes).
  const json = JSON.stringify({ text: activity.text, attachments, value: activity.value as unknown }).replace(/\\\\/g, '');
  if (/\*{3}@/.test(json)) return 'a personal address';
  return undefined;
}
