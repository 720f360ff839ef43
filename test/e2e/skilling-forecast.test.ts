// The skilling forecast end to end, over real HTTP on both engines (a SQLite file; Azure Tables in
// Azurite): the bot, the sign-in stand-in playing Graph (Patti is the partner admin through a nested
// group), the Teams channel stand-in. Security's first step rests on Lee alone, whose certification
// lapses in four months: the partner admin sees the date and the one renewal that prevents it, and
// sets the anniversary (kept across a restart); Adele, who manages Lee, Megan and Alex, sees her
// team's contribution after the work sign-in; Lee sees on his own card that his renewal matters,
// and no one else's name.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { work } from '../support/dev-people';
import { FORECAST_ENV, forecastOrg, LEE, seedSecurityAtRisk } from '../support/forecast-seed';
import { TabHarness } from '../support/tab-harness';
import { cardText, oauthCardIn, replyTexts, TeamsChat } from '../support/teams-chat';

for (const engine of ['SQLite file', 'Azure Table (Azurite)'] as const) {
  describe(`the skilling forecast in chat (${engine})`, function () {
    this.timeout(120_000);
    let azurite: Azurite | undefined;
    const prefix = uniquePrefix();
    const org = forecastOrg();
    const h = new TabHarness(() => ({ ...FORECAST_ENV, ...(azurite ? azurite.env(prefix) : {}) }), org, {
      proactive: { background: false },
      certifications: { background: false },
    });
    before(async () => {
      if (engine !== 'SQLite file') azurite = await sharedAzurite();
      await h.start();
      await seedSecurityAtRisk(h);
    });
    after(() => h.stop());

    const chatOf = (who: { displayName: string; tenantId: string; objectId: string }): TeamsChat => {
      const chat = h.chat({ name: who.displayName, tenantId: who.tenantId, aadObjectId: who.objectId });
      h.channel.registerPersonalChat(who.tenantId, chat.userId, chat.conversationId);
      return chat;
    };

    it('a partner admin sees Security fall to 0 in four months, and the one open renewal that prevents it, with what the figures count', async () => {
      const patti = chatOf(work('patti'));
      const seen = replyTexts((await patti.say('skilling forecast')).replies);
      assert.match(
        seen,
        /Skilling forecast\nYour organization's skilling points, from the 4 linked people with verified transcripts \(read Nov 24, 2026\), assuming nobody renews and nobody new certifies\./,
      );
      assert.match(seen, /Security\ntoday 24 of 40 · lowest 0 by Mar 2027 · at risk from Mar 20, 2027/);
      assert.match(
        seen,
        /Security \(Skilling: intermediate\) falls to 0 on Mar 20, 2027 \(Partner Center expected by Mar 30, 2027\)/,
      );
      assert.match(
        seen,
        /Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027; renewing keeps the Security gate met and its skilling over 0 for the next 12 months\./,
      );
      assert.match(seen, /No designation anniversary is set/);
      assert.match(seen, /performance and customer success are not known to Partner Link/);
      // Asked in a group chat, nothing of it is posted there.
      const group = new TeamsChat(() => h.botUrl, h.channel, `${h.channelUrl}/amer/`, patti.user, {
        conversationType: 'groupChat',
        conversationId: `19:${randomUUID().replace(/-/g, '')}@thread.v2`,
        userId: patti.userId,
      });
      const inGroup = replyTexts((await group.say('skilling forecast')).replies);
      assert.match(inGroup, /I've sent you a private message/);
      assert.doesNotMatch(inGroup, /Lee|Security|Skilling forecast/);
    });

    it('a partner admin sets the anniversary (a bad date is refused, saying what to type); the forecast marks it, after a restart too', async () => {
      const patti = chatOf(work('patti'));
      assert.match(
        replyTexts((await patti.say('set anniversary 2027-02-30')).replies),
        /I couldn't read "2027-02-30" as a date\. Write it as YYYY-MM-DD, for example set anniversary 2027-03-31 \(or set anniversary off\)\. Nothing was changed\./,
      );
      assert.match(
        replyTexts((await patti.say('set anniversary 2027-03-31')).replies),
        /Designation anniversary set to Mar 31, 2027\. The forecast marks the renewal window from Oct 1, 2026\./,
      );
      assert.match(replyTexts((await patti.say('set loss threshold 10')).replies), /Loss threshold set to 10 points/);
      await h.restartBot();
      const seen = replyTexts((await chatOf(work('patti')).say("what's at risk?")).replies);
      assert.match(
        seen,
        /Designation anniversary: Mar 31, 2027\. It renews if the designation qualified on one day of the renewal window, from Oct 1, 2026\./,
      );
      assert.match(
        seen,
        /falls to 0 on Mar 20, 2027 \(Partner Center expected by Mar 30, 2027\); a designation needs more than 0 in every metric\. This is before the anniversary\.\nLee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027; renewing keeps the Security gate met and its skilling over 0 through the anniversary\./,
      );
      assert.match(seen, /Mar 2027 \(renewal window\)\n0/);
    });

    it("a manager who is no partner admin can't change the settings, and sees only their team's contribution after the work sign-in", async () => {
      const adele = chatOf(work('adele'));
      assert.match(
        replyTexts((await adele.say('set anniversary 2028-01-31')).replies),
        /Only partner admins can change the skilling forecast settings, so nothing was changed\./,
      );
      const asked = await adele.say('skilling forecast');
      assert.equal(oauthCardIn(asked), 'WorkAccount');
      assert.match(replyTexts(asked.replies), /sign in on the sign-in card, and it appears here/);
      const seen = replyTexts((await adele.signInAs(work('adele').email)).replies);
      assert.match(
        seen,
        /Your team's skilling forecast\nYour team's contribution, not your organization's score: the skilling points of the 3 people you manage \(directly or down the chain\) with verified transcripts/,
      );
      assert.match(
        seen,
        /Security\ntoday 16 of 40 · lowest 0 by Mar 2027 · at risk from Mar 20, 2027/,
        "Patti's certification is not her team's",
      );
      assert.match(seen, /Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027/);
      assert.doesNotMatch(seen, /Patti/);
    });

    it('an employee sees on their own card the renewal that keeps Security, naming nobody else; asking for the forecast tells them where it is', async () => {
      assert.ok(LEE);
      const lee = chatOf(LEE);
      await lee.say('status');
      const card = cardText(lee.latestCard('Microsoft exams and certifications').card);
      assert.match(
        card,
        /Your Cloud and AI Security Engineer Associate renewal keeps the Security gate met and its skilling over 0 \(renewal open until Mar 20, 2027\)\./,
      );
      assert.doesNotMatch(card, /Megan|Alex|Patti|colleague/);
      const megan = chatOf(work('megan'));
      await megan.say('status');
      assert.match(
        cardText(megan.latestCard('Microsoft exams and certifications').card),
        /Your SC-200 renewal keeps the Security gate met \(renewal opens Mar 1, 2027, open until Sep 1, 2027\)\./,
      );
      await lee.say('skilling forecast');
      const answered = replyTexts((await lee.signInAs(LEE.email)).replies);
      assert.match(
        answered,
        /The skilling forecast is for partner admins \(the whole organization\) and managers \(the people they manage\)/,
      );
    });
  });
}
