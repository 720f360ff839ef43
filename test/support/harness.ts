// Starts the real product for a test: the local sign-in stand-in, the Teams channel stand-in and
// the bot's real HTTP server (restify + CloudAdapter) on free ports, with a real SQLite file in a
// temporary folder and a clock the test can move.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { SignInStandIn } from '../../src/stand-ins/sign-in-stand-in';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import { TeamsChat, type ChatPlace, type ChatUser } from './teams-chat';

export class TestClock {
  private current = new Date('2026-11-24T09:00:00Z');
  now = (): Date => new Date(this.current);
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 24 * 60 * 60 * 1000);
  }
  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

export class Harness {
  app!: App;
  botUrl = '';
  readonly clock = new TestClock();
  readonly signIn = new SignInStandIn();
  readonly channel = new TeamsChannelStandIn();
  signInUrl = '';
  channelUrl = '';
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-e2e-'));
  readonly sqlitePath = path.join(this.dir, 'partner-link.db');
  private port = 0;

  constructor(
    private readonly env: Record<string, string> = {},
    private readonly overrides: Pick<AppOverrides, 'proactive' | 'certifications' | 'log'> = {},
  ) {}

  async start(): Promise<this> {
    this.signInUrl = await this.signIn.start();
    this.channelUrl = await this.channel.start();
    await this.startBot();
    return this;
  }

  private async startBot(): Promise<void> {
    const config = loadConfig({
      MicrosoftAppId: '',
      OAuthUrl: this.signInUrl,
      GRAPH_URL: this.signInUrl,
      TRAINING_URL: 'https://training.example.test/partner-university',
      SQLITE_PATH: this.sqlitePath,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...this.env,
    });
    this.app = createApp(config, { now: this.clock.now, log: createLogger(config.logLevel), ...this.overrides });
    const address = await this.app.listen(this.port, '127.0.0.1');
    this.port = address.port;
    this.botUrl = `http://127.0.0.1:${address.port}`;
  }

  /**
   * Stops the bot's server and store, and starts a new one on the same SQLite file. It listens on a
   * new port so no pooled keep-alive socket of the old server is reused.
   */
  async restartBot(): Promise<void> {
    await this.app.close();
    this.port = 0;
    await this.startBot();
  }

  /** A person's 1:1 chat with the bot (the app is installed for them, so Teams would reuse it). */
  chat(user: ChatUser, serviceUrlPath = '/amer/', place: ChatPlace = {}): TeamsChat {
    const chat = new TeamsChat(() => this.botUrl, this.channel, `${this.channelUrl}${serviceUrlPath}`, user, place);
    if (chat.conversationType === 'personal')
      this.channel.registerPersonalChat(user.tenantId, chat.userId, chat.conversationId);
    return chat;
  }

  /** The same people in one group chat (or channel): each gets a chat handle with their own 29: id. */
  groupChat(members: TeamsChat[], conversationType: 'groupChat' | 'channel' = 'groupChat'): TeamsChat[] {
    const conversationId =
      conversationType === 'channel'
        ? `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`
        : `19:${randomUUID().replace(/-/g, '')}@thread.v2`;
    return members.map((m) => this.chat(m.user, '/amer/', { conversationId, conversationType, userId: m.userId }));
  }

  async health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.botUrl}/healthz`);
    return { status: response.status, body: await response.json() };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.channel.stop();
    await this.signIn.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
