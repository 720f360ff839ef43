// A transcript link that stops answering (Learn's 404), over HTTP with the real server and the
// stand-ins: what was read before stays on the card, with its age, exactly as the answer says; and
// when nothing was read before, the answer does not say anything is kept.
import assert from 'node:assert/strict';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import { cardText, replyTexts, type TeamsChat } from '../support/teams-chat';
import { associateLearning } from '../support/associate-learning';

const linkOf = (shareId: string) => `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${shareId}`;

describe('a transcript link Learn no longer answers: one truth on the card', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;

  beforeEach(async () => {
    learn = new LearnStandIn();
    h = await new Harness(
      { LEARN_API_URL: await learn.start() },
      { proactive: { background: false }, certifications: { background: false } },
    ).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    await associateLearning(adele);
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  const keptWithAge = (seen: string) => {
    assert.match(seen, /no longer shared.*What I read before is kept until then/s);
    assert.match(seen, /Microsoft Certified: Azure Solutions Architect Expert/);
    assert.match(seen, /Read from Microsoft Learn 3 hours ago/);
    assert.doesNotMatch(seen, /have not been read from Microsoft Learn yet/);
  };

  it('the same link pasted again after it stopped answering: the certifications read before stay, with their age', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceMs(3 * 60 * 60 * 1000);
    learn.unshare(DEV_SHARE_IDS.adele);
    keptWithAge(replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.adele))).replies));
    h.clock.advanceMs(61_000); // one Learn read per link a minute
    keptWithAge(replyTexts((await adele.say('refresh')).replies));
    h.clock.advanceMs(61_000);
    keptWithAge(cardText((await adele.press(adele.latestCard('Refresh').id, 'Refresh')).card));
  });

  it('a new link that does not answer changes nothing: the certifications read before stay, with their age', async () => {
    await adele.say(linkOf(DEV_SHARE_IDS.adele));
    h.clock.advanceMs(3 * 60 * 60 * 1000);
    keptWithAge(replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.unshared))).replies));
    // The link that works is still the one kept: Refresh reads it.
    const before = learn.requestCount(DEV_SHARE_IDS.adele);
    assert.match(replyTexts((await adele.say('refresh')).replies), /read again from Microsoft Learn just now/);
    assert.equal(learn.requestCount(DEV_SHARE_IDS.adele), before + 1);
  });

  it('a first link that does not answer: nothing was read, and the answer does not say anything is kept', async () => {
    const seen = replyTexts((await adele.say(linkOf(DEV_SHARE_IDS.unshared))).replies);
    assert.match(seen, /not shared, or no longer shared, on Microsoft Learn/);
    assert.doesNotMatch(seen, /What I read before is kept/);
  });
});
