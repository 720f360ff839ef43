// the Graph org stand-in speaks Graph's wire format: pages of at most 100 with a $skiptoken
// nextLink on the same origin that keeps $select, Graph's errors for a bad $top or $skiptoken and for
// /me with an app token, checkMemberObjects through nested groups; and the generated organization
// is the same on every run, keeps Adele's four real reports, goes several levels deep with one cycle.
import assert from 'node:assert/strict';
import { DEV_IDENTITIES } from '../../src/stand-ins/dev-identities';
import {
  ADELE_ID,
  DEV_PARTNER_ADMIN_GROUP_ID,
  generateOrg,
  handleGraphOrgRequest,
  type GraphCaller,
  type Org,
} from '../../src/stand-ins/graph-org-stand-in';

const BASE = 'http://127.0.0.1:39401';
const TENANT = DEV_IDENTITIES[0]?.tenantId ?? '';
const adele: GraphCaller = { kind: 'user', objectId: ADELE_ID, tenantId: TENANT };
const REAL = DEV_IDENTITIES.filter((i) => i.managerId === ADELE_ID).map((i) => i.objectId);

type Page = { value: { id: string; '@odata.type': string; [key: string]: unknown }[]; '@odata.nextLink'?: string };
const get = (org: Org, path: string, caller: GraphCaller = adele) =>
  handleGraphOrgRequest(org, BASE, { method: 'GET', path, caller }) ?? [404, undefined];

function depthOf(org: Org, id: string): number {
  let depth = 0;
  const seen = new Set<string>();
  for (
    let at = org.entries.get(id);
    at?.managerId && at.id !== ADELE_ID && !seen.has(at.id);
    at = org.entries.get(at.managerId)
  ) {
    seen.add(at.id);
    depth++;
  }
  return depth;
}

describe('Graph org stand-in', () => {
  const org = generateOrg();

  it('Adele keeps her four real reports; generated people sit several levels under them; one cycle leads back to her', () => {
    assert.deepEqual(org.reports.get(ADELE_ID), REAL);
    const members = [...org.entries.values()].filter((e) => e.kind === 'user' && e.tenantId === TENANT);
    assert.ok(members.length >= 300, `${members.length} people`);
    assert.ok(Math.max(...members.map((m) => depthOf(org, m.id))) >= 4, 'several levels deep');
    const adeleEntry = org.entries.get(ADELE_ID);
    assert.ok(
      adeleEntry?.managerId && depthOf(org, adeleEntry.managerId) >= 4,
      "Adele's manager is one of her own deep reports",
    );
    assert.ok(members.some((m) => m.kind === 'user' && m.userType === 'Guest'));
    assert.ok([...org.entries.values()].some((e) => e.kind === 'contact'));
  });

  it('the same seed gives the same people and ids; 10,000 people for benchmarks', () => {
    assert.deepEqual([...generateOrg().entries.keys()], [...org.entries.keys()]);
    assert.notDeepEqual([...generateOrg({ seed: 10 }).entries.keys()], [...org.entries.keys()]);
    const big = generateOrg({ size: 10_000 });
    assert.ok([...big.entries.values()].filter((e) => e.kind === 'user' && e.userType === 'Member').length >= 10_000);
  });

  it('directReports pages hold at most 100 (fewer with $top), the nextLink keeps $select and walks every report once', () => {
    const wide = generateOrg({ size: 250, branching: 250 });
    const alex = { kind: 'user' as const, objectId: REAL[0] ?? '', tenantId: TENANT };
    const seen: string[] = [];
    let path: string | undefined = '/v1.0/me/directReports?$select=id,displayName&$top=500';
    let pages = 0;
    while (path) {
      const [status, body] = get(wide, path, alex);
      assert.equal(status, 200);
      const page = body as Page;
      assert.ok(page.value.length <= 100);
      assert.ok(
        page.value.every((o) => Object.keys(o).every((k) => ['@odata.type', 'id', 'displayName'].includes(k))),
        '$select honoured',
      );
      seen.push(...page.value.map((o) => o.id));
      const next = page['@odata.nextLink'];
      if (next) {
        assert.ok(
          next.startsWith(`${BASE}/v1.0/me/directReports?`) &&
            next.includes('%24skiptoken=') &&
            next.includes('%24select='),
          next,
        );
        path = next.slice(BASE.length);
      } else path = undefined;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, wide.reports.get(REAL[0] ?? ''));
    const [, small] = get(wide, '/v1.0/me/directReports?$top=7', alex);
    assert.equal((small as Page).value.length, 7);
  });

  it("Graph's errors: bad $top, forged $skiptoken, /me with an app token, another tenant's user", () => {
    assert.equal(get(org, '/v1.0/me/directReports?$top=1000')[0], 400);
    assert.equal(get(org, '/v1.0/me/directReports?$top=0')[0], 400);
    assert.equal(get(org, '/v1.0/me/directReports?$skiptoken=eyJsIjoieCIsIm8iOjF9')[0], 400);
    const app: GraphCaller = { kind: 'app', appId: 'a', tenantId: TENANT };
    assert.equal(get(org, '/v1.0/me/directReports', app)[0], 400);
    assert.equal(get(org, `/v1.0/users/${ADELE_ID}/directReports`, app)[0], 200);
    const fabrikam = DEV_IDENTITIES.find((i) => i.givenName === 'Diego');
    assert.equal(
      get(org, `/v1.0/users/${ADELE_ID}/directReports`, {
        kind: 'user',
        objectId: fabrikam?.objectId ?? '',
        tenantId: fabrikam?.tenantId ?? '',
      })[0],
      404,
    );
    assert.equal(
      handleGraphOrgRequest(org, BASE, { method: 'GET', path: '/v1.0/me', caller: adele }),
      undefined,
      'not ours: the Graph stand-in answers /me',
    );
  });

  it('checkMemberObjects answers transitive membership, only for the ids asked', () => {
    const patti = DEV_IDENTITIES.find((i) => i.givenName === 'Patti')?.objectId ?? '';
    const ask = (caller: GraphCaller, ids: unknown) =>
      handleGraphOrgRequest(org, BASE, { method: 'POST', path: '/v1.0/me/checkMemberObjects', body: { ids }, caller });
    assert.deepEqual(
      (
        ask({ kind: 'user', objectId: patti, tenantId: TENANT }, [DEV_PARTNER_ADMIN_GROUP_ID, 'other'])?.[1] as {
          value: string[];
        }
      ).value,
      [DEV_PARTNER_ADMIN_GROUP_ID],
    );
    assert.deepEqual((ask(adele, [DEV_PARTNER_ADMIN_GROUP_ID])?.[1] as { value: string[] }).value, []);
    assert.equal(ask(adele, 'x')?.[0], 400);
  });

  it("lists a group's users through nested groups, each once, to the app's own token only", () => {
    const patti = DEV_IDENTITIES.find((i) => i.givenName === 'Patti')?.objectId ?? '';
    const path = `/v1.0/groups/${DEV_PARTNER_ADMIN_GROUP_ID}/transitiveMembers/microsoft.graph.user?$select=id`;
    const appCaller: GraphCaller = { kind: 'app', appId: 'partner-link', tenantId: TENANT };
    const [status, body] = get(org, path, appCaller);
    assert.equal(status, 200);
    assert.deepEqual(
      (body as Page).value.map((u) => u.id),
      [patti],
    );
    assert.equal(get(org, path, adele)[0], 403, "a person's token is not enough");
    assert.equal(
      get(
        org,
        '/v1.0/groups/c0ffee00-0000-4000-8000-000000000000/transitiveMembers/microsoft.graph.user',
        appCaller,
      )[0],
      404,
    );
  });
});
