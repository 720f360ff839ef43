// The skilling forecast's tab endpoint over real HTTP: the tab's SSO token (signed by the local
// issuer), the partner admin group and /me/directReports from the Graph organization stand-in. Who
// asks decides what is answered: the partner admin the organization with names, a manager their
// team's contribution, anyone else a sentence; no token, a bad token or another organization's
// token gets a refusal and no figure.
import assert from 'node:assert/strict';
import { work } from '../support/dev-people';
import { FORECAST_ENV, forecastOrg, LEE, seedSecurityAtRisk } from '../support/forecast-seed';
import { TabHarness } from '../support/tab-harness';

const FIGURES = /Security|Lee Gu|Megan|Alex|Patti|points|areas/;

describe("the skilling forecast's tab endpoint (who may see what)", function () {
  this.timeout(60_000);
  const h = new TabHarness(() => FORECAST_ENV, forecastOrg(), {
    proactive: { background: false },
    certifications: { background: false },
  });
  before(async () => {
    await h.start();
    await seedSecurityAtRisk(h);
  });
  after(() => h.stop());

  it('without a token, with a forged token or with a token of another organization, nothing is shown and the page is told to sign in', async () => {
    const none = await h.api('GET', '/api/tab/forecast');
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /invalid_token/);
    const forged = await h.api('GET', '/api/tab/forecast', 'eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.');
    assert.equal(forged.status, 401);
    const fabrikam = await h.api('GET', '/api/tab/forecast', h.signIn.tabToken(work('fabrikam').email));
    assert.equal(fabrikam.status, 401);
    for (const refused of [none, forged, fabrikam]) {
      assert.equal(refused.body.areas, undefined);
      assert.doesNotMatch(JSON.stringify(refused.body), FIGURES);
      assert.match(String((refused.body.error as { message?: string }).message), /sign|organization/i);
    }
  });

  it('an employee who manages nobody is told who can see the forecast, with no figure and no name', async () => {
    const lee = await h.api('GET', '/api/tab/forecast', h.signIn.tabToken(LEE.email));
    assert.equal(lee.status, 200);
    assert.match(
      String(lee.body.message),
      /^The skilling forecast is for partner admins \(the whole organization\) and managers \(the people they manage\)/,
    );
    assert.equal(lee.body.areas, undefined);
    assert.doesNotMatch(String(lee.body.message), /\*\*/, 'plain text, no markdown');
    assert.doesNotMatch(JSON.stringify(lee.body), /Lee Gu|Megan|Alex|Patti|Mar 20, 2027/);
  });

  it("the partner admin sees the organization and names; a manager sees their team's contribution and only their people", async () => {
    const patti = await h.api(
      'GET',
      '/api/tab/forecast?locale=en-US&timeZone=UTC',
      h.signIn.tabToken(work('patti').email),
    );
    assert.equal(patti.status, 200);
    assert.equal(patti.body.audience, 'organization');
    assert.match(String(patti.body.basis), /from the 4 linked people with verified transcripts/);
    const areas = patti.body.areas as { name: string; line: string; lowest: string; risks: { prevents: string[] }[] }[];
    const security = areas.find((a) => a.name === 'Security');
    assert.equal(security?.line, 'today 24 of 40 · lowest 0 by Mar 2027 · at risk from Mar 20, 2027');
    assert.equal(security?.lowest, '0 by Mar 2027');
    // An area that stays where it is says so, rather than "lowest 0 by" this month.
    assert.equal(areas.find((a) => a.name === 'Modern Work')?.lowest, '0, no drop');
    assert.match(
      security?.risks[0]?.prevents[0] ?? '',
      /^Lee Gu's Cloud and AI Security Engineer Associate: renewal open until Mar 20, 2027/,
    );

    const adele = await h.api('GET', '/api/tab/forecast', h.signIn.tabToken(work('adele').email));
    assert.equal(adele.status, 200);
    assert.equal(adele.body.audience, 'team');
    assert.match(
      String(adele.body.basis),
      /^Your team's contribution, not your organization's score: .* 3 people you manage/,
    );
    assert.doesNotMatch(JSON.stringify(adele.body), /Patti/);
  });

  it('an oversized locale or time zone is ignored rather than trusted', async () => {
    const long = 'x'.repeat(5000);
    const patti = await h.api(
      'GET',
      `/api/tab/forecast?locale=${long}&timeZone=${long}`,
      h.signIn.tabToken(work('patti').email),
    );
    assert.equal(patti.status, 200);
    assert.doesNotMatch(JSON.stringify(patti.body), /xxxx/);
  });
});
