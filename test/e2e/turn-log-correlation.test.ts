// Structured logs carry a correlation id per turn. Turns go through the real server
// (restify + CloudAdapter) and every pino line written while a turn runs, however deep in the bot
// or the store, carries `turn: <the activity id>`; another turn's lines carry another id.
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log';
import { Harness } from '../support/harness';
import { CONTOSO, personal, work } from '../support/dev-people';
import { oauthCardIn, type TeamsChat, type TurnResult } from '../support/teams-chat';

interface Line {
  turn?: string;
  event?: string;
  msg?: string;
}

describe('a correlation id per turn in the logs', () => {
  let h: Harness;
  let adele: TeamsChat;
  const lines: Line[] = [];

  beforeEach(async () => {
    lines.length = 0;
    const log = createLogger('trace', { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
    h = await new Harness({}, { log, proactive: { background: false }, certifications: { background: false } }).start();
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  });
  afterEach(async () => h.stop());

  /** Posts one activity and returns the log lines written while it ran. */
  async function turn(body: Record<string, unknown>): Promise<{ result: TurnResult; lines: Line[] }> {
    const from = lines.length;
    const result = await adele.post(body);
    return { result, lines: lines.slice(from) };
  }

  it('every line of a turn has turn = the activity id; two turns, two ids', async () => {
    await adele.say('hi');
    const start = adele.latestCard('Get Partner University access');
    const seen: { id: string; lines: Line[] }[] = [];
    // A press that starts the sign-in, then both sign-ins (token service, Graph, the store's write).
    const press = adele.activity({ type: 'message', replyToId: start.id, value: { verb: 'nonsense' } });
    seen.push({ id: String(press.id), lines: (await turn(press)).lines });
    let last: TurnResult = await adele.press(start.id, 'Get Partner University access');
    for (const [connection, email] of [
      ['WorkAccount', work('adele').email],
      ['PersonalAccount', personal('adele').email],
    ] as const) {
      if (oauthCardIn(last) !== connection) continue;
      const from = lines.length;
      last = await adele.signInAs(email);
      const mine = lines.slice(from);
      seen.push({ id: mine[0]?.turn ?? '(no line)', lines: mine });
    }
    assert.equal(oauthCardIn(last), undefined, 'both sign-ins done');

    const withLines = seen.filter((s) => s.lines.length > 0);
    assert.ok(
      withLines.length >= 2,
      `at least two turns logged something: ${JSON.stringify(seen.map((s) => s.lines.length))}`,
    );
    for (const s of withLines) {
      assert.deepEqual(
        [...new Set(s.lines.map((l) => l.turn))],
        [s.id],
        `one id for all of ${JSON.stringify(s.lines.map((l) => l.event ?? l.msg))}`,
      );
    }
    assert.equal(seen[0]?.lines[0]?.turn, press.id, 'the id is the activity id');
    assert.equal(new Set(withLines.map((s) => s.id)).size, withLines.length, 'each turn its own id');
  });

  it('an activity without a usable id gets a random one, never its text', async () => {
    const { lines: mine } = await turn(
      adele.activity({ type: 'message', id: 'adele.vance@contoso.example', value: { verb: 'nonsense' } }),
    );
    assert.ok(mine.length > 0, 'the rejected card action is logged');
    const ids = new Set(mine.map((l) => l.turn));
    assert.equal(ids.size, 1);
    assert.match([...ids][0] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
