// The forecast's chat answers when something is off: Graph cannot say who is a partner admin (nothing
// shown or changed, and the person is told to try again), a setting typed wrong (nothing stored), a
// person past their limit (nothing read), a manager's work token that is someone else's (signed out).
import assert from 'node:assert/strict';
import type { Turn } from '../../src/channel/turn';
import { loadCatalogue } from '../../src/certifications/catalogue';
import { ForecastHandler, type ForecastHandlerDeps } from '../../src/forecast/forecast-handler';
import { ForecastService } from '../../src/forecast/forecast-service';
import { createLogger } from '../../src/log';
import { openDatabase } from '../../src/storage/sqlite/database';
import { SqliteForecastSettings } from '../../src/storage/sqlite/sqlite-forecast-settings';
import type { Pseudonyms } from '../../src/storage/pseudonyms';
import { cardText } from '../support/teams-chat';

const USER = {
  tenantId: '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  objectId: '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a06',
  displayName: 'Patti Fernandez',
};
const NOW = new Date('2026-11-24T09:00:00Z');

function setup(overrides: Partial<ForecastHandlerDeps> = {}) {
  const db = openDatabase(':memory:');
  const settings = new SqliteForecastSettings(db);
  const signedOut: string[] = [];
  const deps: ForecastHandlerDeps = {
    service: new ForecastService({
      catalogue: loadCatalogue(),
      certifications: { cached: () => Promise.resolve(undefined), cachedInTenant: () => Promise.resolve([]) },
      settings,
      now: () => NOW,
    }),
    settings,
    admins: { isAdmin: () => Promise.resolve(true) },
    names: () => Promise.resolve(new Map()),
    workSignIn: {
      token: () => Promise.resolve('token'),
      signOut: () => Promise.resolve(void signedOut.push('out')),
      ask: () => Promise.resolve('unavailable'),
    },
    team: {
      managedPeople: () =>
        Promise.resolve({
          kind: 'wrong-account',
          message: 'That work account is not yours.',
          code: 'team-wrong-work-account',
        }),
    },
    now: () => NOW,
    log: createLogger('silent'),
    ...overrides,
  };
  const context = (text: string): Turn =>
    ({ activity: { text, locale: 'en-US' }, text, send: () => Promise.resolve(undefined) }) as unknown as Turn;
  return { handler: new ForecastHandler(deps), settings, context, signedOut };
}

describe('the skilling forecast in chat, when something is off', () => {
  it("Graph can't say who is a partner admin: nothing is shown or changed, and the person is told to try again", async () => {
    const { handler, settings, context } = setup({
      admins: { isAdmin: () => Promise.reject(new Error('Graph down')) },
    });
    for (const text of ['skilling forecast', 'set anniversary 2027-03-31']) {
      const answer = await handler.answer(context(text), USER, {
        kind: text.startsWith('set') ? 'forecast-setting' : 'skilling-forecast',
      });
      assert.match(
        cardText(answer),
        /couldn't check with Microsoft Graph whether you are a partner admin just now, so nothing was shown or changed/,
      );
    }
    assert.deepEqual(await settings.get(USER.tenantId), { alertsOptIn: false, updatedAt: null });
  });

  it('a setting typed wrong is answered with what to type, and nothing is stored', async () => {
    const { handler, settings, context } = setup();
    const answer = await handler.answer(context('set loss threshold lots'), USER, { kind: 'forecast-setting' });
    assert.match(
      cardText(answer),
      /I couldn't read "lots" as points\. Write a number from 0 to 100, for example set loss threshold 5 \(or set loss threshold off\)\. Nothing was changed\./,
    );
    assert.deepEqual(await settings.get(USER.tenantId), { alertsOptIn: false, updatedAt: null });
    await handler.answer(context('set track smb'), USER, { kind: 'forecast-setting' });
    assert.equal((await settings.get(USER.tenantId)).assignedTrack, 'smb');
  });

  it('a partner admin asking many times in a short while is told when to try again, and nothing is read', async () => {
    let reads = 0;
    const limits = {
      limiter: {
        take: () => Promise.resolve({ ok: false as const, retryAt: new Date(NOW.getTime() + 30_000) }),
        purge: () => Promise.resolve(0),
      },
      pseudonyms: { person: () => Promise.resolve('key') } as unknown as Pseudonyms,
    };
    const service = { organization: () => Promise.reject(new Error(`read ${++reads}`)) } as unknown as ForecastService;
    const { handler, context } = setup({ limits, service });
    const answer = await handler.answer(context('skilling forecast'), USER, { kind: 'skilling-forecast' });
    assert.equal(
      cardText(answer),
      "You've asked for the skilling forecast many times in a short while, so I read nothing this time. Try again in 30 seconds.",
    );
    assert.equal(reads, 0);
  });

  it("a manager's work token that is someone else's shows nothing and is signed out", async () => {
    const { handler, context, signedOut } = setup({ admins: { isAdmin: () => Promise.resolve(false) } });
    const answer = await handler.answer(context('skilling forecast'), USER, { kind: 'skilling-forecast' });
    assert.equal(cardText(answer), 'That work account is not yours.');
    assert.deepEqual(signedOut, ['out']);
  });

  it('the alerts button: refused without change when Graph is down or the presser is no partner admin; over the view limit the choice is still saved and said in one line', async () => {
    const down = setup({ admins: { isAdmin: () => Promise.reject(new Error('Graph down')) } });
    const press = { verb: 'forecastAlerts' as const, on: true };
    assert.match(
      cardText(await down.handler.handle(down.context(''), USER, press)),
      /couldn't check with Microsoft Graph/,
    );
    assert.equal(await down.settings.alertsOn(USER), false);
    const colleague = setup({ admins: { isAdmin: () => Promise.resolve(false) } });
    assert.equal(
      cardText(await colleague.handler.handle(colleague.context(''), USER, press)),
      'Only partner admins can get forecast alerts, so nothing was changed.',
    );
    assert.equal(await colleague.settings.alertsOn(USER), false);
    const limits = {
      limiter: {
        take: () => Promise.resolve({ ok: false as const, retryAt: new Date(NOW.getTime() + 30_000) }),
        purge: () => Promise.resolve(0),
      },
      pseudonyms: { person: () => Promise.resolve('key') } as unknown as Pseudonyms,
    };
    const limited = setup({ limits });
    assert.match(
      cardText(await limited.handler.handle(limited.context(''), USER, press)),
      /^Forecast alerts are on for you/,
    );
    assert.equal(await limited.settings.alertsOn(USER), true);
  });
});
