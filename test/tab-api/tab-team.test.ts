// "My team" in the personal tab over real HTTP: the tab's SSO token (signed by the local
// issuer) → on-behalf-of Graph token → /me/directReports from the Graph organization stand-in; the
// same data and filters as the chat's team card, and the CSV as a download.
import assert from 'node:assert/strict';
import { ADELE_ID, generateOrg, type OrgEntry } from '../../src/stand-ins/graph-org-stand-in';
import { SqliteTeamViewAudit } from '../../src/storage/sqlite/sqlite-team-view-audit';
import { openDatabase } from '../../src/storage/sqlite/database';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';

const org = generateOrg({ size: 600, branching: 150 });
const ALEX_ID = work('alex').objectId;

function memberNames(managerId: string): string[] {
  return (org.reports.get(managerId) ?? [])
    .map((id) => org.entries.get(id) as OrgEntry)
    .filter(
      (e) => e.kind === 'user' && e.userType === 'Member' && e.accountEnabled && !e.userPrincipalName.includes('#EXT#'),
    )
    .map((e) => e.displayName);
}

describe('the tab\'s "My team" (SSO token, on-behalf-of Graph, same data and filters, CSV download)', function () {
  this.timeout(60_000);
  const h = new TabHarness(() => ({}), org);
  before(async () => {
    await h.start();
    // Megan (one of Adele's four real reports) has both accounts linked.
    for (const purpose of ['training', 'learning'] as const) {
      await h.app.store.link(
        {
          user: { tenantId: work('megan').tenantId, objectId: work('megan').objectId, displayName: 'Megan' },
          purpose,
          personal: {
            accountId: purpose === 'training' ? '00a1b2c3d4e5f6a3' : '00a1b2c3d4e5f6b3',
            displayName: 'M',
            maskedEmail: 'm***@outlook.com',
          },
        },
        h.clock.now(),
      );
    }
  });
  after(() => h.stop());

  it('a manager sees their reports, page by page, across Graph pages; filters work as on the card', async () => {
    const token = h.signIn.tabToken(work('alex').email);
    const expected = memberNames(ALEX_ID);
    const seen: string[] = [];
    for (let page = 0; page < 20; page++) {
      const { status, body } = await h.api('GET', `/api/tab/team?page=${page}`, token);
      assert.equal(status, 200);
      const rows = body.rows as { name: string; trainingLinked: boolean }[];
      seen.push(...rows.map((r) => r.name));
      assert.equal((body.counts as { total: number }).total, expected.length);
      if (page >= (body.pageCount as number) - 1) break;
    }
    assert.deepEqual(seen, expected);
    const adele = h.signIn.tabToken(work('adele').email);
    const linked = await h.api('GET', '/api/tab/team?filter=not-linked', adele);
    assert.equal(linked.status, 200);
    const names = (linked.body.rows as { name: string }[]).map((r) => r.name);
    assert.ok(!names.includes('Megan Bowen') && names.includes('Alex Wilber'), names.join(', '));
    assert.doesNotMatch(JSON.stringify(linked.body), /@|outlook/, "no address on a manager's view");
  });

  it('someone with no reports sees a polite sentence and nobody; bad input is a 400; no token is a 401', async () => {
    const patti = await h.api('GET', '/api/tab/team', h.signIn.tabToken(work('patti').email));
    assert.equal(patti.status, 200);
    assert.match(String(patti.body.message), /nobody reporting to you/);
    assert.equal(patti.body.rows, undefined);
    const bad = await h.api('GET', '/api/tab/team?filter=everyone-else&page=-1', h.signIn.tabToken(work('alex').email));
    assert.equal(bad.status, 400);
    const anonymous = await h.api('GET', '/api/tab/team');
    assert.equal(anonymous.status, 401);
  });

  it("when Graph answers for someone else than the tab's signed-in person, the tab shows and downloads nothing, and no view is audited", async () => {
    const token = h.signIn.tabToken(work('alex').email);
    const auditOfAlex = async () => {
      const db = openDatabase(h.sqlitePath);
      try {
        return await new SqliteTeamViewAudit(db).list(work('alex').tenantId, ALEX_ID, 1000);
      } finally {
        db.close();
      }
    };
    const before = (await auditOfAlex()).length;
    h.signIn.answerOnBehalfOfAs(work('adele').email);
    try {
      const view = await h.api('GET', '/api/tab/team?scope=org', token);
      assert.equal(view.status, 403);
      assert.match(
        JSON.stringify(view.body),
        /Microsoft Graph answered for a different account than the one signed in to this tab/,
      );
      assert.equal(view.body.rows, undefined);
      const adeleReports = memberNames(ADELE_ID);
      assert.ok(!adeleReports.some((name) => JSON.stringify(view.body).includes(name)));
      const csv = await fetch(`${h.botUrl}/api/tab/team.csv?scope=org`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(csv.status, 403);
      assert.doesNotMatch(csv.headers.get('content-type') ?? '', /text\/csv/);
      const text = await csv.text();
      assert.ok(!adeleReports.some((name) => text.includes(name)));
    } finally {
      h.signIn.answerOnBehalfOfAs(undefined);
    }
    const added = (await auditOfAlex()).slice(0, (await auditOfAlex()).length - before);
    assert.equal(added.length, 2);
    assert.ok(
      added.every((e) => e.action === 'refused' && e.people === 0),
      JSON.stringify(added),
    );
  });

  it("the CSV download holds the view's rows with a header (text/csv, attachment), and the view is audited", async () => {
    const token = h.signIn.tabToken(work('adele').email);
    const response = await fetch(`${h.botUrl}/api/tab/team.csv?scope=org&filter=not-linked`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(
      response.headers.get('content-disposition') ?? '',
      /^attachment; filename="team-status-org-not-linked-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(
      lines[0],
      'Name,Partner University linked,Microsoft Learning linked,Active certifications,Expiring within 6 months,Certifications checked',
    );
    const view = await h.api('GET', '/api/tab/team?scope=org&filter=not-linked', token);
    assert.equal(lines.length - 1, view.body.matching);
    assert.ok(!lines.some((l) => l.startsWith('Megan Bowen')), 'Megan is linked');
    const db = openDatabase(h.sqlitePath);
    try {
      const entries = await new SqliteTeamViewAudit(db).list(work('adele').tenantId, ADELE_ID);
      assert.ok(entries.some((e) => e.action === 'export' && e.scope === 'org'));
    } finally {
      db.close();
    }
  });
});
