// Short names for the dev identities the tests use.
import {
  CONTOSO as CONTOSO_TENANT,
  DEV_IDENTITIES,
  FABRIKAM as FABRIKAM_TENANT,
  type DevIdentity,
} from '../../src/stand-ins/dev-identities';

export const CONTOSO = CONTOSO_TENANT.id;
export const FABRIKAM = FABRIKAM_TENANT.id;

const WORK: Record<string, string> = {
  adele: 'adele.vance@contoso.example',
  alex: 'alex.wilber@contoso.example',
  megan: 'megan.bowen@contoso.example',
  patti: 'patti.fernandez@contoso.example',
  fabrikam: 'diego.siciliani@fabrikam.example',
};
const PERSONAL: Record<string, string> = {
  adele: 'adele.v@outlook.com',
  alex: 'alexw@hotmail.com',
  megan: 'megan.bowen@outlook.com',
  lee: 'gamer.lee@live.com',
};

function find(email: string | undefined): DevIdentity {
  const identity = DEV_IDENTITIES.find((i) => i.email === email);
  if (!identity) throw new Error(`No dev identity ${email}`);
  return identity;
}

export const work = (who: keyof typeof WORK): DevIdentity => find(WORK[who]);
export const personal = (who: keyof typeof PERSONAL): DevIdentity => find(PERSONAL[who]);
