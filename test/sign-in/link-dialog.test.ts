// The link flow's dialog (the channel's prompts, the flow's steps) on its own, with botbuilder-testing's
// DialogTestClient: tokens come from the TestAdapter's token store (as the token service would hold them) and identities from the Graph
// stand-in; the store is a real SQLite file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity, TestAdapter } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { SqliteAssociationStore } from '../../src/storage/sqlite/sqlite-association-store';
import { createLogger } from '../../src/log';
import { linkDialog } from '../../src/channel/sign-in-prompts';
import { signInPromptSettings } from '../../src/compose-bot';
import { LinkFlow, type LinkFlowOptions, type LinkFlowResult } from '../../src/sign-in/link-flow';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { openDatabase } from '../../src/storage/sqlite/database';
import { CONTOSO, personal, work } from '../support/dev-people';

/** DialogTestClient keeps its TestAdapter private; the token store on it stands in for the token service. */
function testAdapterOf(client: DialogTestClient): TestAdapter {
  return (client as unknown as { _testAdapter: TestAdapter })._testAdapter;
}

describe('link dialog (DialogTestClient)', () => {
  const graph = new SignInStandIn();
  let graphUrl: string;
  let dir: string;
  let store: SqliteAssociationStore;

  before(async () => (graphUrl = await graph.start()));
  after(async () => graph.stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-dialog-'));
    store = new SqliteAssociationStore(openDatabase(path.join(dir, 'db.sqlite')));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function client(options: LinkFlowOptions): DialogTestClient {
    const flow = new LinkFlow({
      store,
      graphUrl,
      workConnectionName: 'WorkAccount',
      personalConnectionName: 'PersonalAccount',
      now: () => new Date('2026-11-24T10:00:00Z'),
      emailKey: (email) => Promise.resolve(`keyed:${email.trim().toLowerCase()}`),
      log: createLogger('silent'),
      workUser: { set: () => Promise.resolve() },
    });
    const dialog = linkDialog(signInPromptSettings('WorkAccount', 'PersonalAccount'), flow);
    return new DialogTestClient('msteams', dialog, options);
  }

  const adele: LinkFlowOptions = {
    purpose: 'learning',
    teams: { tenantId: CONTOSO, aadObjectId: work('adele').objectId },
  };

  it('asks for the work account first, then the personal one, and links with a magic code', async () => {
    const c = client(adele);
    const adapter = testAdapterOf(c);
    const first = (await c.sendActivity('go')) as Partial<Activity>;
    assert.equal(first.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.oauth');
    assert.equal((first.attachments?.[0]?.content as { connectionName: string }).connectionName, 'WorkAccount');

    adapter.addUserToken('WorkAccount', 'msteams', 'user1', graph.issueToken(work('adele').email), '111111');
    const second = (await c.sendActivity('my code is 111111')) as Partial<Activity>;
    assert.equal((second.attachments?.[0]?.content as { connectionName: string }).connectionName, 'PersonalAccount');

    adapter.addUserToken('PersonalAccount', 'msteams', 'user1', graph.issueToken(personal('adele').email), '222222');
    await c.sendActivity('222222');
    const result = c.dialogTurnResult.result as LinkFlowResult;
    assert.equal(result.outcome.kind, 'stored');
    assert.equal(result.outcome.kind === 'stored' && result.outcome.result.kind, 'linked');
    const [linked] = await store.list({ tenantId: CONTOSO, objectId: work('adele').objectId });
    assert.equal(linked?.personal.maskedEmail, 'a***@outlook.com');
    assert.equal(linked?.purpose, 'learning');
    assert.equal(
      linked?.personal.emailKey,
      'keyed:adele.v@outlook.com',
      'the full address is kept only as its keyed hash',
    );
  });

  it('refuses a work account offered as the personal one and stores nothing', async () => {
    const c = client(adele);
    const adapter = testAdapterOf(c);
    adapter.addUserToken('WorkAccount', 'msteams', 'user1', graph.issueToken(work('adele').email));
    adapter.addUserToken('PersonalAccount', 'msteams', 'user1', graph.issueToken(work('adele').email));
    await c.sendActivity('go');
    const result = c.dialogTurnResult.result as LinkFlowResult;
    assert.deepEqual(result.outcome, { kind: 'refused', code: 'personal-expected-got-work' });
    assert.deepEqual(await store.list({ tenantId: CONTOSO, objectId: work('adele').objectId }), []);
  });
});
