// How long a person waits on Azure Storage (STORE=azure, a real Azurite) for the everyday turns,
// counted rather than timed: the requests the bot sends to the storage account, and the round trips
// it waits for one after another (requests in flight together count once). Counts are exact, so they
// are asserted; the turns run on a warm instance (tables made, the person seen before), one at a time.
import assert from 'node:assert/strict';
import { CONTOSO, personal, work } from '../support/dev-people';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { Harness } from '../support/harness';
import { StorageRequests, type RequestTally } from '../support/storage-requests';
import { cardText, replyTexts, type TeamsChat, type TurnResult } from '../support/teams-chat';

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'MERGE', 'DELETE']);
const writesIn = (tally: RequestTally) => tally.lines.filter((line) => WRITES.has(line.split(' ')[1] ?? ''));

describe('e2e: storage round trips of a turn on Azure Storage', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let h: Harness;
  let adele: TeamsChat;
  let requests: StorageRequests;

  /** The requests one turn sends, once every request it started has its answer. */
  async function counted(turn: () => Promise<TurnResult>): Promise<{ turn: TurnResult; tally: RequestTally }> {
    requests.take();
    const result = await turn();
    for (let i = 0; i < 400 && requests.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return { turn: result, tally: requests.take() };
  }

  beforeEach(async () => {
    azurite = await sharedAzurite();
    h = await new Harness(azurite.env(uniquePrefix()), {
      proactive: { background: false },
      certifications: { background: false },
    }).start();
    const user = { tenantId: CONTOSO, objectId: work('adele').objectId, displayName: 'Adele Vance' };
    await h.app.store.link(
      {
        user,
        purpose: 'training',
        personal: { accountId: personal('adele').objectId, displayName: 'Adele', maskedEmail: 'a***@outlook.com' },
      },
      h.clock.now(),
    );
    await h.app.store.link(
      {
        user,
        purpose: 'learning',
        personal: { accountId: personal('alex').objectId, displayName: 'Adele', maskedEmail: 'l***@outlook.com' },
      },
      h.clock.now(),
    );
    adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
    requests = new StorageRequests([azurite.tableUrl, azurite.queueUrl]).start();
    await adele.say('status'); // the first turn of this instance: tables made, secrets read
    for (let i = 0; i < 400 && requests.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  });
  afterEach(async () => {
    requests.stop();
    await h.stop();
  });

  it('"status" shows both linked accounts after at most 2 round trips, and writes nothing', async () => {
    const { turn, tally } = await counted(() => adele.say('status'));
    const text = replyTexts(turn.replies);
    assert.match(text, /Linked to a\*\*\*@outlook\.com/);
    assert.match(text, /l\*\*\*@outlook\.com/);
    assert.ok(tally.roundTrips <= 2, `${tally.roundTrips} round trips:\n${tally.lines.join('\n')}`);
    assert.ok(tally.requests <= 6, `${tally.requests} requests:\n${tally.lines.join('\n')}`);
    assert.deepEqual(writesIn(tally), [], 'nothing changed, nothing written');
  });

  it('"Remove access" asks to confirm after at most 2 round trips, and writes nothing', async () => {
    await adele.say('status');
    const { turn, tally } = await counted(() => adele.press(adele.latestCard('Remove access').id, 'Remove access'));
    assert.match(cardText((turn as TurnResult & { card: unknown }).card), /Yes, remove access/);
    assert.ok(tally.roundTrips <= 2, `${tally.roundTrips} round trips:\n${tally.lines.join('\n')}`);
    assert.ok(tally.requests <= 4, `${tally.requests} requests:\n${tally.lines.join('\n')}`);
    assert.deepEqual(writesIn(tally), []);
  });
});
