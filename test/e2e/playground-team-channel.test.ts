// `@Partner Link team status` in the Agents Playground's team channel, end to end over HTTP: the
// activity is shaped as the Playground sends it from .m365agentsplayground.yml (its team's id, name and
// aadGroupId in channelData, its current user), and the bot reads that team from the Graph stand-in
// `npm start` runs (the default generated organization), with the app's token.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, cardText, replyTexts, TeamsChat } from '../support/teams-chat';

interface PlaygroundConfig {
  tenantId: string;
  currentUser: { id: string; name: string; aadObjectId: string };
  team: { id: string; name: string; aadGroupId: string };
}

const playground = yaml.load(
  fs.readFileSync(path.join(process.cwd(), '.m365agentsplayground.yml'), 'utf8'),
) as PlaygroundConfig;

describe("team status in the Agents Playground's team channel", function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), generateOrg());
  before(() => h.start());
  after(() => h.stop());

  /** The current user in the team's General channel (the Playground gives it the team's id), as the Playground posts. */
  const inChannel = (aadGroupId: string) => {
    const me = playground.currentUser;
    const chat = new TeamsChat(
      () => h.botUrl,
      h.channel,
      `${h.channelUrl}/amer/`,
      { name: me.name, tenantId: playground.tenantId, aadObjectId: me.aadObjectId },
      { conversationId: playground.team.id, conversationType: 'channel', userId: me.id },
    );
    const channelData = {
      tenant: { id: playground.tenantId },
      team: { id: playground.team.id, name: playground.team.name, aadGroupId },
      channel: { id: playground.team.id },
    };
    return { chat, ask: () => chat.send({ type: 'message', text: '<at>Partner Link</at> team status', channelData }) };
  };

  it("@Partner Link team status shows the team's counts in the channel, with the team's name", async () => {
    const asked = await inChannel(playground.team.aadGroupId).ask();
    const counts = asked.replies.map(adaptiveCardOf).find((card) => card && cardText(card).includes('People'));
    assert.ok(counts, replyTexts(asked.replies));
    assert.match(cardText(counts), new RegExp(playground.team.name));
    assert.match(cardText(counts), /Only counts here, for everyone in the team/);
    assert.doesNotMatch(replyTexts(asked.replies), /try again/i);
  });

  it('a team Microsoft Graph does not know is named as such, with what to do, and nothing says to try again', async () => {
    const unknown = '0badc0de-0000-4000-8000-000000000001';
    const asked = await inChannel(unknown).ask();
    const text = replyTexts(asked.replies);
    assert.match(text, /Microsoft Graph has no team with this team's id \(0badc0de-0000-4000-8000-000000000001\)/);
    assert.match(text, /asking again won't change that/);
    assert.match(text, /say "team status" there/);
    assert.doesNotMatch(text, /try again/i);
  });
});
