// The router's table. A capability is one handler plus one line in the registry; two
// handlers can never claim the same verb, and every verb of the one schema must have a handler.
import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../src/cards/card-attachment';
import { card } from '../../src/cards/card-elements';
import type { Turn } from '../../src/channel/turn';
import type { CapabilityHandler } from '../../src/capability/capability-handler';
import { HandlerRegistry } from '../../src/capability/handler-registry';
import { HelpHandler } from '../../src/help/help-handler';

const turn = {} as Turn;
const fake = (verbs: ('status' | 'help')[], tag: string): CapabilityHandler => ({
  verbs,
  intents: [],
  handle: () => Promise.resolve(card([{ type: 'TextBlock', text: tag, wrap: true }])),
  answer: () => Promise.reject(new Error('none')),
});

describe('the handler registry', () => {
  it('dispatches each verb to the one handler that owns it', async () => {
    const registry = new HandlerRegistry([new HelpHandler(), fake(['status'], 'status handler')]);
    const answer = (await registry.handle(turn, undefined, { verb: 'status' })) as AdaptiveCard;
    assert.equal((answer.body[0] as { text: string }).text, 'status handler');
  });

  it('refuses two handlers for one verb, and a schema verb without a handler', () => {
    assert.throws(
      () => new HandlerRegistry([new HelpHandler(), fake(['help'], 'second')]),
      /Two handlers claim the card verb "help"/,
    );
    assert.throws(
      () => new HandlerRegistry([new HelpHandler()]).assertCovers(['help', 'status'], ['help']),
      /No handler for: status/,
    );
  });
});
