// The real Microsoft 365 Agents Playground (as `npm start` runs it, with .m365agentsplayground.yml)
// answers the bot's proactive messages to anyone but its current user with 500 UserNotFound. With the
// local stand-ins those messages go to the sign-in stand-in's inbox instead, once, and count as sent.
// The bot's own proactive worker and connector (retries off, no app id) send to the Playground's
// connector; what the Playground answered is on the wire, read back from the inbox page.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectorSender } from '../../src/channel/bot-channel';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { queueLinkReminders, linkReminderProgress } from '../../src/team-status/link-reminders';
import { createProactiveMessaging, type ProactiveMessaging } from '../../src/proactive/proactive-messaging';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { REMINDER_RENDERERS } from '../../src/reminder-kinds';
import { openDatabase } from '../../src/storage/sqlite/database';
import { sqliteProactiveStores } from '../../src/storage/sqlite/sqlite-stores';
import { work } from '../support/dev-people';
import { freePort } from '../support/free-port';

const ROOT = process.cwd();
const PLAYGROUND_BOT_ID = '28:partner-link-local';

describe('the Agents Playground and the local inbox', function () {
  this.timeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-playground-inbox-'));
  const signIn = new SignInStandIn();
  let playground: ChildProcess | undefined;
  let playgroundUrl = '';
  let db: ReturnType<typeof openDatabase> | undefined;

  before(async () => {
    await signIn.start();
    const port = await freePort();
    playgroundUrl = `http://127.0.0.1:${port}`;
    // As npm start runs it (src/dev/start.ts), from a scratch folder so its log stays out of the repository.
    playground = spawn(
      process.execPath,
      [
        '-r',
        path.join(ROOT, 'dist', 'src', 'dev', 'loopback-only.js'),
        path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
        '-e',
        'http://127.0.0.1:9/api/messages',
        '-p',
        String(port),
        '--disable-telemetry',
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(ROOT, '.m365agentsplayground.yml'),
        },
        stdio: 'ignore',
      },
    );
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(playgroundUrl).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the Agents Playground did not start within a minute');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(async () => {
    db?.close();
    playground?.kill('SIGTERM');
    await signIn.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function proactive(localInbox: string | undefined): ProactiveMessaging {
    db = openDatabase(path.join(dir, `partner-link-${localInbox ? 'local' : 'plain'}.db`));
    const config = loadConfig({ MicrosoftAppId: '', OAuthUrl: signIn.url, SQLITE_PATH: path.join(dir, 'unused.db') });
    return createProactiveMessaging({
      stores: sqliteProactiveStores(db, 40),
      renderers: REMINDER_RENDERERS,
      log: createLogger('silent'),
      now: () => new Date(),
      sender: connectorSender(config, 10_000),
      ...(localInbox ? { localInbox } : {}),
    });
  }

  async function remindAlex(messaging: ProactiveMessaging, batch: string) {
    const alex = { tenantId: work('alex').tenantId, aadObjectId: work('alex').objectId };
    await queueLinkReminders(
      messaging.queue,
      [alex],
      batch,
      { serviceUrl: `${playgroundUrl}/_connector`, botId: PLAYGROUND_BOT_ID },
      new Date(),
    );
    for (let pass = 0; pass < 3; pass++) await messaging.worker.runOnce();
    return linkReminderProgress(messaging.queue, batch);
  }

  it('without the inbox, the Playground refuses a reminder to Alex (500 UserNotFound): nobody would see it', async () => {
    const messaging = proactive(undefined);
    const progress = await remindAlex(messaging, 'plain');
    assert.deepEqual({ sent: progress.sent, refused: progress.refused }, { sent: 0, refused: 1 });
    const [job] = await messaging.queue.list({ batch: 'plain' });
    assert.equal(job?.lastCode, 'UserNotFound');
    db?.close();
    db = undefined;
  });

  it("with the local stand-ins, the same reminder is on the inbox page under Alex's name, once, and counted as sent", async () => {
    const messaging = proactive(signIn.url);
    const progress = await remindAlex(messaging, 'local');
    assert.deepEqual(
      { sent: progress.sent, refused: progress.refused, inDoubt: progress.inDoubt },
      { sent: 1, refused: 0, inDoubt: 0 },
    );
    const page = await (await fetch(`${signIn.url}/inbox`)).text();
    assert.ok(page.includes(`<h2>Alex Wilber <small>${work('alex').email}</small></h2>`), page);
    assert.equal(page.split('Your manager asked me to remind you').length - 1, 1, 'once');
    assert.equal(signIn.inbox.messages().length, 1);
  });
});
