// Item 17: one date format in chat and in the tab, in the person's locale (Teams'
// activity.locale / localTimezone in chat, the page's locale in the tab), written by one function
// (src/cards/date-format.ts). Hostile locale strings fall back to en-US without crashing anything.
import assert from 'node:assert/strict';
import type { Association } from '../../src/associations/model';
import { linkNotice } from '../../src/associations/link-notice';
import { formatDate, safeLocale, safeTimeZone } from '../../src/cards/date-format';
import { CONTOSO, personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText, type TeamsChat } from '../support/teams-chat';

interface Section {
  purpose: string;
  linked: { since: string; linkedAt: string } | null;
}

async function seed(h: TabHarness): Promise<Association> {
  const adele = work('adele');
  const outcome = await h.app.store.link(
    {
      user: { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName },
      purpose: 'training',
      personal: { accountId: personal('adele').objectId, displayName: 'Adele Vance', maskedEmail: 'a***@outlook.com' },
    },
    h.clock.now(), // 2026-11-24T09:00:00Z
  );
  assert.equal(outcome.kind, 'linked');
  return (outcome as { association: Association }).association;
}

/** "since …" as the chat card shows it to a person whose Teams says `locale` / `localTimezone`. */
async function chatSince(chat: TeamsChat, locale: string | undefined, localTimezone?: string): Promise<string> {
  const turn = await chat.send({
    type: 'message',
    text: 'status',
    locale,
    ...(localTimezone ? { localTimezone } : {}),
  });
  assert.equal(turn.status, 200);
  const text = cardText(chat.latestCard('Your learning').card);
  // The sentence ends the line: "Linked to … since 24.11.2026." (dates may contain dots themselves).
  const since = /since ([^\n]+)\.(?:\n|$)/.exec(text)?.[1];
  assert.ok(since, `no "since" on the card: ${text}`);
  return since;
}

/** "since …" as the tab's API gives it to a page in `locale` / `timeZone`. */
async function tabSince(h: TabHarness, query: string): Promise<string> {
  const answer = await h.api('GET', `/api/tab/learning${query}`, h.signIn.tabToken(work('adele').email));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const training = (answer.body.sections as Section[]).find((s) => s.purpose === 'training');
  assert.ok(training?.linked);
  return training.linked.since;
}

describe('dates in chat and in the tab', function () {
  this.timeout(30_000);
  let h: TabHarness;
  let chat: TeamsChat;

  before(async () => {
    h = await new TabHarness().start();
    await seed(h);
    chat = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  after(async () => h?.stop());

  it('the same date reads the same in the card and in the tab, for the same locale', async () => {
    const en = await chatSince(chat, 'en-US');
    assert.equal(en, 'Nov 24, 2026', 'no weekday, no Adaptive Card DATE() left for the client');
    assert.equal(await tabSince(h, '?locale=en-US'), en);
    const gb = await chatSince(chat, 'en-GB');
    assert.equal(gb, '24 Nov 2026');
    assert.equal(await tabSince(h, '?locale=en-GB'), gb);
  });

  it("follows the person's locale: de-DE is German", async () => {
    const de = await chatSince(chat, 'de-DE');
    assert.equal(de, '24.11.2026');
    assert.equal(await tabSince(h, '?locale=de-DE'), de);
    assert.equal(await chatSince(chat, 'fr-FR'), '24 nov. 2026');
  });

  it("follows the person's time zone (Teams' localTimezone, the page's time zone)", async () => {
    // Linked at 09:00 UTC on Nov 24: still Nov 23 in Niue (UTC-11).
    const niue = await chatSince(chat, 'en-US', 'Pacific/Niue');
    assert.equal(niue, 'Nov 23, 2026');
    assert.equal(await tabSince(h, '?locale=en-US&timeZone=Pacific%2FNiue'), niue);
  });

  it('a garbage or hostile locale falls back to en-US without crashing, in chat and in the tab', async () => {
    const hostile = [
      'x'.repeat(100_000),
      'de-DE\u0000',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      'zz-ZZ',
      'en-US-u-ca-x'.repeat(40),
      '"; DROP TABLE',
      '',
      'i-default-😀',
    ];
    for (const locale of hostile) {
      assert.equal(await chatSince(chat, locale), 'Nov 24, 2026', JSON.stringify(locale.slice(0, 40)));
      assert.equal(
        await tabSince(
          h,
          `?${new URLSearchParams({ locale: locale.slice(0, 4000), timeZone: locale.slice(0, 4000) }).toString()}`,
        ),
        'Nov 24, 2026',
      );
    }
    assert.equal(await chatSince(chat, 'en-US', 'Not/AZone'), 'Nov 24, 2026', 'an unknown time zone is UTC');
    assert.equal((await h.api('GET', '/healthz')).status, 200, 'still serving');
  });

  it('the "what do you store about me?" card and the 30-day rule\'s date follow the locale too', async () => {
    await chat.send({ type: 'message', text: 'what do you store about me?', locale: 'de-DE' });
    const text = cardText(chat.latestCard('What Partner Link stores about you').card);
    assert.match(text, /a\*\*\*@outlook\.com, since 24\.11\.2026\n/);
    assert.match(text, /\n24\.11\.2026\n/, "the audit entry's date too");
    const next = new Date('2026-12-24T09:00:00Z');
    assert.match(
      linkNotice('learning', { kind: 'cool-off', nextAllowed: next }, { locale: 'de-DE' }).text,
      /24\. Dezember 2026/,
    );
    assert.match(
      linkNotice('learning', { kind: 'cool-off', nextAllowed: next }, { locale: 'en-US' }).text,
      /December 24, 2026/,
    );
  });

  it('the one formatting function never throws, whatever it is given', () => {
    const date = new Date('2026-11-24T09:00:00Z');
    for (const bad of [undefined, null, 42, {}, [], 'x'.repeat(1_000_000), 'en_US', '-', 'en--US', 'root', 'und']) {
      assert.doesNotThrow(() => formatDate(date, { locale: bad, timeZone: bad }));
      assert.match(safeLocale(bad), /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
      assert.match(safeTimeZone(bad), /^[A-Za-z_/+-]+$/);
    }
    assert.equal(formatDate(date, { locale: 'de-DE' }), '24.11.2026');
    assert.equal(formatDate(date, { locale: 'ja-JP' }), '2026/11/24');
  });
});
