// A Graph whose every list links back to its first page, end to end: the team card in the 1:1 chat,
// the tab's "My team" (whole org) and its CSV export each list every person once, as a sane Graph
// would have them. Over real HTTP: the bot, the sign-in stand-in playing Graph, the Teams channel stand-in.
import assert from 'node:assert/strict';
import { generateOrg, type OrgEntry } from '../../src/stand-ins/graph-org-stand-in';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { cardText } from '../support/teams-chat';

const org = generateOrg({ size: 600, branching: 150 });
org.nextLinkLoops = true;

function memberNames(managerId: string): string[] {
  return (org.reports.get(managerId) ?? [])
    .map((id) => org.entries.get(id) as OrgEntry)
    .filter(
      (e) => e.kind === 'user' && e.userType === 'Member' && e.accountEnabled && !e.userPrincipalName.includes('#EXT#'),
    )
    .map((e) => e.displayName);
}

/** Everyone under `managerId`, down the chain, once (the org has one cycle back to Adele). */
function orgNames(managerId: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>([managerId]);
  let level = [managerId];
  while (level.length > 0) {
    const next: string[] = [];
    for (const id of level) {
      for (const report of org.reports.get(id) ?? []) {
        if (seen.has(report)) continue;
        seen.add(report);
        next.push(report);
      }
      names.push(
        ...memberNames(id).filter(
          (name) => !names.includes(name) && name !== (org.entries.get(managerId) as OrgEntry).displayName,
        ),
      );
    }
    level = next;
  }
  return names;
}

describe('a Graph whose pages loop back: everyone once on the card, the tab and the export', function () {
  this.timeout(120_000);
  const h = new TabHarness(() => ({}), org);
  before(() => h.start());
  after(() => h.stop());

  it("the manager's team card counts each report once", async () => {
    const alex = work('alex');
    const { chat, cardId } = await h.teamCardChat(alex);
    assert.match(cardText(chat.cardOf(cardId)), new RegExp(`People\\n${memberNames(alex.objectId).length}\\n`));
  });

  it("the tab's whole-org view and its CSV list each person once", async () => {
    const token = h.signIn.tabToken(work('adele').email);
    const expected = orgNames(work('adele').objectId);
    const first = await h.api('GET', '/api/tab/team?scope=org', token);
    assert.equal(first.status, 200);
    assert.equal((first.body.counts as { total: number }).total, expected.length);
    const response = await fetch(`${h.botUrl}/api/tab/team.csv?scope=org`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const names = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0] ?? '');
    assert.equal(names.length, expected.length);
    assert.equal(new Set(names).size, names.length, 'nobody twice in the export');
  });
});
