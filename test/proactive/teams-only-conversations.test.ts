// Only Microsoft Teams vouches for a person's tenant and object id. A turn from any other channel
// (Web Chat, Direct Line) that carries someone's ids must neither replace the conversation their
// reminders go to nor cancel their reminders. Over real HTTP: the bot on its SQLite file, the Teams
// channel stand-in, and a second stand-in playing the forger's own service.
import assert from 'node:assert/strict';
import { queueLinkReminders } from '../../src/team-status/link-reminders';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import type { Harness } from '../support/harness';
import { TeamsChat, replyTexts } from '../support/teams-chat';
import {
  installedChat,
  jobsOf,
  personOf,
  proactiveHarness,
  queueReminder,
  remindersShown,
} from './support/proactive-harness';

const LINK_REMINDER = 'Your manager asked me to remind you';

describe('only Teams can change where a person is reached', function () {
  this.timeout(30_000);
  let h: Harness;
  const forgersService = new TeamsChannelStandIn();
  let forgersUrl = '';
  beforeEach(async () => {
    h = await proactiveHarness().start();
    forgersUrl = await forgersService.start();
  });
  afterEach(async () => {
    await forgersService.stop();
    await h.stop();
  });

  /** Someone outside Teams who puts `victim`'s tenant and object id on their own activities. */
  const forgerAs = (victim: TeamsChat, place: ConstructorParameters<typeof TeamsChat>[4] = {}) =>
    new TeamsChat(() => h.botUrl, forgersService, `${forgersUrl}/webchat/`, victim.user, place);

  it("a webchat message carrying Megan's tenant and object id leaves her saved chat alone: her next reminder still reaches her in Teams", async () => {
    const megan = await installedChat(h, 'megan');
    const forged = await forgerAs(megan).send({ channelId: 'webchat', type: 'message', text: 'hi' });
    assert.match(replyTexts(forged.replies), /Partner Link works in Microsoft Teams/);

    await queueReminder(h, megan);
    await h.app.proactive.worker.runOnce();

    assert.equal(remindersShown(h, megan).length, 1, 'the reminder is in her Teams chat');
    assert.deepEqual(
      forgersService.activities().filter((a) => (a.text ?? '').includes('Your certification')),
      [],
      "nothing reached the forger's service",
    );
    const saved = await h.app.proactive.references.getReference(personOf(megan));
    assert.equal(saved?.channelId, 'msteams');
    assert.equal(saved?.conversationId, megan.conversationId);
  });

  it('a webchat membersRemoved naming Alex does not cancel his reminders; the same from Teams does', async () => {
    const alex = await installedChat(h, 'alex');
    const target = { serviceUrl: `${h.channelUrl}/amer/`, botId: '28:partner-link-bot' };
    await queueLinkReminders(h.app.proactive.queue, [personOf(alex)], 'batch-1', target, h.clock.now());
    const removal = {
      type: 'conversationUpdate',
      membersRemoved: [{ id: alex.userId, name: alex.user.name, aadObjectId: alex.user.aadObjectId }],
    };
    const team = {
      conversationId: '19:forged-team@thread.tacv2',
      conversationType: 'channel' as const,
      userId: '29:1forger',
    };

    await forgerAs(alex, team).send({ channelId: 'webchat', ...removal });
    assert.deepEqual(
      (await jobsOf(h, alex)).map((j) => j.state),
      ['queued'],
      'still waiting to be sent',
    );
    await h.app.proactive.worker.runOnce();
    assert.equal(
      h.channel.activities(alex.conversationId).filter((a) => (a.text ?? '').startsWith(LINK_REMINDER)).length,
      1,
      'Alex was reminded',
    );

    // The same removal from Teams is believed (he left the team): what is still pending stops.
    await queueLinkReminders(
      h.app.proactive.queue,
      [personOf(alex)],
      'batch-2',
      target,
      new Date(h.clock.now().getTime() + 8 * 86_400_000),
    );
    await h.chat(alex.user, '/amer/', team).send(removal);
    assert.ok((await jobsOf(h, alex)).some((j) => j.state === 'cancelled'));
  });
});
