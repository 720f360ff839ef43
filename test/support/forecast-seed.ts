// The organization the skilling forecast tests read: Security's first step rests on Lee alone, whose
// certification lapses on Mar 20, 2027 (four months after the test clock's today); Megan and Alex
// (Adele's reports, as Lee is) and Patti (the partner admin) hold other Security certifications.
// Lee manages nobody: the generated people under him are moved out of his reports.
import assert from 'node:assert/strict';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import { DEV_PARTNER_ADMIN_GROUP_ID, generateOrg, type Org } from '../../src/stand-ins/graph-org-stand-in';
import { work } from './dev-people';
import type { TabHarness } from './tab-harness';
import { activeCertification } from './certification-record';

export const LEE = DEV_IDENTITIES.find(
  (i) => i.kind === 'work' && i.givenName === 'Lee',
) as (typeof DEV_IDENTITIES)[number];
export const SECURITY_FIRST_STEP = 'Microsoft Certified: Cloud and AI Security Engineer Associate';
export const FORECAST_ENV = { PARTNER_ADMIN_GROUP_ID: DEV_PARTNER_ADMIN_GROUP_ID };

/** A small organization where Lee manages nobody. */
export function forecastOrg(): Org {
  const org = generateOrg({ size: 40 });
  org.reports.delete(LEE.objectId);
  return org;
}

/** A person's Learning association and a verified transcript (email-matched) holding one certification. */
export async function certified(
  h: TabHarness,
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
  const certification = activeCertification(name, expires);
  assert.equal(
    await h.app.stores.certifications.saveCertifications(person, set.linkId, {
      record: { certifications: [certification], exams: [] },
      fetchedAt: h.clock.now(),
      transcriptKey: `transcript-${who.objectId}`,
      emailMatched: true,
    }),
    'saved',
  );
}

/** Lee, Megan, Alex and Patti certified: Security falls to 0 on Mar 20, 2027 unless Lee renews. */
export async function seedSecurityAtRisk(h: TabHarness): Promise<void> {
  await certified(h, LEE, SECURITY_FIRST_STEP, '2027-03-20');
  await certified(h, work('megan'), 'Microsoft Certified: Security Operations Analyst Associate', '2027-09-01');
  await certified(h, work('alex'), 'Microsoft Certified: Cybersecurity Architect Expert', '2027-12-01');
  await certified(h, work('patti'), 'Microsoft Certified: Information Security Administrator Associate', '2027-06-15');
}
