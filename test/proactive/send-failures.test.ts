import assert from 'node:assert/strict';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { PartnerLinkBotAuthentication } from '../../src/channel/bot-authentication';
import { loadConfig } from '../../src/config';
import { retryAfterMs as parseRetryAfter } from '../../src/http/retry-after';
import { classifySendError } from '../../src/proactive/teams-send-errors';
import { withoutHttpRetries } from '../../src/channel/connector-sender';
import { CONTOSO, FABRIKAM, work } from '../support/dev-people';
import type { Harness } from '../support/harness';
import {
  installedChat,
  jobsOf,
  personOf,
  proactiveHarness,
  queueReminder,
  remindersShown,
} from './support/proactive-harness';

describe('proactive send failures, classified by Teams error code', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await proactiveHarness({ maxAttempts: 3 }).start();
  });
  afterEach(() => h.stop());

  it('a reminder is delivered to the 1:1 chat saved at install, once', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    const summary = await h.app.proactive.worker.runOnce();
    assert.equal(summary.sent, 1);
    const shown = remindersShown(h, adele);
    assert.equal(shown.length, 1);
    assert.match(shown[0] ?? '', /Azure Administrator Associate.*AZ-104/);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1, 'a second pass sends nothing again');
    assert.equal((await jobsOf(h, adele))[0]?.state, 'sent');
  });

  for (const [title, fault, expected] of [
    [
      '403 ConversationBlockedByUser → permanent for the person',
      { status: 403, code: 'ConversationBlockedByUser' },
      'ConversationBlockedByUser',
    ],
    [
      '403 Forbidden with subCode MessageWritesBlocked → permanent',
      { status: 403, code: 'Forbidden', subCode: 'MessageWritesBlocked' },
      'MessageWritesBlocked',
    ],
    ['500 → never retried', { status: 500, code: 'InternalServerError' }, 'InternalServerError'],
  ] as const) {
    it(`${title}`, async () => {
      const adele = await installedChat(h, 'adele');
      await queueReminder(h, adele);
      h.channel.faults.failNext(adele.conversationId, fault);
      await h.app.proactive.worker.runOnce();
      h.clock.advanceDays(1);
      await h.app.proactive.worker.runOnce();
      const [job] = await jobsOf(h, adele);
      assert.equal(job?.state, 'failed-permanent');
      assert.equal(job?.lastCode, expected);
      assert.equal(h.channel.faults.posts(adele.conversationId).length, 1, 'exactly one POST, never again');
      assert.equal(remindersShown(h, adele).length, 0);
    });
  }

  it('the same 403 status means different things by code (BotDisabledByAdmin stops the whole tenant)', async () => {
    const adele = await installedChat(h, 'adele');
    const alex = await installedChat(h, 'alex');
    const diego = h.chat({ name: 'Diego Siciliani', tenantId: FABRIKAM, aadObjectId: work('fabrikam').objectId });
    await diego.install();
    for (const chat of [adele, alex, diego]) await queueReminder(h, chat);
    h.channel.faults.failNext(adele.conversationId, { status: 403, code: 'BotDisabledByAdmin' });
    await h.app.proactive.worker.runOnce();
    assert.equal((await jobsOf(h, adele))[0]?.state, 'tenant-stopped');
    assert.equal((await jobsOf(h, alex))[0]?.state, 'tenant-stopped', "the tenant's other jobs stop too");
    assert.equal(h.channel.faults.posts(alex.conversationId).length, 0, 'nothing more is sent to the tenant');
    assert.equal(remindersShown(h, diego).length, 1, 'another tenant is not affected');
    // New work for the stopped tenant is parked at once.
    await queueReminder(h, adele, 'AZ-104', 'AZ-305');
    assert.ok((await jobsOf(h, adele)).every((j) => j.state === 'tenant-stopped'));
    assert.equal(await h.app.proactive.queue.isTenantStopped(CONTOSO), true);
    // The bot is installed (heard from) in the tenant again: everything resumes, each sent once
    // (AZ-305 fell due after that day's card, so it has the next day's).
    await adele.send({ type: 'installationUpdate', action: 'add' });
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    h.clock.advanceDays(1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 2);
    assert.equal(remindersShown(h, alex).length, 1);
  });

  it('BotNotInConversationRoster waits for an installationUpdate, then sends', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    h.channel.faults.failNext(adele.conversationId, { status: 403, code: 'BotNotInConversationRoster' });
    await h.app.proactive.worker.runOnce();
    assert.equal((await jobsOf(h, adele))[0]?.state, 'waiting-install');
    h.clock.advanceDays(1);
    await h.app.proactive.worker.runOnce();
    assert.equal(h.channel.faults.posts(adele.conversationId).length, 1, 'no retry until the app is installed');
    await adele.send({ type: 'installationUpdate', action: 'add' });
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    assert.equal((await jobsOf(h, adele))[0]?.state, 'sent');
  });

  it('404 ConversationNotFound drops the saved reference and fails the job', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    h.channel.faults.failNext(adele.conversationId, { status: 404, code: 'ConversationNotFound' });
    await h.app.proactive.worker.runOnce();
    const [job] = await jobsOf(h, adele);
    assert.equal(job?.state, 'failed-permanent');
    assert.equal(job?.lastCode, 'ConversationNotFound');
    assert.equal(await h.app.proactive.references.getReference(personOf(adele)), undefined);
  });

  it("uninstall drops the reference and parks the person's reminders until a reinstall", async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    await adele.send({ type: 'installationUpdate', action: 'remove' });
    assert.equal(await h.app.proactive.references.getReference(personOf(adele)), undefined);
    await h.app.proactive.worker.runOnce();
    assert.equal((await jobsOf(h, adele))[0]?.state, 'waiting-install');
    assert.equal(h.channel.faults.posts().length, 0);
    await adele.send({ type: 'installationUpdate', action: 'add' });
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
  });

  for (const status of [412, 502, 503, 504]) {
    it(`${status} is retried with backoff, one POST per attempt, a bounded number of times`, async () => {
      const adele = await installedChat(h, 'adele');
      await queueReminder(h, adele);
      h.channel.faults.failNext(adele.conversationId, { status, code: `Code${status}` }, 10);
      const start = h.clock.now().getTime();
      await h.app.proactive.worker.runOnce();
      let [job] = await jobsOf(h, adele);
      assert.equal(job?.state, 'queued');
      assert.equal(h.channel.faults.posts(adele.conversationId).length, 1, 'botbuilder did not re-send on its own');
      // First backoff: 1–2 s (base 2 s, jittered).
      const wait = (job?.nextAttemptAt.getTime() ?? 0) - start;
      assert.ok(wait >= 1_000 && wait <= 2_000, `first backoff ${wait} ms`);
      await h.app.proactive.worker.runOnce();
      assert.equal(h.channel.faults.posts(adele.conversationId).length, 1, 'not before the backoff');
      for (let i = 0; i < 5; i += 1) {
        h.clock.advanceMs(60_000);
        await h.app.proactive.worker.runOnce();
      }
      [job] = await jobsOf(h, adele);
      assert.equal(h.channel.faults.posts(adele.conversationId).length, 3, 'maxAttempts = 3 POSTs in all');
      assert.equal(job?.state, 'failed-permanent');
      assert.equal(job?.attempts, 3);
    });
  }

  it('a 503 retried once succeeds, and the message shows once', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    h.channel.faults.failNext(adele.conversationId, { status: 503, code: 'ServiceUnavailable', retryAfter: 0 });
    await h.app.proactive.worker.runOnce();
    assert.equal(
      h.channel.faults.posts(adele.conversationId).length,
      1,
      'exactly one POST for the 503 (botbuilder would re-send at once)',
    );
    h.clock.advanceMs(5_000);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    assert.equal(h.channel.faults.posts(adele.conversationId).length, 2);
  });

  it('429 waits for Retry-After (seconds) plus jitter, and holds the tenant meanwhile', async () => {
    const adele = await installedChat(h, 'adele');
    const alex = await installedChat(h, 'alex');
    await queueReminder(h, adele);
    h.channel.faults.failNext(adele.conversationId, { status: 429, code: 'TooManyRequests', retryAfter: 120 });
    const start = h.clock.now().getTime();
    await h.app.proactive.worker.runOnce();
    const [job] = await jobsOf(h, adele);
    const wait = (job?.nextAttemptAt.getTime() ?? 0) - start;
    assert.ok(wait >= 120_000 && wait <= 121_000, `waits Retry-After + jitter, got ${wait} ms`);
    await queueReminder(h, alex);
    h.clock.advanceMs(60_000);
    await h.app.proactive.worker.runOnce();
    assert.equal(h.channel.faults.posts().length, 1, 'nothing is sent to the tenant before Retry-After, by anyone');
    h.clock.advanceMs(61_500);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1);
    assert.equal(remindersShown(h, alex).length, 1);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    const start = h.clock.now().getTime();
    h.channel.faults.failNext(adele.conversationId, {
      status: 429,
      code: 'TooManyRequests',
      retryAfter: new Date(start + 90_000).toUTCString(),
    });
    await h.app.proactive.worker.runOnce();
    const wait = ((await jobsOf(h, adele))[0]?.nextAttemptAt.getTime() ?? 0) - start;
    assert.ok(wait >= 90_000 && wait <= 91_000, `got ${wait} ms`);
  });

  it('a lost response (request received, answer never comes) is in doubt, never re-sent', async () => {
    const adele = await installedChat(h, 'adele');
    await queueReminder(h, adele);
    h.channel.faults.dropResponseNext(adele.conversationId);
    const summary = await h.app.proactive.worker.runOnce();
    assert.equal(summary['in-doubt'], 1);
    h.clock.advanceDays(1);
    await h.app.proactive.worker.runOnce();
    assert.equal(remindersShown(h, adele).length, 1, 'the channel got it once');
    assert.equal(h.channel.faults.posts(adele.conversationId).length, 1, 'and it was never POSTed again');
    assert.equal((await h.app.proactive.queue.counts())['in-doubt'], 1, 'reported as in doubt');
  });
});

describe('botbuilder HTTP retries are off for proactive sends', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await proactiveHarness().start();
  });
  afterEach(() => h.stop());

  async function connector(strip: boolean) {
    const auth = new PartnerLinkBotAuthentication(loadConfig({ SQLITE_PATH: ':memory:' }));
    const identity = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '' }], true);
    const client = await auth.createConnectorFactory(identity).create(`${h.channelUrl}/amer/`, undefined);
    return strip ? withoutHttpRetries(client) : client;
  }

  it("botbuilder's stock connector re-POSTs a 503 by itself (what we turn off)", async () => {
    h.channel.faults.failNext('*', { status: 503, code: 'ServiceUnavailable', retryAfter: 0 }, 10);
    const stock = await connector(false);
    await assert.rejects(stock.conversations.sendToConversation('a:1stock', { type: 'message', text: 'x' }));
    assert.equal(h.channel.faults.posts('a:1stock').length, 4, 'one POST and 3 automatic re-sends');
  });

  it('503, 429, 500 and a reset connection each cost exactly one POST with retries off', async () => {
    const client = await connector(true);
    const faults = [
      { status: 503, code: 'ServiceUnavailable', retryAfter: 0 },
      { status: 503, code: 'ServiceUnavailable' },
      { status: 429, code: 'TooManyRequests', retryAfter: 0 },
      { status: 500, code: 'InternalServerError' },
    ];
    for (const [i, fault] of faults.entries()) {
      h.channel.faults.failNext(`a:1c${i}`, fault, 10);
      await assert.rejects(client.conversations.sendToConversation(`a:1c${i}`, { type: 'message', text: 'x' }));
      assert.equal(h.channel.faults.posts(`a:1c${i}`).length, 1, `${fault.status} → one POST`);
    }
    h.channel.faults.dropResponseNext('a:1drop', 10);
    await assert.rejects(client.conversations.sendToConversation('a:1drop', { type: 'message', text: 'x' }));
    assert.equal(h.channel.faults.posts('a:1drop').length, 1, 'lost response → one POST');
  });
});

describe('Teams error classification (pure)', () => {
  const restError = (status: number, body: unknown, retryAfter?: string) => ({
    statusCode: status,
    response: {
      bodyAsText: JSON.stringify(body),
      headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) },
    },
  });

  it('code first, then status; no answer is in doubt unless the connection was refused', () => {
    assert.equal(
      classifySendError(restError(403, { error: { code: 'ConversationBlockedByUser' } }), 0).kind,
      'permanent',
    );
    assert.equal(
      classifySendError(restError(403, { error: { code: 'Forbidden', subCode: 'MessageWritesBlocked' } }), 0).kind,
      'permanent',
    );
    assert.equal(
      classifySendError(restError(403, { error: { code: 'BotNotInConversationRoster' } }), 0).kind,
      'wait-install',
    );
    assert.equal(classifySendError(restError(403, { error: { code: 'BotDisabledByAdmin' } }), 0).kind, 'tenant-stop');
    assert.equal(
      classifySendError(restError(404, { error: { code: 'ConversationNotFound' } }), 0).kind,
      'conversation-gone',
    );
    assert.equal(classifySendError(restError(404, { error: { code: 'ActivityNotFound' } }), 0).kind, 'permanent');
    assert.equal(classifySendError(restError(500, { error: { code: 'InternalServerError' } }), 0).kind, 'permanent');
    assert.equal(classifySendError(restError(501, {}), 0).kind, 'permanent');
    assert.deepEqual(classifySendError(restError(429, { error: { code: 'TooManyRequests' } }, '7'), 0), {
      kind: 'retry',
      code: 'TooManyRequests',
      status: 429,
      retryAfterMs: 7000,
    });
    assert.equal(classifySendError(restError(502, 'not json'), 0).kind, 'retry');
    assert.equal(
      classifySendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 0).kind,
      'in-doubt',
    );
    assert.equal(classifySendError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 0).kind, 'in-doubt');
    assert.equal(classifySendError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 0).kind, 'not-sent');
  });

  it('Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('30', 0), 30_000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('2026-11-25T10:00:00Z')), 30_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
  });
});
