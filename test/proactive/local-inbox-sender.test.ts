// What the local inbox diverts, and what it never does: only the Playground's "cannot show this
// person" (500 UserNotFound) from a Teams service on this machine goes to the inbox; anything else,
// or any Teams service elsewhere, is the channel's answer as it was; an inbox that never answers
// leaves the send in doubt (never repeated), an inbox that refuses leaves the channel's refusal.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localInboxSender } from '../../src/proactive/local-inbox-sender';
import type { ProactiveSender } from '../../src/proactive/proactive-sender';
import { classifySendError } from '../../src/proactive/teams-send-errors';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';

/** An error as botbuilder's connector raises it for an answered request. */
function answered(status: number, code: string): Error {
  return Object.assign(new Error(code), {
    statusCode: status,
    response: { bodyAsText: JSON.stringify({ error: { code, message: code } }), headers: { get: () => undefined } },
  });
}

function channelAnswering(error: Error): ProactiveSender & { posts: number } {
  const sender = {
    posts: 0,
    connect: () =>
      Promise.resolve({
        post: () => {
          sender.posts += 1;
          return Promise.reject(error);
        },
      }),
  };
  return sender;
}

const activity = {
  type: 'message',
  text: 'Your manager asked me to remind you to link your accounts.',
  recipient: { id: '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02', name: '' },
};

describe('the local inbox for what the Agents Playground cannot show', () => {
  const standIn = new SignInStandIn();
  before(() => standIn.start());
  after(() => standIn.stop());

  it('takes a message the Playground on this machine refused with 500 UserNotFound, once, and says it was delivered', async () => {
    const channel = channelAnswering(answered(500, 'UserNotFound'));
    const sent = await (
      await localInboxSender(channel, standIn.url).connect('http://127.0.0.1:56150/_connector')
    ).post('a:1', activity);
    assert.match(sent.id ?? '', /^inbox-/);
    assert.equal(channel.posts, 1);
    assert.deepEqual(
      standIn.inbox.messages().map((m) => [m.recipientId, m.lines[0]]),
      [[activity.recipient.id, activity.text]],
    );
  });

  it('leaves every other answer, and any Teams service beyond this machine, as the channel gave it', async () => {
    const before = standIn.inbox.messages().length;
    const blocked = channelAnswering(answered(403, 'ConversationBlockedByUser'));
    await assert.rejects(
      (await localInboxSender(blocked, standIn.url).connect('http://127.0.0.1:56150/_connector')).post('a:1', activity),
      /ConversationBlockedByUser/,
    );
    const teams = channelAnswering(answered(500, 'UserNotFound'));
    await assert.rejects(
      (await localInboxSender(teams, standIn.url).connect('https://smba.trafficmanager.net/amer/')).post(
        'a:1',
        activity,
      ),
      /UserNotFound/,
    );
    assert.equal(standIn.inbox.messages().length, before, 'nothing went to the inbox');
  });

  it("an inbox that never answers leaves the send in doubt; one that refuses (a message without a recipient) leaves the Playground's refusal", async () => {
    const silent = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const channel = channelAnswering(answered(500, 'UserNotFound'));
      const error = await (
        await localInboxSender(channel, url).connect('http://127.0.0.1:56150/_connector')
      )
        .post('a:1', activity)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.equal(classifySendError(error, Date.now()).kind, 'in-doubt');
    } finally {
      silent.close();
    }
    const refusing = channelAnswering(answered(500, 'UserNotFound'));
    const error = await (
      await localInboxSender(refusing, standIn.url).connect('http://127.0.0.1:56150/_connector')
    )
      .post('a:1', { type: 'message' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.deepEqual(classifySendError(error, Date.now()), { kind: 'permanent', code: 'UserNotFound', status: 500 });
  });
});
