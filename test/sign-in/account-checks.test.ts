import assert from 'node:assert/strict';
import { CONSUMER_TENANT_ID } from '../../src/associations/model';
import { checkPersonalAccount, checkWorkAccount } from '../../src/sign-in/account-checks';
import { jwtClaims, type SignedInAccount } from '../../src/sign-in/signed-in-account';

const contoso = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const work: SignedInAccount = { kind: 'work', tenantId: contoso, objectId: 'AAAA-1', displayName: 'Adele Vance', email: 'adele@contoso.example' };
const personal: SignedInAccount = { kind: 'personal', tenantId: null, objectId: '00a1b2c3d4e5f607', displayName: 'Adele', email: 'adele.v@outlook.com' };

describe('account checks (DESIGN.md rules 1–3)', () => {
  it('accepts the Teams user’s own work account in the chat’s tenant', () => {
    const result = checkWorkAccount(work, { tenantId: contoso.toUpperCase(), aadObjectId: 'aaaa-1' });
    assert.deepEqual(result, { ok: true, value: { tenantId: contoso, objectId: 'aaaa-1', displayName: 'Adele Vance' } });
  });
  it('refuses a personal account where the work account is asked', () => {
    assert.deepEqual(checkWorkAccount(personal, { tenantId: contoso }), { ok: false, code: 'work-expected-got-personal' });
  });
  it('refuses a work account of another organization', () => {
    assert.deepEqual(checkWorkAccount(work, { tenantId: 'b2d4f6a8-1c3e-4f5a-9b7d-2e4f6a8c0e1f' }), { ok: false, code: 'work-tenant-mismatch' });
  });
  it('refuses a colleague’s work account', () => {
    assert.deepEqual(checkWorkAccount(work, { tenantId: contoso, aadObjectId: 'someone-else' }), { ok: false, code: 'work-user-mismatch' });
  });
  it('refuses a work account where the personal account is asked', () => {
    assert.deepEqual(checkPersonalAccount(work), { ok: false, code: 'personal-expected-got-work' });
  });
  it('keeps only a masked address of the personal account', () => {
    const result = checkPersonalAccount(personal);
    assert.ok(result.ok);
    assert.equal(result.value.maskedEmail, 'a***@outlook.com');
    assert.equal(JSON.stringify(result).includes('adele.v@'), false);
  });
  it('reads tid from a JWT and nothing from an opaque token', () => {
    const jwt = ['{"alg":"none"}', JSON.stringify({ tid: CONSUMER_TENANT_ID })].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';
    assert.equal(jwtClaims(jwt)?.tid, CONSUMER_TENANT_ID);
    assert.equal(jwtClaims('EwA0A2opaque'), null);
    assert.equal(jwtClaims('a.%%%.c'), null);
  });
});
