// The exact JSON Teams receives for every card built outside src/cards/ (cards.test.ts snapshots the
// ones built there): the team card in its states, the channel's counts card, the reminder progress
// card, the partner admin's approval card, the link and renewal reminders, and the Learning card with
// each certifications state. A snapshot holds the card as sent, so any change of a key, its order or
// a value shows up here as a different file. Every card is typed by the one card model
// (src/cards/card-elements.ts): none is cast into it from a type of its own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Association } from '../../src/associations/model';
import { learningCard } from '../../src/associations/learning-card';
import type { CachedCertifications, Ownership } from '../../src/certifications/certification-store';
import { certificationsCardElements } from '../../src/certifications/certifications-card';
import { certificationsView } from '../../src/certifications/certifications-view';
import { approvalCard } from '../../src/certifications/credit-approvals';
import type { CertificationRecord } from '../../src/certifications/transcript';
import { renderLinkReminder } from '../../src/team-status/link-reminders';
import type { Job } from '../../src/proactive/proactive-store';
import { renderRenewalReminder } from '../../src/certifications/renewal-reminders';
import { TeamAggregator, type TeamView } from '../../src/team-status/aggregation';
import type { PersonStatus, RosterPerson, TeamFilter } from '../../src/team-status/model';
import type { TeamViewState } from '../../src/team-status/team-actions';
import { teamCard, teamCountsCard } from '../../src/team-status/team-card';
import { progressCard } from '../../src/team-status/remind-progress-card';
import { matchSnapshot } from '../support/snapshot';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const MANAGER = '0b7e2c4d-1a3f-4e5b-9c8d-2f1e0a3b4c5d';
const TEAM = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const NOW = new Date('2026-11-24T09:00:00Z');
const DAY = 86_400_000;

const NAMES = [
  'Alex Wilber',
  'Megan *Bowen*',
  'Lee Gu',
  'Nestor [Wilke](x)',
  'Patti Fernandez',
  'Pradeep Gupta',
  'Isaiah Langer',
];
const statusFor = (i: number): PersonStatus => ({
  links: { training: i % 3 !== 0, learning: i % 2 === 0 },
  certifications: i % 4 === 0 ? null : { active: i, expiringSoon: i % 3 },
  ...(i === 2 ? { certificationCheck: 'self-declared' as const } : {}),
});

function viewOf(size: number, filter: TeamFilter, page: number): TeamView {
  const people: RosterPerson[] = Array.from({ length: size }, (_, i) => ({
    id: `p${i}`,
    displayName: NAMES[i % NAMES.length] ?? '',
  }));
  const aggregator = new TeamAggregator({ filter, page, pageSize: 3 });
  aggregator.add(people, new Map(people.map((person, i) => [person.id, statusFor(i)])));
  return aggregator.result();
}

const ORG: TeamViewState = { scope: 'org', filter: 'all', page: 0, managerOid: MANAGER, tenant: TENANT };
const TEAM_STATE: TeamViewState = {
  scope: 'team',
  filter: 'all',
  page: 0,
  managerOid: MANAGER,
  tenant: TENANT,
  teamId: TEAM,
};
const CREDIT = [
  {
    area: 'Data & AI (Azure)',
    points: 40.4,
    max: 60,
    suggestions: ['1 more Azure AI Engineer Associate → +4 Data & AI (Azure) points', 'Azure Data Scientist Associate'],
  },
  { area: 'Infrastructure (Azure)', points: 0, max: 100, suggestions: [] },
];

const learning: Association = {
  id: '22222222-2222-4222-8222-222222222222',
  tenantId: 't',
  workObjectId: 'u',
  purpose: 'learning',
  personal: { accountId: 'p', displayName: 'Jane', maskedEmail: 'j***@outlook.com' },
  linkedAt: NOW,
};

function record(count: number): CertificationRecord {
  return {
    certifications: Array.from({ length: count }, (_, i) => ({
      name: `Microsoft Certified: Azure Role ${i + 1}`,
      number: `AZ-${100 + i}`,
      status: i % 4 === 3 ? 'Expired' : 'Active',
      earnedOn: new Date(NOW.getTime() - 400 * DAY),
      expiresOn:
        i % 4 === 3
          ? new Date(NOW.getTime() - 10 * DAY)
          : i % 5 === 0
            ? null
            : new Date(NOW.getTime() + (i % 2 ? 60 : 300) * DAY),
      historical: i % 4 === 3,
    })),
    exams: [],
  };
}

function learningWith(ownership: Ownership | 'none', emailCompared = true) {
  const extra = certificationsCardElements({
    ...(ownership === 'none'
      ? {}
      : { shown: { view: certificationsView(record(6), NOW, NOW), ownership, transcriptKey: 'b'.repeat(64) } }),
    maskedEmail: learning.personal.maskedEmail,
    emailCompared,
    remindersOn: ownership !== 'declined',
    contributions: [
      'Your AZ-104 counts toward Infrastructure (Azure).',
      'Your AZ-305 counts toward Infrastructure (Azure).',
      'Your AI-102 counts toward Data & AI (Azure).',
    ],
    dates: { locale: 'en-US', timeZone: 'UTC' },
  });
  return learningCard({
    trainingUrl: 'https://training.example.test',
    learning,
    learningExtra: extra,
    dates: { locale: 'en-US', timeZone: 'UTC' },
  });
}

const cached = (count: number): CachedCertifications => ({
  linkId: 'l',
  associationId: learning.id,
  linkedAt: NOW,
  fetchedAt: NOW,
  record: record(count),
  ownership: 'self-declared',
  transcriptKey: 'c'.repeat(64),
  declaredName: 'Megan *Bowen*',
});

const job = (payload: Record<string, string>): Job => ({
  id: 1,
  dedupeKey: 'k',
  kind: 'renewal-reminder',
  person: { tenantId: 't', aadObjectId: 'o' },
  payload,
  batch: undefined,
  state: 'queued',
  attempts: 0,
  nextAttemptAt: NOW,
  notAfter: undefined,
  lastCode: undefined,
  activityId: undefined,
  updatedAt: NOW,
});
const renewalItems = Array.from({ length: 8 }, (_, i) => ({
  name: `Microsoft Certified: Role ${i}`,
  number: `AZ-${200 + i}`,
  expires: '2027-03-01T00:00:00.000Z',
  stage: i % 2 ? 'last-30-days' : 'window-open',
}));

const CARDS: Record<string, () => unknown> = {
  'team-first-page': () =>
    teamCard({
      title: 'Your organization',
      view: viewOf(7, 'all', 0),
      state: ORG,
      leftOut: 3,
      note: { kind: 'people-cap', limit: 10_000 },
    }),
  'team-middle-page-credit': () =>
    teamCard({
      title: 'Your team',
      view: viewOf(7, 'all', 1),
      state: { ...ORG, scope: 'direct' },
      notice: 'Certifications are not shown.',
      note: { kind: 'depth-cap', limit: 8 },
      credit: CREDIT,
      creditNote: 'Your direct reports, Azure track.',
    }),
  'team-last-page-filtered': () =>
    teamCard({ title: 'Contoso *Partner* Practice', view: viewOf(7, 'not-linked', 1), state: TEAM_STATE }),
  'team-empty': () => teamCard({ title: 'Your team', view: viewOf(0, 'all', 0), state: ORG }),
  'team-nobody-matches': () => teamCard({ title: 'Your team', view: viewOf(1, 'certified', 0), state: TEAM_STATE }),
  'team-counts': () => teamCountsCard('Contoso Partner Practice', viewOf(7, 'all', 0).counts),
  'team-counts-footnote': () =>
    teamCountsCard('Contoso Partner Practice', viewOf(7, 'all', 0).counts, 'Ask me in a 1:1 chat for the names.'),
  'remind-progress': () =>
    progressCard(
      {
        sent: 3,
        waiting: 2,
        notInstalled: 1,
        left: 1,
        refused: 2,
        refusedBy: { blocked: 1, admin: 0, other: 1 },
        inDoubt: 1,
        total: 10,
        done: false,
      },
      'Reminding 10 people who are not linked yet.',
      {
        verb: 'teamPage',
        scope: 'team',
        filter: 'not-linked',
        page: 1,
        managerOid: MANAGER,
        tenant: TENANT,
        teamId: TEAM,
      },
      '00000000-0000-4000-8000-00000000a11d',
    ),
  'credit-approval': () => approvalCard({ tenantId: TENANT, objectId: MANAGER }, cached(5), NOW),
  'credit-approval-none-active': () =>
    approvalCard(
      { tenantId: TENANT, objectId: MANAGER },
      { ...cached(0), declaredName: null, transcriptKey: null },
      NOW,
    ),
  'link-reminder': () => renderLinkReminder(job({})),
  'link-reminder-partner-admin': () => renderLinkReminder(job({ asker: 'partner-admin' })),
  'renewal-one': () =>
    renderRenewalReminder(
      job({
        name: 'Microsoft Certified: Azure Administrator Associate',
        number: 'AZ-104',
        expires: '2027-03-01T00:00:00.000Z',
        stage: 'window-open',
      }),
    ),
  'renewal-several': () => renderRenewalReminder(job({ items: JSON.stringify(renewalItems) })),
  'certifications-ask': () => learningWith('none'),
  'certifications-email-matched': () => learningWith('email-matched'),
  'certifications-different': () => learningWith('different'),
  'certifications-not-compared': () => learningWith('different', false),
  'certifications-self-declared': () => learningWith('self-declared'),
  'certifications-approved': () => learningWith('approved'),
  'certifications-declined': () => learningWith('declined'),
};

describe('the JSON Teams receives for each card', () => {
  for (const [name, build] of Object.entries(CARDS)) {
    it(`${name} is exactly as before`, () => matchSnapshot('cards/wire', name, build()));
  }
});

describe('one card model', () => {
  it('no card is cast into an Adaptive Card: each is built from the same typed elements', () => {
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
        );
    const casts = files(path.join(process.cwd(), 'src')).filter((file) =>
      /as (unknown as )?AdaptiveCard\b/.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepEqual(
      casts.map((file) => path.relative(process.cwd(), file)),
      [],
    );
  });
});
