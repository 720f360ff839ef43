// When a partner admin who asked for forecast alerts gets one: an area at risk within 90 days, at most
// once a week, only while they are a partner admin who has talked to the bot and still wants alerts;
// a failing Graph or a leaver without certifications never sends one, and never throws.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { CachedCertifications } from '../../src/certifications/certification-store';
import { forecastSkilling } from '../../src/forecast/forecast';
import { alertingRisk, forecastAlertKey } from '../../src/forecast/forecast-alert';
import { ForecastAlerts, type ForecastAlertsDeps } from '../../src/forecast/forecast-alerts';
import type { ForecastResult } from '../../src/forecast/forecast-service';
import { createLogger } from '../../src/log';
import type { EnqueueResult, Job, NewJob } from '../../src/proactive/proactive-store';
import { cardText } from '../support/teams-chat';
import { catalogue, day, held, person, TODAY } from './forecast-people';

const TENANT = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const PATTI = '0b7e2c4d-1a3f-4e5b-9c8d-2f1e0a3b4c5d';
const MEGAN = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const DAY_MS = 86_400_000;

/** Security rests on Lee alone: it falls to 0 the day his certification lapses. */
const securityLapsing = (expires: string, today = TODAY) =>
  forecastSkilling({
    today,
    catalogue,
    people: [person('lee', held('Cloud and AI Security Engineer Associate', expires))],
    settings: {},
  });

describe('which forecast is worth an alert', () => {
  it('an area at risk in exactly 90 days is; one day later is not', () => {
    const within = alertingRisk(securityLapsing('2027-02-22'), TODAY);
    assert.equal(within?.areaName, 'Security');
    assert.deepEqual(within?.on, day('2027-02-22'));
    assert.equal(alertingRisk(securityLapsing('2027-02-23'), TODAY), undefined);
  });

  it('the earliest risk of all areas is the one the alert names', () => {
    const forecast = forecastSkilling({
      today: TODAY,
      catalogue,
      people: [
        person('lee', held('Cloud and AI Security Engineer Associate', '2027-01-20')),
        person('nestor', held('AZ-104', '2027-01-05')),
      ],
      settings: {},
    });
    const risk = alertingRisk(forecast, TODAY);
    assert.deepEqual(risk?.on, day('2027-01-05'));
    assert.notEqual(risk?.areaName, 'Security');
  });

  it('one alert key per partner admin per ISO week (Monday to Sunday), whatever the case of the ids', () => {
    const admin = { tenantId: TENANT, objectId: PATTI };
    const monday = new Date('2026-11-23T00:00:00Z');
    const sunday = new Date('2026-11-29T23:59:00Z');
    assert.equal(forecastAlertKey(admin, monday), forecastAlertKey(admin, sunday));
    assert.equal(
      forecastAlertKey({ tenantId: TENANT.toUpperCase(), objectId: PATTI.toUpperCase() }, monday),
      forecastAlertKey(admin, monday),
    );
    assert.notEqual(forecastAlertKey(admin, sunday), forecastAlertKey(admin, new Date(sunday.getTime() + DAY_MS)));
    assert.notEqual(forecastAlertKey(admin, monday), forecastAlertKey({ tenantId: TENANT, objectId: MEGAN }, monday));
  });
});

/** A queue that keeps dedupe keys, as both engines do. */
function fakeQueue() {
  const jobs = new Map<string, NewJob>();
  return {
    jobs,
    enqueue: (job: NewJob): Promise<EnqueueResult> => {
      const created = !jobs.has(job.dedupeKey);
      if (created) jobs.set(job.dedupeKey, job);
      return Promise.resolve({ id: jobs.size, created, state: 'queued' });
    },
  };
}

function setup(options: { admins?: () => Promise<string[]>; lapses?: string } = {}) {
  let now = TODAY;
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  const queue = fakeQueue();
  const optedIn = new Set([PATTI, MEGAN]);
  const referenced = new Set([PATTI]);
  const checked: string[] = [];
  const result = (): ForecastResult => ({
    forecast: securityLapsing(options.lapses ?? '2027-01-20', now),
    basis: { people: 1, readFrom: now, readTo: now },
    settings: { alertsOptIn: false, updatedAt: null },
  });
  const deps: ForecastAlertsDeps = {
    service: {
      organization: (tenantId) => {
        checked.push(tenantId);
        return Promise.resolve(result());
      },
      forget: () => undefined,
    },
    settings: {
      alertsOn: (admin) => Promise.resolve(optedIn.has(admin.objectId)),
      alertSubscribers: () => Promise.resolve([...optedIn].map((objectId) => ({ tenantId: TENANT, objectId }))),
    },
    admins: {
      list: options.admins ?? (() => Promise.resolve([PATTI, MEGAN])),
      isAdmin: async (_t, id) => (await (options.admins ?? (() => Promise.resolve([PATTI, MEGAN])))()).includes(id),
    },
    names: () => Promise.resolve(new Map([['lee', 'Lee Gu']])),
    cached: () => Promise.resolve(undefined),
    references: {
      getReference: (p) =>
        Promise.resolve(
          referenced.has(p.aadObjectId)
            ? { channelId: 'msteams', serviceUrl: 'https://x', conversationId: 'c', botId: 'b', userId: 'u' }
            : undefined,
        ),
    },
    queue,
    now: () => now,
    log: createLogger('info', sink),
  };
  return {
    alerts: new ForecastAlerts(deps),
    deps,
    queue,
    lines,
    optedIn,
    referenced,
    checked,
    advanceDays: (days: number) => (now = new Date(now.getTime() + days * DAY_MS)),
  };
}

const jobOf = (objectId: string, areaId = 'security'): Job => ({
  id: 1,
  dedupeKey: 'k',
  kind: 'forecast-alert',
  person: { tenantId: TENANT, aadObjectId: objectId },
  payload: { areaId },
  batch: undefined,
  state: 'sending',
  attempts: 0,
  nextAttemptAt: TODAY,
  notAfter: undefined,
  lastCode: undefined,
  activityId: undefined,
  updatedAt: TODAY,
});

describe('forecast alerts for the partner admins who asked', () => {
  it("queues one alert per admin per week: checking again, or later that week, adds nothing; the next week's check queues the next", async () => {
    const s = setup();
    s.referenced.add(MEGAN);
    assert.deepEqual(await s.alerts.checkAll(), { queued: 2, alreadyThisWeek: 0, skipped: 0 });
    assert.deepEqual(await s.alerts.checkAll(), { queued: 0, alreadyThisWeek: 2, skipped: 0 });
    s.advanceDays(4); // Saturday: the same ISO week
    assert.deepEqual(await s.alerts.checkAll(), { queued: 0, alreadyThisWeek: 2, skipped: 0 });
    s.advanceDays(2);
    assert.deepEqual(await s.alerts.checkAll(), { queued: 2, alreadyThisWeek: 0, skipped: 0 });
    assert.equal(s.queue.jobs.size, 4);
  });

  it('nothing while no area is at risk within 90 days', async () => {
    const s = setup({ lapses: '2027-03-20' });
    assert.deepEqual(await s.alerts.checkAll(), { queued: 0, alreadyThisWeek: 0, skipped: 0 });
    assert.equal(s.queue.jobs.size, 0);
  });

  it('an admin who never talked to the bot is skipped and it is logged; one who is no partner admin any more is skipped', async () => {
    const s = setup({ admins: () => Promise.resolve([MEGAN]) });
    assert.deepEqual(await s.alerts.checkAll(), { queued: 0, alreadyThisWeek: 0, skipped: 2 });
    assert.equal(s.queue.jobs.size, 0);
    assert.ok(s.lines.some((l) => l.includes('"reason":"no-conversation"')));
    assert.ok(s.lines.some((l) => l.includes('"reason":"not-admin"')));
  });

  it('Microsoft Graph unreadable: no alert, no error thrown, a warning logged', async () => {
    const s = setup({ admins: () => Promise.reject(new Error('503')) });
    assert.deepEqual(await s.alerts.checkAll(), { queued: 0, alreadyThisWeek: 0, skipped: 2 });
    assert.ok(s.lines.some((l) => l.includes('forecast.alert-admins-unreadable')));
  });

  it('at send time the card names the area, the date and what prevents it; nothing once the admin turned alerts off or lost the role', async () => {
    const s = setup();
    const sent = await s.alerts.render(jobOf(PATTI));
    assert.ok(sent);
    assert.match(sent.text ?? '', /Security is at risk from Jan 20, 2027/);
    const seen = cardText(sent.attachments?.[0]?.content);
    assert.match(seen, /Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Jan 20, 2027/);
    assert.match(seen, /Turn off forecast alerts/);
    s.optedIn.delete(PATTI);
    assert.equal(await s.alerts.render(jobOf(PATTI)), undefined);
    const demoted = setup({ admins: () => Promise.resolve([MEGAN]) });
    assert.equal(await demoted.alerts.render(jobOf(PATTI)), undefined);
    const unreadable = setup({ admins: () => Promise.reject(new Error('503')) });
    assert.equal(await unreadable.alerts.render(jobOf(PATTI)), undefined);
  });

  it('a leaver whose certifications counted makes the organization be checked again; one without, not', async () => {
    const s = setup();
    await s.alerts.onPersonLeft({ tenantId: TENANT, aadObjectId: 'someone' });
    assert.deepEqual(s.checked, []);
    const verified: CachedCertifications = {
      linkId: 'l',
      associationId: 'a',
      linkedAt: TODAY,
      transcriptKey: 'transcript',
      declaredName: null,
      ownership: 'email-matched',
      record: {
        certifications: [
          {
            name: held('SC-200', '2027-09-01').name,
            number: null,
            status: 'Active',
            earnedOn: day('2025-01-01'),
            expiresOn: day('2027-09-01'),
            historical: false,
          },
        ],
        exams: [],
      },
      fetchedAt: TODAY,
    };
    const withCerts = setup();
    withCerts.deps.cached = () => Promise.resolve(verified);
    const leaving = new ForecastAlerts(withCerts.deps);
    await leaving.onPersonLeft({ tenantId: TENANT.toUpperCase(), aadObjectId: 'someone' });
    assert.deepEqual(withCerts.checked, [TENANT]);
    assert.equal(withCerts.queue.jobs.size, 1);
  });
});
