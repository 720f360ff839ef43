// The Agents Playground's users and the sign-in stand-in's work accounts must be the same people in
// the same tenant, or "the work account must be the Teams user" refuses everyone locally; and the
// Playground's team must be the Graph stand-in's team (by its aadGroupId, as Graph keys teams), or
// "team status" in its channel can never count anyone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { CONTOSO, DEV_IDENTITIES, FABRIKAM } from '../../src/stand-ins/dev-identities';
import { DEV_TEAM_ID, DEV_TEAM_NAME, generateOrg } from '../../src/stand-ins/graph-org-stand-in';

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  email: string;
  givenName: string;
  surname: string;
}

interface PlaygroundConfig {
  version: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: unknown[] };
}

const config = yaml.load(
  fs.readFileSync(path.join(process.cwd(), '.m365agentsplayground.yml'), 'utf8'),
) as PlaygroundConfig;

describe('Agents Playground configuration and the dev identities', () => {
  it('has every key the Playground requires, with exactly five other users', () => {
    assert.equal(config.version, '0.1.1');
    for (const key of ['tenantId', 'bot', 'currentUser', 'users', 'personalChat', 'groupChat', 'team'] as const)
      assert.ok(config[key], `${key} is set`);
    assert.equal(config.users.length, 5);
    assert.ok(config.team.channels.length <= 1, 'at most one extra channel');
  });

  it('puts the chat in the Contoso tenant of the sign-in stand-in', () => {
    assert.equal(config.tenantId, CONTOSO.id);
  });

  it('makes every Playground user a Contoso work account of the sign-in page, with the same object id, name and address', () => {
    for (const user of [config.currentUser, ...config.users]) {
      const identity = DEV_IDENTITIES.find((i) => i.objectId === user.aadObjectId);
      assert.ok(identity, `${user.name} (${user.aadObjectId}) is a dev identity`);
      assert.equal(identity.kind, 'work');
      assert.equal(identity.tenantId, CONTOSO.id);
      assert.equal(identity.displayName, user.name);
      assert.equal(identity.email, user.email);
      assert.equal(identity.email, user.userPrincipleName);
    }
  });

  it("makes the Playground's team the Graph stand-in's team: the same aadGroupId and name, with every Playground user a member", () => {
    assert.equal(config.team.aadGroupId, DEV_TEAM_ID);
    assert.equal(config.team.name, DEV_TEAM_NAME);
    // What `npm start` runs (src/stand-ins/run.ts): the default generated organization.
    const team = generateOrg().teams.get(config.team.aadGroupId);
    assert.ok(team, `Graph has the team ${config.team.aadGroupId}`);
    assert.equal(team.tenantId, config.tenantId);
    assert.equal(team.displayName, config.team.name);
    for (const user of [config.currentUser, ...config.users])
      assert.ok(
        team.members.some((m) => m.userId === user.aadObjectId),
        `${user.name} is a member of the team in Graph`,
      );
    assert.ok(!config.team.aadGroupId.startsWith('19:'), 'a group id, never the 19:… thread id');
  });

  it('gives the current user direct reports among the chat users, and leaves a second tenant and personal accounts for the refusals', () => {
    const me = DEV_IDENTITIES.find((i) => i.objectId === config.currentUser.aadObjectId);
    const reports = DEV_IDENTITIES.filter((i) => i.managerId === me?.objectId).map((i) => i.objectId);
    assert.ok(reports.length >= 2);
    for (const id of reports) assert.ok(config.users.some((u) => u.aadObjectId === id));
    assert.ok(DEV_IDENTITIES.some((i) => i.tenantId === FABRIKAM.id));
    assert.ok(DEV_IDENTITIES.filter((i) => i.kind === 'personal').length >= 2);
  });
});
