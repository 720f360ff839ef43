// Item 9 (tab): asset names that exist on every JavaScript object are ordinary 404s, and a
// tab token is accepted only when a pre-authorized host client (Teams, the Microsoft 365 app,
// Outlook — or, locally, the stand-in) asked for it. The README's registration steps list exactly
// the same client ids as the code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TabTokenClaims } from '../../src/stand-ins/sign-in-stand-in';
import { acceptedTabClients, LOCAL_STAND_IN_CLIENT, TAB_HOST_CLIENTS } from '../../src/tab-api/tab-host-clients';
import { work } from '../support/dev-people';
import { TAB_APP, TabHarness } from '../support/tab-harness';

/** Claims the stand-in's tabToken() passes through unchanged (it spreads them over its own). */
type ClientClaims = TabTokenClaims & { azp?: string; appid?: string; ver?: string };

const levels = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { level: number }).level);

describe('the personal tab', function () {
  this.timeout(30_000);
  let h: TabHarness;

  before(async () => {
    h = await new TabHarness().start();
  });
  after(async () => h?.stop());

  it('answers 404 for /tab/constructor, /tab/__proto__ and other Object names, and logs no error', async () => {
    const before = h.logLines.length;
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ]) {
      const answer = await fetch(`${h.botUrl}/tab/${name}`);
      assert.equal(answer.status, 404, `/tab/${name}`);
      assert.match(
        ((await answer.json()) as { error: { message: string } }).error.message,
        /^There is no such page\.$/,
      );
    }
    const logged = h.logLines.slice(before);
    assert.deepEqual(
      levels(logged).filter((level) => level >= 50),
      [],
      `error lines: ${logged.join('')}`,
    );
    assert.equal((await fetch(`${h.botUrl}/tab/tab.css`)).status, 200, 'the real assets are still served');
  });

  it('accepts a tab token from every pre-authorized host client (Teams, Microsoft 365, Outlook)', async () => {
    for (const client of TAB_HOST_CLIENTS) {
      const claims: ClientClaims = { azp: client.id };
      const answer = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email, claims));
      assert.equal(answer.status, 200, `${client.name}: ${JSON.stringify(answer.body)}`);
    }
  });

  it("accepts the local stand-in's own tokens (npm start), and only when the issuer is on this machine", async () => {
    const answer = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.ok(acceptedTabClients(true).has(LOCAL_STAND_IN_CLIENT.id));
    assert.ok(!acceptedTabClients(false).has(LOCAL_STAND_IN_CLIENT.id), "never accepted against Microsoft's issuer");
  });

  it('refuses a tab token that another app asked for, with the 401 and one plain sentence', async () => {
    const refused: Record<string, ClientClaims> = {
      'the tab app itself (implicit grant)': { azp: TAB_APP.clientId },
      'Azure CLI': { azp: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' },
      'an unknown app': { azp: randomUUID() },
      'no azp at all': { azp: undefined },
      'a v1-style appid where a v2 azp is expected': { azp: undefined, appid: TAB_HOST_CLIENTS[0]?.id ?? '' },
    };
    for (const [what, claims] of Object.entries(refused)) {
      const answer = await h.api('GET', '/api/tab/learning', h.signIn.tabToken(work('adele').email, claims));
      assert.equal(answer.status, 401, what);
      const error = answer.body.error as { code: string; message: string };
      assert.equal(error.code, 'token-client', what);
      assert.match(error.message, /^[A-Z][^\n]*[.)]$/, `${what}: one plain sentence`);
      assert.doesNotMatch(error.message, /azp|appid|JWT|Error:/, what);
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
  });
});

describe('the README pre-authorizes exactly the host clients the tab accepts', () => {
  it('lists the same client ids as src/tab-api/tab-host-clients.ts', () => {
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    const block = /<!-- tab-host-clients -->([\s\S]*?)<!-- \/tab-host-clients -->/.exec(readme)?.[1];
    assert.ok(block, 'the README marks its list with <!-- tab-host-clients -->');
    const listed = [...block.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map(
      (m) => m[0],
    );
    assert.deepEqual([...listed].sort(), TAB_HOST_CLIENTS.map((c) => c.id).sort());
    assert.ok(!readme.includes(LOCAL_STAND_IN_CLIENT.id), 'the stand-in is not something to pre-authorize in Entra');
  });
});
