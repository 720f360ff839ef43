// One contract for the conversation-reference and reminder-preference adapters and their part of
// "delete my data": SQLite and Azure Table (Azurite) both pass it.
import assert from 'node:assert/strict';
import type { ProactiveErasure } from '../../src/proactive/person-erasure';
import type {
  ConversationReferenceStore,
  PersonKey,
  ProactiveReference,
  ReminderPreferences,
} from '../../src/proactive/proactive-store';

export interface ProactiveRecords {
  references: ConversationReferenceStore;
  preferences: ReminderPreferences;
  erasure: ProactiveErasure;
}

export interface ProactiveRecordsFixture {
  records: ProactiveRecords;
  /** The same data through new adapter objects (a restart, or another instance). */
  reopen: () => Promise<ProactiveRecords>;
  cleanup: () => Promise<void>;
}

const NOW = new Date('2026-11-24T09:00:00Z');
const adele: PersonKey = { tenantId: 'tenant/contoso', aadObjectId: 'adele#1' };
const alex: PersonKey = { tenantId: 'tenant/contoso', aadObjectId: 'alex' };
const adeleElsewhere: PersonKey = { tenantId: 'tenant-fabrikam', aadObjectId: 'adele#1' };
const reference = (conversationId: string): ProactiveReference => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversationId,
  botId: '28:bot-app-id',
  userId: '29:1abcdef',
});

export function describeProactiveRecordsContract(
  name: string,
  makeFixture: () => Promise<ProactiveRecordsFixture>,
): void {
  describe(`conversation references and reminder preferences contract: ${name}`, () => {
    let f: ProactiveRecordsFixture;
    let records: ProactiveRecords;
    beforeEach(async () => {
      f = await makeFixture();
      records = f.records;
    });
    afterEach(async () => f.cleanup());

    it('a reference is saved once, kept across a restart, replaced when it changes, and dropped', async () => {
      assert.equal(await records.references.getReference(adele), undefined);
      assert.equal(await records.references.saveReference(adele, reference('a:1chat'), NOW), 'saved');
      assert.equal(
        await records.references.saveReference(adele, reference('a:1chat'), NOW),
        'unchanged',
        'the per-turn call writes nothing',
      );
      records = await f.reopen();
      assert.deepEqual(await records.references.getReference(adele), reference('a:1chat'));
      assert.equal(
        await records.references.getReference(adeleElsewhere),
        undefined,
        'the same object id in another tenant is another person',
      );
      assert.equal(await records.references.saveReference(adele, reference('a:2newchat'), NOW), 'saved');
      assert.deepEqual(await records.references.getReference(adele), reference('a:2newchat'));
      assert.equal(await records.references.dropReference(adele), true);
      assert.equal(await records.references.dropReference(adele), false);
      assert.equal(await records.references.getReference(adele), undefined);
    });

    it('reminders are on unless the person turned them off, and the choice survives a restart', async () => {
      assert.equal(await records.preferences.remindersOn(adele), true);
      await records.preferences.setRemindersOn(adele, false, NOW);
      records = await f.reopen();
      assert.equal(await records.preferences.remindersOn(adele), false);
      assert.equal(await records.preferences.remindersOn(alex), true);
      assert.equal(await records.preferences.remindersOn(adeleElsewhere), true);
      await records.preferences.setRemindersOn(adele, true, NOW);
      assert.equal(await records.preferences.remindersOn(adele), true);
    });

    it('"delete my data" erases the person\'s reference and preference, and nobody else\'s', async () => {
      await records.references.saveReference(adele, reference('a:1chat'), NOW);
      await records.references.saveReference(alex, reference('a:3alex'), NOW);
      await records.preferences.setRemindersOn(adele, false, NOW);
      await records.preferences.setRemindersOn(alex, false, NOW);
      const erased = await records.erasure.erase(adele);
      assert.deepEqual(
        { references: erased.references, preferences: erased.preferences },
        { references: 1, preferences: 1 },
      );
      records = await f.reopen();
      assert.equal(await records.references.getReference(adele), undefined);
      assert.equal(await records.preferences.remindersOn(adele), true, 'back to the default');
      assert.deepEqual(await records.references.getReference(alex), reference('a:3alex'));
      assert.equal(await records.preferences.remindersOn(alex), false);
      const again = await records.erasure.erase(adele);
      assert.deepEqual(
        { references: again.references, preferences: again.preferences },
        { references: 0, preferences: 0 },
      );
    });
  });
}
