// Where answers land, at the wire: a reply to something typed is a new message at the bottom of the
// chat (a card far above is never changed out of sight); only the card whose button was pressed
// changes in place. And answer cards stay short: long lists are one press away (Action.ShowCard).
import assert from 'node:assert/strict';
import { DEV_SHARE_IDS, LearnStandIn } from '../../src/stand-ins/learn-stand-in';
import { CONTOSO, personal, work } from '../support/dev-people';
import { Harness } from '../support/harness';
import {
  adaptiveCardOf,
  cardText,
  invokeCard,
  oauthCardIn,
  replyTexts,
  shown,
  type Card,
  type TeamsChat,
  type TurnResult,
} from '../support/teams-chat';

const sixtyLink = `https://learn.microsoft.com/en-us/users/dev/transcript/${DEV_SHARE_IDS.sixty}`;

/** Facts (rows) a reader sees without pressing anything: those inside an Action.ShowCard are folded away. */
function visibleRows(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(visibleRows);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (record.type === 'Action.ShowCard') return [];
  const own =
    record.type === 'FactSet' && Array.isArray(record.facts)
      ? (record.facts as { title: string }[]).map((f) => f.title)
      : [];
  return [...own, ...Object.values(record).flatMap(visibleRows)];
}

describe('answers land at the bottom of the chat, and stay short', function () {
  this.timeout(60_000);
  let h: Harness;
  let learn: LearnStandIn;
  let adele: TeamsChat;

  /** Activities changed in place (PUT) during `turn`. */
  const updatedDuring = async (turn: () => Promise<TurnResult>): Promise<{ result: TurnResult; updated: string[] }> => {
    const ids = h.channel.activities(adele.conversationId).map((a) => a.id);
    const before = new Map(ids.map((id) => [id, h.channel.updates(id).length]));
    const result = await turn();
    return { result, updated: ids.filter((id) => h.channel.updates(id).length !== before.get(id)) };
  };

  beforeEach(async () => {
    learn = new LearnStandIn();
    h = await new Harness(
      { LEARN_API_URL: await learn.start() },
      { proactive: { background: false }, certifications: { background: false } },
    ).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => {
    await h.stop();
    await learn.stop();
  });

  const associateLearning = async (via: 'verifyState' | 'typed-code') => {
    await adele.say('status');
    let last: TurnResult = await adele.press(
      adele.latestCard('Associate Microsoft Learning account').id,
      'Associate Microsoft Learning account',
    );
    if (oauthCardIn(last) === 'WorkAccount') last = await adele.signInAs(work('adele').email, via);
    return { last, finish: () => adele.signInAs(personal('adele').email, via) };
  };

  it('a sign-in finished by a typed code: a new card and the line saying what happened come last; the card that started it is left alone', async () => {
    const { finish } = await associateLearning('typed-code');
    const { result, updated } = await updatedDuring(finish);
    assert.deepEqual(updated, [], 'no earlier card changed');
    const chat = h.channel.activities(adele.conversationId);
    assert.deepEqual(
      chat.slice(-2).map((a) => a.id),
      result.replies.map((r) => r.id),
      'the answer is the last two messages',
    );
    assert.ok(adaptiveCardOf(result.replies[0] ?? {}), 'first the card, as things stand now');
    assert.match(
      replyTexts([result.replies[1] ?? {}]),
      /^Your Microsoft Learning account a\*\*\*@outlook\.com is associated/,
    );
  });

  it('after the tall 60-certification card, typing something that is not a share link is answered with one line at the bottom', async () => {
    const { finish } = await associateLearning('verifyState');
    await finish();
    await adele.say(sixtyLink);
    const { result, updated } = await updatedDuring(() =>
      adele.say('my transcript is at learn.microsoft.com/users/me'),
    );
    assert.deepEqual(updated, []);
    assert.equal(result.replies.length, 1);
    const [line] = result.replies;
    assert.equal(line?.attachments?.length ?? 0, 0, 'one line, no card to scroll through');
    assert.match(line?.text ?? '', /^That isn't a Microsoft Learn transcript share link, so nothing was changed/);
    assert.equal(h.channel.activities(adele.conversationId).at(-1)?.id, line?.id, 'at the bottom');
  });

  it('the 60-certification answer card is short: a few rows of each list, every certification one press away', async () => {
    const { finish } = await associateLearning('verifyState');
    await finish();
    const turn = await adele.say(sixtyLink);
    const answer = adaptiveCardOf(turn.replies[0] ?? {}) as Card;
    const visible = visibleRows(answer);
    assert.ok(visible.length <= 8, `${visible.length} rows before any press: ${visible.join(' | ')}`);
    const everything = shown(cardText(answer));
    assert.match(everything, /Show 7 more with renewal open/);
    assert.match(everything, /Show \d+ more active/);
    const active = learn.transcript(DEV_SHARE_IDS.sixty)?.certificationData?.activeCertifications ?? [];
    const onCard = active.filter((c) => everything.includes(c.name));
    assert.ok(
      onCard.length >= 30,
      `${onCard.length} of ${active.length} active certifications are on the card, folded`,
    );
  });

  it('a pressed button still changes only its own card, in place', async () => {
    const { finish } = await associateLearning('verifyState');
    await finish();
    await adele.say(sixtyLink);
    h.clock.advanceMs(61_000); // one Learn read per link a minute
    const card = adele.latestCard('Refresh');
    const pressed = await adele.press(card.id, 'Refresh');
    assert.deepEqual(pressed.replies, [], 'nothing new in the chat');
    assert.match(cardText(invokeCard(pressed.body)), /read again from Microsoft Learn just now/);
  });
});
