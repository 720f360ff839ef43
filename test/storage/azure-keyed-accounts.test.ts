// Azure Table Storage has no migrations: entities written before work accounts were keyed are
// rewritten where they are next touched. On a real Azurite: the team-view audit's start-up purge
// keys old entries, an old progress card is still restored and forgotten, and "delete my data"
// moves an earlier record of a deletion under the person's key.
import assert from 'node:assert/strict';
import { createAzureAssociationStore } from '../../src/storage/azure/azure-association-store';
import { AzureRemindProgressCards } from '../../src/storage/azure/azure-remind-progress-cards';
import { createAzureStorage, type AzureStorage } from '../../src/storage/azure/azure-storage';
import { AzureTeamViewAudit } from '../../src/storage/azure/azure-team-view-audit';
import { tableKey } from '../../src/storage/azure/table-errors';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

const TENANT = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ADELE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';
const NOW = new Date('2026-11-25T10:00:00Z');

async function dump(storage: AzureStorage, table: string): Promise<string> {
  const rows: unknown[] = [];
  for await (const row of (await storage.table(table)).listEntities()) rows.push(row);
  return JSON.stringify(rows).toLowerCase();
}

describe('Azure entities from before keyed work accounts (Azurite)', function () {
  this.timeout(60_000);
  let storage: AzureStorage;
  beforeEach(async () => {
    storage = createAzureStorage((await sharedAzurite()).auth, uniquePrefix());
  });

  it('old team-view audit entries are keyed by the start-up purge, and still found by viewer', async () => {
    const table = await storage.table('TeamViewAudit');
    await table.createEntity({
      partitionKey: tableKey(TENANT),
      rowKey: '0001',
      at: '2026-11-24T09:00:00.000Z',
      tenantId: TENANT,
      viewerOid: ADELE,
      action: 'view',
      scope: 'direct',
      subject: ADELE,
      basis: 'manager-of-roster',
      people: 4,
    });
    const audit = new AzureTeamViewAudit(storage);
    assert.equal(await audit.purgeExpired(NOW), 0);
    assert.ok(!(await dump(storage, 'TeamViewAudit')).includes(ADELE), 'no object id left');
    assert.deepEqual(
      (await audit.list(TENANT, ADELE)).map((e) => [e.action, e.people, e.viewerKey === e.subjectKey]),
      [['view', 4, true]],
    );
  });

  it('an old progress card is still restored, and forgetting its viewer removes it', async () => {
    const table = await storage.table('RemindProgressCards');
    const batch = `remind:${TENANT}:${ADELE}:0a0b0c0d-1111-4222-8333-444455556666`;
    const back = { verb: 'teamPage', scope: 'direct', filter: 'all', page: 0, managerOid: ADELE, tenant: TENANT };
    await table.createEntity({
      partitionKey: 'cards',
      rowKey: tableKey(batch),
      batch,
      tenantId: TENANT,
      viewerOid: ADELE,
      reference: JSON.stringify({
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        conversation: { id: 'a:1adele' },
      }),
      activityId: '1:card',
      intro: 'Reminding.',
      back: JSON.stringify(back),
      createdAt: NOW.toISOString(),
    });
    const cards = new AzureRemindProgressCards(storage);
    assert.deepEqual(
      (await cards.active(10)).map((c) => [c.batch, c.viewer.oid, c.back.managerOid]),
      [[batch, ADELE, ADELE]],
    );
    assert.equal(await cards.forget({ tenantId: TENANT, oid: ADELE }), 1);
    assert.deepEqual(await cards.active(10), []);
  });

  it('"delete my data" moves an earlier record of a deletion under the key', async () => {
    const table = await storage.table('Associations');
    await table.createEntity({
      partitionKey: `u|${tableKey(TENANT, ADELE)}`,
      rowKey: 'z|00000000000000001|abcd',
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      tenantId: TENANT,
      workObjectId: ADELE,
      action: 'delete-data',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    const store = createAzureAssociationStore(storage);
    await store.deleteUserData({ tenantId: TENANT, objectId: ADELE }, NOW);
    assert.ok(!(await dump(storage, 'Associations')).includes(ADELE), 'no object id left');
    assert.deepEqual(
      (await store.exportUserData({ tenantId: TENANT, objectId: ADELE })).audit.map((e) => [
        e.action,
        e.at.toISOString(),
      ]),
      [
        ['delete-data', '2026-01-01T00:00:00.000Z'],
        ['delete-data', NOW.toISOString()],
      ],
    );
    assert.deepEqual(
      await store.purgeExpiredAudit(new Date('2027-01-02T00:00:00Z')),
      { purged: 1 },
      'the earlier record keeps its end date',
    );
  });
});
