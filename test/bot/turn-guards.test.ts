// "Group chats and channels", defense in depth: whatever the bot decides, the send level
// refuses sign-in cards and masked personal addresses in group chats and channels.
import assert from 'node:assert/strict';
import type { SendHook, Turn } from '../../src/channel/turn';
import type { OutgoingActivity } from '../../src/channel/wire';
import { guardSharedConversation, SharedConversationLeak } from '../../src/bot/turn-guards';

/** A turn in a conversation of `type` whose sends pass the hooks, as the channel's would, then land in `sent`. */
function turnIn(type: 'personal' | 'groupChat' | 'channel'): { turn: Turn; sent: OutgoingActivity[] } {
  const hooks: SendHook[] = [];
  const sent: OutgoingActivity[] = [];
  const turn = {
    conversation: { id: 'conv-1', type, shared: type !== 'personal' },
    onSend: (hook: SendHook) => void hooks.push(hook),
    send: (activity: OutgoingActivity | string) => {
      let activities: OutgoingActivity[] = [
        typeof activity === 'string' ? { type: 'message', text: activity } : activity,
      ];
      for (const hook of hooks) activities = hook(activities) ?? activities;
      sent.push(...activities);
      return Promise.resolve('sent-1');
    },
  } as unknown as Turn;
  guardSharedConversation(turn);
  return { turn, sent };
}

const oauthCard: OutgoingActivity = {
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.oauth',
      content: { text: 'Step 1 of 2', connectionName: 'WorkAccount', buttons: [{ type: 'signin', title: 'Sign in' }] },
    },
  ],
};
const maskedCard: OutgoingActivity = {
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Linked to **a\\*\\*\\*@outlook.com**' }] },
    },
  ],
};

describe('group chat: the send-level guard', function () {
  for (const type of ['groupChat', 'channel'] as const) {
    it(`group chat: refuses a sign-in card and a masked address in a ${type}`, async () => {
      const { turn, sent } = turnIn(type);
      await assert.rejects(async () => turn.send(oauthCard), SharedConversationLeak);
      await assert.rejects(async () => turn.send(maskedCard), SharedConversationLeak);
      await turn.send('Welcome');
      assert.deepEqual(
        sent.map((a) => a.text),
        ['Welcome'],
      );
    });
  }

  it('group chat: lets both through in a 1:1 chat', async () => {
    const { turn, sent } = turnIn('personal');
    await turn.send(oauthCard);
    await turn.send(maskedCard);
    assert.equal(sent[0]?.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.oauth');
    assert.match(JSON.stringify(sent[1]?.attachments), /outlook\.com/);
  });
});
