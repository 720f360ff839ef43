// The skilling forecast's people in end-to-end tests: a person's Learning association and a verified
// transcript (email-matched) holding one certification, written straight to the stores.
import assert from 'node:assert/strict';
import type { TabHarness as Harness } from './tab-harness';

/** A person's Learning association and a verified transcript (email-matched) holding one certification. */
export async function certified(
  h: Harness,
  who: { tenantId: string; objectId: string; displayName: string },
  name: string,
  expires: string,
): Promise<void> {
  const person = { tenantId: who.tenantId, objectId: who.objectId };
  const personal = {
    accountId: who.objectId.replace(/-/g, '').slice(-16),
    displayName: who.displayName,
    maskedEmail: 'x***@outlook.com',
  };
  await h.app.store.link(
    { user: { ...person, displayName: who.displayName }, purpose: 'learning', personal },
    h.clock.now(),
  );
  const association = (await h.app.store.list(person)).find((a) => a.purpose === 'learning');
  assert.ok(association);
  const set = await h.app.stores.certifications.setShareLink(
    person,
    association.id,
    `share-${who.objectId}`,
    h.clock.now(),
  );
  assert.ok(set !== 'taken');
  const record = {
    certifications: [
      {
        name,
        number: null,
        status: 'Active',
        earnedOn: new Date('2025-01-01T00:00:00Z'),
        expiresOn: new Date(`${expires}T00:00:00Z`),
        historical: false,
      },
    ],
    exams: [],
  };
  assert.equal(
    await h.app.stores.certifications.saveCertifications(person, set.linkId, {
      record,
      fetchedAt: h.clock.now(),
      transcriptKey: `transcript-${who.objectId}`,
      emailMatched: true,
    }),
    'saved',
  );
}
