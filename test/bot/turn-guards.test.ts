// "Group chats and channels", defense in depth: whatever the bot decides, the send level
// refuses sign-in cards and masked personal addresses in group chats and channels.
import assert from 'node:assert/strict';
import { CardFactory, TestAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { guardSharedConversation, SharedConversationLeak } from '../../src/bot/turn-guards';

function adapterIn(conversationType: 'personal' | 'groupChat' | 'channel', send: (context: TurnContext) => Promise<unknown>): TestAdapter {
  const reference: Partial<ConversationReference> = {
    channelId: 'msteams',
    conversation: { id: 'conv-1', conversationType, isGroup: conversationType !== 'personal', name: '' },
    user: { id: '29:user', name: 'Adele Vance' },
    bot: { id: '28:bot', name: 'Partner Link' },
  };
  return new TestAdapter(async (context) => {
    guardSharedConversation(context);
    await send(context);
  }, reference);
}

const oauthCard = (context: TurnContext) => context.sendActivity({ attachments: [CardFactory.oauthCard('WorkAccount', 'Sign in', 'Step 1 of 2')] });
const maskedCard = (context: TurnContext) =>
  context.sendActivity({ attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Linked to **a\\*\\*\\*@outlook.com**' }] })] });

describe('group chat: the send-level guard', function () {
  for (const type of ['groupChat', 'channel'] as const) {
    it(`group chat: refuses a sign-in card and a masked address in a ${type}`, async () => {
      await assert.rejects(async () => adapterIn(type, oauthCard).send('hi'), SharedConversationLeak);
      await assert.rejects(async () => adapterIn(type, maskedCard).send('hi'), SharedConversationLeak);
      await adapterIn(type, (c) => c.sendActivity('Welcome')).send('hi').assertReply('Welcome');
    });
  }

  it('group chat: lets both through in a 1:1 chat', async () => {
    await adapterIn('personal', oauthCard).send('hi').assertReply((a) => assert.equal(a.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.oauth'));
    await adapterIn('personal', maskedCard).send('hi').assertReply((a) => assert.match(JSON.stringify(a.attachments), /outlook\.com/));
  });
});
