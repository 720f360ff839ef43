import assert from 'node:assert/strict';
import { CONSUMER_TENANT_ID } from '../../src/associations/model';
import { canonicalMsaId } from '../../src/associations/rules';
import { checkPersonalAccount, checkWorkAccount } from '../../src/sign-in/account-checks';
import { jwtClaims, type SignedInAccount } from '../../src/sign-in/signed-in-account';

const contoso = '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d';
const adeleId = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a01';
const work: SignedInAccount = {
  tenantId: contoso,
  objectId: adeleId.toUpperCase(),
  displayName: 'Adele Vance',
  email: 'adele@contoso.example',
};
const personal: SignedInAccount = {
  tenantId: null,
  objectId: '00a1b2c3d4e5f607',
  displayName: 'Adele',
  email: 'adele.v@outlook.com',
};

describe('which kind of account signed in', () => {
  it('accepts the Teams user’s own work account in the chat’s tenant', () => {
    const result = checkWorkAccount(work, { tenantId: contoso.toUpperCase(), aadObjectId: adeleId });
    assert.deepEqual(result, { ok: true, value: { tenantId: contoso, objectId: adeleId, displayName: 'Adele Vance' } });
  });
  it('refuses a personal account where the work account is asked', () => {
    assert.deepEqual(checkWorkAccount(personal, { tenantId: contoso }), {
      ok: false,
      code: 'work-expected-got-personal',
    });
  });
  it('refuses a work account of another organization', () => {
    assert.deepEqual(checkWorkAccount(work, { tenantId: 'b2d4f6a8-1c3e-4f5a-9b7d-2e4f6a8c0e1f' }), {
      ok: false,
      code: 'work-tenant-mismatch',
    });
  });
  it('refuses a colleague’s work account', () => {
    assert.deepEqual(checkWorkAccount(work, { tenantId: contoso, aadObjectId: 'someone-else' }), {
      ok: false,
      code: 'work-user-mismatch',
    });
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
  it('identifies a work account positively (tid a GUID other than the consumer tenant, id a GUID)', () => {
    const refused = { ok: false, code: 'work-expected-got-personal' };
    assert.deepEqual(checkWorkAccount({ ...work, tenantId: null }, { tenantId: contoso }), refused, 'no tid');
    assert.deepEqual(
      checkWorkAccount({ ...work, tenantId: CONSUMER_TENANT_ID }, { tenantId: CONSUMER_TENANT_ID }),
      refused,
      'consumer tenant',
    );
    assert.deepEqual(
      checkWorkAccount({ ...work, tenantId: 'contoso' }, { tenantId: 'contoso' }),
      refused,
      'tid not a GUID',
    );
    assert.deepEqual(
      checkWorkAccount({ ...work, objectId: '00a1b2c3d4e5f607' }, { tenantId: contoso }),
      refused,
      'MSA id',
    );
  });
  it('identifies a personal account positively (no tid or the consumer tenant, an MSA id)', () => {
    const refused = { ok: false, code: 'personal-expected-got-work' };
    assert.deepEqual(checkPersonalAccount({ ...personal, tenantId: contoso }), refused, 'a work tid');
    assert.deepEqual(checkPersonalAccount({ ...personal, tenantId: '[1]' }), refused, 'a tid that is no tenant');
    assert.deepEqual(checkPersonalAccount({ ...personal, objectId: adeleId }), refused, 'a GUID id, no tid');
    assert.deepEqual(
      checkPersonalAccount({ ...personal, tenantId: CONSUMER_TENANT_ID, objectId: adeleId }),
      refused,
      'a GUID id, consumer tid',
    );
    assert.deepEqual(checkPersonalAccount({ ...personal, objectId: '00a1b2c3d4e5f6071' }), refused, '17 hex digits');
    assert.deepEqual(checkPersonalAccount({ ...personal, objectId: 'not-hex' }), refused);
    for (const [id, stored] of [
      ['a1b2c3d4e5f6', '0000a1b2c3d4e5f6'],
      ['00000000000A1B2C', '00000000000a1b2c'],
      ['00A1B2C3D4E5F607', '00a1b2c3d4e5f607'],
    ]) {
      const result = checkPersonalAccount({ ...personal, objectId: id as string, tenantId: CONSUMER_TENANT_ID });
      assert.ok(result.ok, id);
      assert.equal(result.value.accountId, stored, 'one spelling per account');
    }
    assert.equal(canonicalMsaId('A1B2C3D4E5F6'), canonicalMsaId('0000a1b2c3d4e5f6'));
  });
  it('without a display name (or with an address as one), the masked address stands in', () => {
    for (const displayName of [null, 'adele.v@outlook.com']) {
      const result = checkPersonalAccount({ ...personal, displayName });
      assert.ok(result.ok);
      assert.equal(result.value.displayName, 'a***@outlook.com');
    }
  });
  it('reads tid from a JWT and nothing from an opaque token', () => {
    const jwt =
      ['{"alg":"none"}', JSON.stringify({ tid: CONSUMER_TENANT_ID })]
        .map((p) => Buffer.from(p).toString('base64url'))
        .join('.') + '.sig';
    assert.equal(jwtClaims(jwt)?.tid, CONSUMER_TENANT_ID);
    assert.equal(jwtClaims('EwA0A2opaque'), null);
    assert.equal(jwtClaims('a.%%%.c'), null);
  });
});
