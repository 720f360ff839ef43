// Two bot processes on different ports share one Azurite (STORE=azure), as two App
// Service instances share one storage account. One person's turns go alternately to both; the
// store, read back afterwards, holds no lost or duplicated association, audit entry or reminder.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { type Stores } from '../../src/storage/stores';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { openStores } from '../../src/storage/open-stores';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { BotInstances } from '../support/bot-instances';
import { CONTOSO, personal, work } from '../support/dev-people';
import {
  adaptiveCardOf,
  buttons,
  cardText,
  invokeCard,
  oauthCardIn,
  replyTexts,
  type TeamsChat,
} from '../support/teams-chat';

const GET_PU = 'Get Partner University access';

describe('two instances on one Azure Storage account', function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let bots: BotInstances;
  let stores: Stores;

  beforeEach(async () => {
    azurite = await sharedAzurite();
    const env = azurite.env(uniquePrefix());
    // An organization in Graph, for team status.
    bots = await new BotInstances({ org: generateOrg({ size: 200, branching: 50 }) }).start(2, env);
    // The test reads the shared store the way a third instance would.
    stores = openStores(loadConfig(env).storage, { ratePerSecond: 40 });
  });
  afterEach(async () => {
    await bots.stop();
    await stores.close();
  });

  const adeleOn = (route: (turn: number) => number): TeamsChat =>
    bots.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId }, route);
  const adeleKey = { tenantId: CONTOSO, objectId: work('adele').objectId };

  /** Links Partner University access with every turn alternating between the instances. */
  async function linkAlternating(adele: TeamsChat): Promise<void> {
    await adele.say('status'); // instance 0
    const pressed = await adele.press(adele.latestCard(GET_PU).id, GET_PU); // instance 1
    assert.equal(oauthCardIn(pressed), 'WorkAccount');
    const afterWork = await adele.signInAs(work('adele').email); // instance 0: the dialog begun on 1 goes on
    assert.equal(
      oauthCardIn(afterWork),
      'PersonalAccount',
      'the sign-in started on one instance continues on the other',
    );
    const done = await adele.signInAs(personal('adele').email); // instance 1
    assert.match(replyTexts(done.replies), /Partner University access is linked to a\*\*\*@outlook\.com/);
  }

  it('a sign-in begun on one instance ends on the other, and the link is stored once with one audit entry', async () => {
    const adele = adeleOn((turn) => turn % 2);
    await linkAlternating(adele);
    const associations = await stores.associations.list(adeleKey);
    assert.deepEqual(
      associations.map((a) => a.purpose),
      ['training'],
    );
    const exported = await stores.associations.exportUserData(adeleKey);
    assert.equal(
      exported.audit.filter((e) => e.action === 'link').length,
      1,
      JSON.stringify(exported.audit.map((e) => e.action)),
    );
    // Either instance shows the same state.
    for (const index of [0, 1]) {
      const shown = await bots.sameChatOn(adele, index).say('status');
      const card = shown.replies.map(adaptiveCardOf).find((c) => c !== undefined);
      assert.match(cardText(card), /Linked to .*@outlook\.com/);
    }
  });

  it('a team status sign-in asked on one instance ends on the other, and the team is shown', async () => {
    const alex = bots.chat(
      { name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId },
      (turn) => turn % 2,
    );
    const asked = await alex.say('team status'); // instance 0
    assert.equal(oauthCardIn(asked), 'WorkAccount');
    const signedIn = await alex.signInAs(work('alex').email); // instance 1: the prompt begun on 0 goes on
    assert.match(replyTexts(signedIn.replies), /Your team/);
  });

  it('one Teams SSO token exchange sent by two Teams clients, landing on both instances at once, shows the team once', async () => {
    const alex = bots.chat(
      { name: 'Alex Wilber', tenantId: CONTOSO, aadObjectId: work('alex').objectId },
      (turn) => turn % 2,
    );
    await alex.say('team status'); // instance 0
    const before = alex.channel.activities(alex.conversationId).length;
    const exchange = alex.tokenExchange((audience) => bots.signIn.ssoToken(work('alex').email, audience));
    const turns = await Promise.all([alex.send(exchange), alex.send(exchange)]); // instances 1 and 0
    assert.deepEqual(
      turns.map((t) => t.status),
      [200, 200],
    );
    const shown = alex.channel.activities(alex.conversationId).slice(before);
    assert.equal(shown.filter((a) => cardText(adaptiveCardOf(a)).includes('Your team')).length, 1, replyTexts(shown));
  });

  it('"Yes, remove access" pressed on both instances at once removes once, with one audit entry', async () => {
    const adele = adeleOn((turn) => turn % 2);
    await linkAlternating(adele);
    await adele.say('status');
    const card = adele.latestCard('Remove access');
    const asked = await adele.press(card.id, 'Remove access');
    const yes = buttons(asked.card).find((x) => x.title === 'Yes, remove access');
    assert.ok(yes);
    // The same confirmation button, pressed at once on two devices whose turns reach different instances.
    const pressYes = (index: number) =>
      bots.sameChatOn(adele, index).send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: card.id,
        value: { action: { type: 'Action.Execute', verb: yes.verb, data: yes.data ?? {} }, trigger: 'manual' },
      });
    const [a, b] = (await Promise.all([pressYes(0), pressYes(1)])).map((turn) => ({ card: invokeCard(turn.body) }));
    assert.ok(a && b);
    const answers = [cardText(a.card), cardText(b.card)];
    assert.equal(answers.filter((t) => /Partner University access removed/.test(t)).length, 1, answers.join('\n---\n'));
    assert.equal(answers.filter((t) => /already removed/.test(t)).length, 1, answers.join('\n---\n'));
    for (const answered of [a.card, b.card])
      assert.ok(
        buttons(answered).some((x) => x.title === GET_PU),
        'both cards offer to link again',
      );
    assert.deepEqual(await stores.associations.list(adeleKey), []);
    const audit = (await stores.associations.exportUserData(adeleKey)).audit.map((e) => e.action);
    assert.deepEqual(
      audit.filter((action) => action === 'remove'),
      ['remove'],
      audit.join(', '),
    );
    assert.deepEqual(
      audit.filter((action) => action === 'link'),
      ['link'],
    );
  });

  it('a reminder run drained by both instances reaches each person exactly once', async () => {
    const people: TeamsChat[] = [];
    for (let i = 0; i < 40; i += 1) {
      const chat = bots.chat(
        {
          name: `Person ${i}`,
          tenantId: CONTOSO,
          aadObjectId: `0c0c0c0c-0000-4000-8000-${String(i).padStart(12, '0')}`,
        },
        () => i % 2,
      );
      await chat.install(); // each instance saves the conversation references of half the people
      people.push(chat);
    }
    const now = new Date();
    for (const [i, chat] of people.entries()) {
      await stores.proactive.queue.enqueue(
        {
          dedupeKey: `renewal:${i}:AZ-104`,
          kind: 'renewal-reminder',
          person: {
            tenantId: chat.user.tenantId.toLowerCase(),
            aadObjectId: (chat.user.aadObjectId ?? '').toLowerCase(),
          },
          batch: 'two-instance-run',
          payload: {
            name: 'Azure Administrator',
            number: 'AZ-104',
            expires: new Date(now.getTime() + 20 * 86_400_000).toISOString(),
            stage: 'last-30-days',
          },
        },
        now,
      );
    }
    const deadline = Date.now() + 60_000;
    const counts = async () => stores.proactive.queue.counts({ batch: 'two-instance-run' });
    while ((await counts()).sent < people.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    // A moment longer, so a duplicate send would show.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const shown = people.map(
      (chat) =>
        bots.channel.activities(chat.conversationId).filter((a) => replyTexts([a]).includes('Your certification'))
          .length,
    );
    assert.deepEqual(shown, new Array<number>(people.length).fill(1), 'each person got exactly one reminder');
    const final = await counts();
    assert.equal(final.sent, people.length);
    assert.equal(final['in-doubt'], 0);
  });
});
