// The bot with its personal tab, for a test: the sign-in stand-in as the tab's issuer (an HTTPS
// listener with a certificate made for this run, a registered tab app), the Teams channel stand-in,
// and the real HTTP server with a real SQLite file — all in-process, on free ports, localhost only.
// Log lines are kept so a test can check that no token ever reaches them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOverrides } from '../../src/app';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import { openStores } from '../../src/storage/open-stores';
import { createLogger } from '../../src/log';
import { createDevCertificate, type DevCertificate } from '../../src/stand-ins/dev-certificate';
import { CONTOSO } from '../../src/stand-ins/dev-identities';
import type { Org } from '../../src/stand-ins/graph-org-stand-in';
import { SignInStandIn, type TabAppRegistration } from '../../src/stand-ins/sign-in-stand-in';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import { personal, work } from './dev-people';
import { TestClock } from './harness';
import { adaptiveCardOf, cardText, replyTexts, TeamsChat, type ChatUser } from './teams-chat';
import { activeCertification } from './certification-record';

export const TAB_APP: TabAppRegistration = {
  clientId: '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b',
  clientSecret: 'local-tab-secret-for-tests',
  appIdUri: 'api://localhost/0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b',
};

let certificate: Promise<DevCertificate> | undefined;

export class TabHarness {
  app!: App;
  signIn!: SignInStandIn;
  readonly channel = new TeamsChannelStandIn();
  readonly clock = new TestClock();
  botUrl = '';
  channelUrl = '';
  readonly logLines: string[] = [];
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-tab-'));

  /** `env` may override any key, e.g. TAB_CLIENT_SECRET to see the on-behalf-of call refused. */
  constructor(
    private readonly env: (standIn: SignInStandIn) => Record<string, string> = () => ({}),
    /** A Graph organization (directReports, teams, groups) for the team-status views. */
    private readonly org?: Org,
    /** App overrides, e.g. the proactive worker or the daily refresh kept off so a test runs them when it says. */
    private readonly overrides: Pick<AppOverrides, 'proactive' | 'certifications'> = {},
  ) {}

  async start(): Promise<this> {
    certificate ??= createDevCertificate();
    const tls = await certificate;
    this.signIn = new SignInStandIn({ tls, tabApps: [TAB_APP], ...(this.org ? { org: this.org } : {}) });
    const signInUrl = await this.signIn.start();
    this.channelUrl = await this.channel.start();
    const caFile = path.join(this.dir, 'stand-in.crt');
    fs.writeFileSync(caFile, tls.cert);
    const config = loadConfig({
      MicrosoftAppId: '',
      OAuthUrl: signInUrl,
      GRAPH_URL: signInUrl,
      TRAINING_URL: 'https://training.example.test/partner-university',
      SQLITE_PATH: path.join(this.dir, 'partner-link.db'),
      LOG_LEVEL: 'debug',
      TAB_CLIENT_ID: TAB_APP.clientId,
      TAB_CLIENT_SECRET: TAB_APP.clientSecret,
      TAB_APP_ID_URI: TAB_APP.appIdUri,
      TAB_TENANT_ID: CONTOSO.id,
      TAB_AUTHORITY_HOST: this.signIn.httpsUrl,
      TAB_AUTHORITY_CA_FILE: caFile,
      TAB_LOCAL_CHAT_URL: 'http://127.0.0.1:9/playground',
      ...this.env(this.signIn),
    });
    this.config = config;
    await this.startBot();
    return this;
  }

  private config: Config | undefined;

  private async startBot(): Promise<void> {
    const config = this.config as Config;
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString());
        done();
      },
    });
    this.app = createApp(config, { now: this.clock.now, log: createLogger(config.logLevel, sink), ...this.overrides });
    const address = await this.app.listen(0, '127.0.0.1');
    this.botUrl = `http://127.0.0.1:${address.port}`;
  }

  /** Stops the bot and starts a new one over the same SQLite file (on a new port), as a restart does. */
  async restartBot(): Promise<void> {
    await this.app.close();
    await this.startBot();
  }

  /**
   * A second instance on the same storage (its own connection), not listening, its background work
   * off: the test runs its checks and its worker when it says. Close it with `close()`.
   */
  twin(): App {
    const config = this.config as Config;
    const stores = openStores(config.storage, { ratePerSecond: config.proactiveRatePerSecond });
    return createApp(config, { now: this.clock.now, log: createLogger('silent'), ...this.overrides, stores });
  }

  /** The bot's SQLite file (a second connection may read it, e.g. the team-view audit). */
  get sqlitePath(): string {
    return path.join(this.dir, 'partner-link.db');
  }

  chat(user: ChatUser): TeamsChat {
    return new TeamsChat(() => this.botUrl, this.channel, `${this.channelUrl}/amer/`, user);
  }

  /** A new 1:1 chat with the app for `person` (a Teams id the token service has never seen). */
  personalChat(person: { displayName: string; tenantId: string; objectId: string }): TeamsChat {
    const chat = this.chat({ name: person.displayName, tenantId: person.tenantId, aadObjectId: person.objectId });
    this.channel.registerPersonalChat(person.tenantId, chat.userId, chat.conversationId);
    return chat;
  }

  /** A manager's 1:1 chat (the app installed for them) after "team status" and the work sign-in: the chat and the team card's id. */
  async teamCardChat(person: {
    displayName: string;
    tenantId: string;
    objectId: string;
    email: string;
  }): Promise<{ chat: TeamsChat; cardId: string }> {
    const chat = this.personalChat(person);
    await chat.say('team status');
    const signedIn = await chat.signInAs(person.email);
    const cardId = signedIn.replies.find((r) => cardText(adaptiveCardOf(r)).includes('Your team'))?.id;
    if (!cardId) throw new Error(`No team card after the work sign-in: ${replyTexts(signedIn.replies)}`);
    return { chat, cardId };
  }

  /** A tab API call as the page makes it. */
  async api(
    method: 'GET' | 'POST',
    route: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${this.botUrl}${route}`, {
      method,
      headers: {
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.channel.stop();
    await this.signIn.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Megan (one of Adele's reports) holds AZ-104 and MS-102, read from her Learn transcript. */
export async function meganCertified(h: TabHarness): Promise<void> {
  const megan = { tenantId: work('megan').tenantId, objectId: work('megan').objectId };
  await h.app.store.link(
    {
      user: { ...megan, displayName: 'Megan Bowen' },
      purpose: 'learning',
      personal: { accountId: personal('megan').objectId, displayName: 'Megan Bowen', maskedEmail: 'm***@outlook.com' },
    },
    h.clock.now(),
  );
  const association = (await h.app.store.list(megan)).find((a) => a.purpose === 'learning');
  assert.ok(association);
  const set = await h.app.stores.certifications.setShareLink(megan, association.id, 'share-id-megan', h.clock.now());
  assert.ok(set !== 'taken');
  const { linkId } = set;
  const cert = (name: string) => activeCertification(name);
  const record = {
    certifications: ['Azure Administrator Associate', 'Microsoft 365 Certified: Enterprise Administrator Expert'].map(
      cert,
    ),
    exams: [],
  };
  assert.equal(
    await h.app.stores.certifications.saveCertifications(megan, linkId, {
      record,
      fetchedAt: h.clock.now(),
      transcriptKey: 'transcript-megan',
      emailMatched: true,
    }),
    'saved',
  );
}
