// The "Remind unlinked" progress card says why people could not be reached, grouped, and what to do
// next for each. Over real HTTP: the Graph organization stand-in (someone leaves), the token service
// and app-token issuer, the Teams channel stand-in answering as Teams does (403 not installed, 403
// blocked, 500, a lost response, 403 BotDisabledByAdmin), and the bot on its SQLite file, with the
// worker run one pass at a time on the harness clock.
import assert from 'node:assert/strict';
import { ADELE_ID, deleteUser, generateOrg, type Org } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText, replyTexts, type TeamsChat } from '../support/teams-chat';

const TEAMS_APP_ID = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const REMINDER = 'Your manager asked me to remind you';

/** Adele presses Remind unlinked on her "my whole org" card; returns the chat and the card's id. */
async function pressRemindOnOrg(h: TabHarness): Promise<{ chat: TeamsChat; cardId: string }> {
  const { chat } = await h.teamCardChat(work('adele'));
  const asked = await chat.say('my whole org');
  const cardId = asked.replies.find((r) => cardText(adaptiveCardOf(r)).includes('Your organization'))?.id ?? '';
  assert.ok(cardId, replyTexts(asked.replies));
  await chat.press(cardId, 'Remind unlinked');
  return { chat, cardId };
}

async function finalCard(h: TabHarness, chat: TeamsChat, cardId: string): Promise<string> {
  for (let pass = 0; pass < 5; pass++) {
    await h.app.proactive.worker.runOnce();
    h.clock.advanceMs(90_000);
  }
  await h.app.remindProgress.tick();
  return cardText(adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {}));
}

const idOf = (org: Org, name: string) => [...org.entries.values()].find((e) => e.displayName === name)?.id ?? '';

describe('the reminder progress card says why people could not be reached', function () {
  this.timeout(60_000);

  describe('each reason once', () => {
    // Adele's four reports, and two generated people under Alex.
    const org = generateOrg({ size: 2 });
    const h = new TabHarness(() => ({ TEAMS_APP_ID }), org, { proactive: { background: false } });
    before(() => h.start());
    after(() => h.stop());

    it('grouped as not installed, left, blocked, refused and in doubt, each with what to do next, and the install link', async () => {
      const tenant = work('adele').tenantId;
      const generated = (org.reports.get(work('alex').objectId) ?? []).filter((id) => id !== ADELE_ID);
      assert.equal(generated.length, 2);
      const chatFor = (id: string) => {
        const conversation = `a:1${id.replace(/-/g, '')}`;
        h.channel.registerPersonalChat(tenant, id, conversation);
        return conversation;
      };
      h.channel.refusePersonalChat(work('alex').objectId);
      h.channel.faults.failNext(chatFor(work('megan').objectId), {
        status: 403,
        code: 'ConversationBlockedByUser',
        message: 'User blocked the conversation with the bot.',
      });
      h.channel.faults.failNext(chatFor(idOf(org, 'Nestor Wilke')), {
        status: 500,
        code: 'InternalServerError',
        message: 'Something went wrong.',
      });
      h.channel.faults.dropResponseNext(chatFor(generated[0] ?? ''));
      const { chat, cardId } = await pressRemindOnOrg(h);
      // Lee leaves the organization after the press: his reminder is already queued.
      deleteUser(org, idOf(org, 'Lee Gu'));

      const final = await finalCard(h, chat, cardId);
      assert.match(
        final,
        /Sent\n1\nWaiting\n0\nNot installed for them\n1\nLeft the organization\n1\nTeams refused\n2\nIn doubt \(maybe sent, never repeated\)\n1/,
      );
      const link = `https://teams.microsoft.com/l/app/${TEAMS_APP_ID}?tenantId=${tenant}`;
      assert.ok(
        final.includes(
          `Not installed for them (1): Partner Link isn't in their Teams, so Teams won't open a chat with them. Share the install link with them: [Add Partner Link](${link}).`,
        ),
        final,
      );
      assert.match(
        final,
        /Left the organization \(1\): Microsoft Entra ID no longer has them[^\n]*nothing needs doing\./,
      );
      assert.match(final, /Teams refused, blocked by the person \(1\): [^\n]*only they can unblock it/);
      assert.match(final, /Teams refused \(1\): [^\n]*press Remind again next week/);
      assert.match(final, /In doubt \(1\): [^\n]*ask them whether they got it\./);
      assert.doesNotMatch(final, /turned off by your admin/);
      assert.equal(
        h.channel.activities().filter((a) => (a.text ?? '').startsWith(REMINDER)).length,
        2,
        'the one sent, and the one whose answer was lost',
      );
    });
  });

  describe('Partner Link turned off by the admin', () => {
    const h = new TabHarness(() => ({}), generateOrg({ size: 0 }), { proactive: { background: false } });
    before(() => h.start());
    after(() => h.stop());

    it('says so once for everyone it stopped, and what to ask; without TEAMS_APP_ID no link is made up', async () => {
      const { chat, cardId } = await h.teamCardChat(work('adele'));
      // The first call Teams gets for a reminder (opening a 1:1) is refused: the bot is disabled in the tenant.
      h.channel.faults.failNext('*', {
        status: 403,
        code: 'BotDisabledByAdmin',
        message: 'The bot is disabled by the tenant admin.',
      });
      await chat.press(cardId, 'Remind unlinked');
      const final = await finalCard(h, chat, cardId);
      assert.match(final, /Sent\n0\nWaiting\n0/);
      assert.match(
        final,
        /Teams refused, turned off by your admin \(4\): your Teams admin has turned Partner Link off for your organization\. Ask them to allow it/,
      );
      assert.doesNotMatch(final, /teams\.microsoft\.com\/l\/app/);
    });
  });
});
