// The dev identities, as data: the same people everywhere locally (sign-in page, Graph, and later the
// Agents Playground), so "the work account must be the Teams user" holds on a developer's machine.
import { createHash } from 'node:crypto';
import { CONSUMER_TENANT_ID } from '../associations/model';

export interface DevTenant {
  id: string;
  name: string;
  domain: string;
}

export interface DevIdentity {
  kind: 'work' | 'personal';
  /** Entra object id (work) or MSA id (personal): what Graph `/me` returns as `id`. */
  objectId: string;
  tenantId: string;
  displayName: string;
  givenName: string;
  surname: string;
  /** An account that never set a display name: Graph `/me` then has no `displayName` (nor given name, surname). */
  noDisplayName?: true;
  email: string;
  jobTitle: string | null;
  managerId: string | null;
  /**
   * How the Graph token the token service holds for this identity looks. Default: a JWT with `tid`
   * for work accounts, an opaque token for personal ones. The others are real shapes the bot must
   * not mistake for a personal account: an encrypted/opaque work token, a work JWT without `tid`.
   */
  tokenForm?: TokenForm;
  /** Shown next to the identity on the sign-in page: why this unusual account is offered. */
  note?: string;
}

export type TokenForm = 'jwt' | 'jwt-without-tid' | 'opaque';

export const CONTOSO: DevTenant = {
  id: '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d',
  name: 'Contoso',
  domain: 'contoso.example',
};
export const FABRIKAM: DevTenant = {
  id: 'b2d4f6a8-1c3e-4f5a-9b7d-2e4f6a8c0e1f',
  name: 'Fabrikam',
  domain: 'fabrikam.example',
};
export const DEV_TENANTS: readonly DevTenant[] = [CONTOSO, FABRIKAM];

const ADELE = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';

function work(
  tenant: DevTenant,
  objectId: string,
  givenName: string,
  surname: string,
  jobTitle: string,
  managerId: string | null,
): DevIdentity {
  const email = `${givenName}.${surname}`.toLowerCase().replace(/\s+/g, '') + `@${tenant.domain}`;
  return {
    kind: 'work',
    objectId,
    tenantId: tenant.id,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    email,
    jobTitle,
    managerId,
  };
}

function personal(objectId: string, givenName: string, surname: string, email: string): DevIdentity {
  return {
    kind: 'personal',
    objectId,
    tenantId: CONSUMER_TENANT_ID,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    email,
    jobTitle: null,
    managerId: null,
  };
}

/** A Contoso work account whose Graph token does not say its tenant (see DevIdentity.tokenForm). */
function unusualWork(
  objectId: string,
  givenName: string,
  surname: string,
  tokenForm: TokenForm,
  note: string,
): DevIdentity {
  return { ...work(CONTOSO, objectId, givenName, surname, 'Consultant', null), tokenForm, note };
}

export const DEV_IDENTITIES: readonly DevIdentity[] = [
  work(CONTOSO, ADELE, 'Adele', 'Vance', 'Partner Practice Lead', null),
  work(CONTOSO, '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02', 'Alex', 'Wilber', 'Cloud Solution Architect', ADELE),
  work(CONTOSO, '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a03', 'Megan', 'Bowen', 'Modern Work Consultant', ADELE),
  work(CONTOSO, '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a04', 'Lee', 'Gu', 'Security Engineer', ADELE),
  work(CONTOSO, '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a05', 'Nestor', 'Wilke', 'Data Engineer', ADELE),
  work(CONTOSO, '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a06', 'Patti', 'Fernandez', 'Business Applications Consultant', null),
  work(FABRIKAM, '8e2a4c6e-0b1d-4f3a-9c5e-7a9b1c3d5e01', 'Diego', 'Siciliani', 'Partner Manager', null),
  work(
    FABRIKAM,
    '8e2a4c6e-0b1d-4f3a-9c5e-7a9b1c3d5e02',
    'Isaiah',
    'Langer',
    'Azure Engineer',
    '8e2a4c6e-0b1d-4f3a-9c5e-7a9b1c3d5e01',
  ),
  personal('00a1b2c3d4e5f601', 'Adele', 'Vance', 'adele.v@outlook.com'),
  personal('00a1b2c3d4e5f602', 'Alex', 'Wilber', 'alexw@hotmail.com'),
  personal('00a1b2c3d4e5f603', 'Megan', 'Bowen', 'megan.bowen@outlook.com'),
  personal('00a1b2c3d4e5f604', 'Lee', 'Gu', 'gamer.lee@live.com'),
  // Real variety among personal accounts: no display name; ids without the leading zeros or in
  // upper case; a personal Graph token that is a JWT (with the consumer tenant as `tid`).
  {
    ...personal('00a1b2c3d4e5f605', 'Kim', 'Akers', 'kim.akers@outlook.com'),
    noDisplayName: true,
    note: 'no display name in Graph',
  },
  {
    ...personal('a1b2c3d4e5f6', 'Pradeep', 'Gupta', 'pradeep.gupta@outlook.com'),
    tokenForm: 'jwt',
    note: 'short id, JWT token',
  },
  { ...personal('00000000000A1B2C', 'Grady', 'Archie', 'grady.archie@live.com'), note: 'upper-case id' },
  // Work accounts in disguise, to see the personal step refuse them.
  unusualWork('3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a07', 'Johanna', 'Lorenz', 'jwt-without-tid', 'token without tid'),
  unusualWork('3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a08', 'Joni', 'Sherman', 'opaque', 'opaque (encrypted) token'),
];

export function findIdentityByEmail(email: string): DevIdentity | undefined {
  const wanted = email.trim().toLowerCase();
  return DEV_IDENTITIES.find((identity) => identity.email === wanted);
}

export function findIdentityById(objectId: string): DevIdentity | undefined {
  return DEV_IDENTITIES.find((identity) => identity.objectId === objectId);
}

/**
 * A typed address that is not a dev identity still signs in: at a dev tenant's domain it is a new
 * work user there, anywhere else a personal Microsoft account. Ids are derived from the address so
 * the same address is the same person every time.
 */
export function identityForEmail(email: string): DevIdentity {
  const known = findIdentityByEmail(email);
  if (known) return known;
  const address = email.trim().toLowerCase();
  const hash = createHash('sha256').update(address).digest('hex');
  const local = address.split('@')[0] ?? address;
  const name = local || address;
  const tenant = DEV_TENANTS.find((t) => address.endsWith(`@${t.domain}`));
  if (tenant) {
    const objectId = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-8${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
    return {
      kind: 'work',
      objectId,
      tenantId: tenant.id,
      displayName: name,
      givenName: name,
      surname: '',
      email: address,
      jobTitle: null,
      managerId: null,
    };
  }
  return {
    kind: 'personal',
    objectId: hash.slice(0, 16),
    tenantId: CONSUMER_TENANT_ID,
    displayName: name,
    givenName: name,
    surname: '',
    email: address,
    jobTitle: null,
    managerId: null,
  };
}
