import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCardAction } from '../../src/cards/card-actions';

const ID = '11111111-1111-4111-8111-111111111111';

describe('card action payloads (one schema keyed by verb)', () => {
  it('reads the Action.Execute invoke shape and the Action.Submit shape alike', () => {
    assert.deepEqual(
      parseCardAction({
        action: {
          type: 'Action.Execute',
          verb: 'removeConfirm',
          data: { verb: 'removeConfirm', purpose: 'training', associationId: ID },
        },
        trigger: 'manual',
      }),
      {
        ok: true,
        action: { verb: 'removeConfirm', purpose: 'training', associationId: ID },
      },
    );
    assert.deepEqual(parseCardAction({ verb: 'link', purpose: 'learning', msteams: { type: 'messageBack' } }), {
      ok: true,
      action: { verb: 'link', purpose: 'learning' },
    });
  });

  it('takes the verb from the action, not from the data', () => {
    const parsed = parseCardAction({
      action: { type: 'Action.Execute', verb: 'status', data: { verb: 'deleteDataConfirm' } },
    });
    assert.deepEqual(parsed, { ok: true, action: { verb: 'status' } });
  });

  for (const [label, value] of [
    ['null', null],
    ['an array', [1, 2]],
    ['no verb', { purpose: 'training' }],
    ['an unknown verb', { verb: 'makeAdmin' }],
    [
      'an extra key (someone else’s user id)',
      { verb: 'removeConfirm', purpose: 'training', associationId: ID, userId: 'someone-else' },
    ],
    ['a malformed id', { verb: 'removeConfirm', purpose: 'training', associationId: "1' OR 1=1" }],
    ['a wrong purpose', { verb: 'link', purpose: 'admin' }],
    ['non-object data', { action: { verb: 'status', data: 'x' } }],
  ] as const) {
    it(`refuses ${label} with a reason`, () => {
      const parsed = parseCardAction(value);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.problem.length > 0);
    });
  }

  it('never throws and accepts only well-formed payloads, for 2,000 arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ action: fc.record({ verb: fc.string(), data: fc.anything() }) }),
          fc.dictionary(fc.string(), fc.anything()),
        ),
        (value) => {
          const parsed = parseCardAction(value);
          if (parsed.ok)
            assert.ok(
              [
                'welcome',
                'status',
                'help',
                'dataExport',
                'deleteDataRequest',
                'deleteDataConfirm',
                'cancelSignIn',
                'link',
                'removeRequest',
                'removeConfirm',
                'moveConfirm',
                'moveCancel',
              ].includes(parsed.action.verb),
            );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
