// Small things a person notices, over HTTP with the real server: credit lines said whole (never
// "poin…"), a team card whose filter dropdown is not labelled like the button beside it, and an
// "I didn't catch that" that names what there is to ask for.
import assert from 'node:assert/strict';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { meganCertified, TabHarness } from '../support/tab-harness';
import { adaptiveCardOf, buttons, cardText, type Card } from '../support/teams-chat';

describe('small things a person notices', function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), generateOrg({ size: 300, branching: 100 }));
  let teamCard: Card;
  before(async () => {
    await h.start();
    await meganCertified(h);
    const { chat, cardId } = await h.teamCardChat({ ...work('adele'), email: work('adele').email });
    const card = adaptiveCardOf(h.channel.activities(chat.conversationId).find((a) => a.id === cardId) ?? {});
    assert.ok(card);
    teamCard = card;
  });
  after(() => h.stop());

  it('the team card says each credit line whole: every raise ends with its points, none cut inside a word', () => {
    const credit = JSON.stringify(teamCard).includes('Skilling credit from these people');
    assert.ok(credit, 'the card has a credit section');
    const raises = cardText(teamCard)
      .split('\n')
      .filter((l) => l.startsWith('• '));
    assert.ok(raises.length > 0);
    for (const line of raises) assert.match(line, / → \+[\d.]+ .+ points$/, line);
    assert.ok(
      raises.some((l) => l.length > 160),
      'including lines longer than the old cut',
    );
  });

  it('the team card\'s filter dropdown is labelled "Filter", and applied by "Apply filter": no "Show" next to "Show"', () => {
    const dropdown = JSON.stringify(teamCard).match(/"type":"Input.ChoiceSet"[^}]*"label":"([^"]+)"/)?.[1];
    const titles = buttons(teamCard).map((b) => b.title);
    assert.equal(dropdown, 'Filter');
    assert.ok(titles.includes('Apply filter'), titles.join(', '));
    assert.ok(!titles.includes(dropdown), 'the label is not the name of a button');
  });

  it('"I didn\'t catch that" names certifications to everyone and team status to managers', async () => {
    const chat = h.chat({ name: 'Alex Wilber', tenantId: work('alex').tenantId, aadObjectId: work('alex').objectId });
    const turn = await chat.say('asdf qwerty');
    const text = cardText(adaptiveCardOf(turn.replies[0] ?? {}));
    assert.match(text, /I didn't catch that\./);
    assert.match(text, /certifications/);
    assert.match(text, /Managers: team status shows how your team is doing/);
  });
});
