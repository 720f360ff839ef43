// A manager who used team status (card, Remind, the tab's whole org) and linked an account, then
// deleted their data: black-box, their object id, names and addresses are nowhere in what the store
// keeps — in no byte of the SQLite file and its write-ahead log, in no entity of any Azure table of
// the deployment (Azurite). Over real HTTP: the bot, the sign-in stand-in playing Graph, the Teams
// channel stand-in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { sharedAzurite, uniquePrefix, type Azurite } from '../support/azurite';
import { personal, work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText, oauthCardIn, type TeamsChat, type TurnResult } from '../support/teams-chat';

const GET_PU = 'Get Partner University access';

/** What names Adele, as it could be written (any case). */
function adeleTraces(): string[] {
  const adele = work('adele');
  const own = personal('adele');
  return [
    adele.objectId,
    adele.displayName,
    adele.email,
    own.objectId,
    own.displayName,
    own.email,
    'a***@outlook.com',
  ].map((t) => t.toLowerCase());
}

async function linkTraining(chat: TeamsChat): Promise<void> {
  await chat.say('status');
  let last: TurnResult = await chat.press(chat.latestCard(GET_PU).id, GET_PU);
  if (oauthCardIn(last) === 'WorkAccount') last = await chat.signInAs(work('adele').email);
  if (oauthCardIn(last) === 'PersonalAccount') last = await chat.signInAs(personal('adele').email);
}

async function azureText(azurite: Azurite, prefix: string): Promise<string> {
  const service = TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true });
  const parts: string[] = [];
  for await (const table of service.listTables()) {
    if (!table.name?.startsWith(prefix)) continue;
    const client = TableClient.fromConnectionString(azurite.connectionString, table.name, {
      allowInsecureConnection: true,
    });
    for await (const entity of client.listEntities())
      parts.push(
        `${table.name}: ${JSON.stringify(entity, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value))}`,
      );
  }
  return parts.join('\n').toLowerCase();
}

function sqliteText(file: string): string {
  const dir = path.dirname(file);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(path.basename(file)))
    .map((name) => `${name}: ${fs.readFileSync(path.join(dir, name)).toString('latin1')}`)
    .join('\n')
    .toLowerCase();
}

for (const engine of ['SQLite file', 'Azure Table (Azurite)'] as const) {
  describe(`a manager deletes their data: nothing names them afterwards (${engine})`, function () {
    this.timeout(120_000);
    let azurite: Azurite | undefined;
    const prefix = uniquePrefix();
    const h = new TabHarness(() => (azurite ? azurite.env(prefix) : {}), generateOrg({ size: 40, branching: 10 }));
    before(async () => {
      if (engine !== 'SQLite file') azurite = await sharedAzurite();
      await h.start();
    });
    after(() => h.stop());
    const stored = () => (azurite ? azureText(azurite, prefix) : Promise.resolve(sqliteText(h.sqlitePath)));

    it('after team views, a Remind press, the tab and a link, "delete my data" leaves no id, name or address of theirs', async () => {
      const adele = work('adele');
      const { chat, cardId } = await h.teamCardChat(adele);
      const pressed = await chat.press(cardId, 'Remind unlinked');
      assert.match(cardText(pressed.card), /Reminders/);
      const tab = await h.api('GET', '/api/tab/team?scope=org', h.signIn.tabToken(adele.email));
      assert.equal(tab.status, 200);
      await linkTraining(chat);
      const before = await stored();
      assert.ok(
        before.includes(adele.objectId.toLowerCase()) && before.includes('adele vance'),
        'the test looks where the data was',
      );

      await chat.say('delete my data');
      const deleted = await chat.press(chat.latestCard('Yes, delete my data').id, 'Yes, delete my data');
      const after = await stored();
      for (const trace of adeleTraces()) assert.ok(!after.includes(trace), `nothing stored holds ${trace}`);
      assert.match(after, /delete-data/, 'the dated record that it happened is kept');
      assert.match(
        cardText(deleted.card),
        /Kept for 365 days, under keyed hashes only/,
        'the notice says what is kept',
      );
    });
  });
}
