// Several bot processes (`node dist/src/index.js`, as App Service runs each instance) in front of one
// sign-in stand-in and one Teams channel stand-in, as Teams would spread one person's turns over a
// scaled-out app. Each instance is its own process with its own port; what they share is the store
// given in `env` (an Azurite account for STORE=azure).
import { SignInStandIn, type SignInStandInOptions } from '../../src/stand-ins/sign-in-stand-in';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import { freePort, listeningAddress, runBot, type BotProcess } from './bot-process';
import { TeamsChat, type ChatUser } from './teams-chat';

export interface Instance {
  bot: BotProcess;
  url: string;
}

export class BotInstances {
  readonly signIn: SignInStandIn;
  readonly channel = new TeamsChannelStandIn();
  readonly instances: Instance[] = [];
  channelUrl = '';
  private signInUrl = '';

  /** `signIn`: the sign-in stand-in's options, e.g. a Graph organization and the tab app's HTTPS issuer. */
  constructor(signIn: SignInStandInOptions = {}) {
    this.signIn = new SignInStandIn(signIn);
  }

  /** `env` may be made from the started sign-in stand-in (its HTTPS issuer's URL). */
  async start(
    count: number,
    env: Record<string, string> | ((signIn: SignInStandIn) => Record<string, string>),
  ): Promise<this> {
    this.signInUrl = await this.signIn.start();
    this.channelUrl = await this.channel.start();
    const resolved = typeof env === 'function' ? env(this.signIn) : env;
    for (let i = 0; i < count; i += 1) await this.add(resolved);
    return this;
  }

  async add(env: Record<string, string>): Promise<Instance> {
    const port = await freePort();
    const bot = runBot({
      PORT: String(port),
      OAuthUrl: this.signInUrl,
      GRAPH_URL: this.signInUrl,
      TRAINING_URL: 'https://training.example.test/partner-university',
      LOG_LEVEL: 'info',
      ...env,
    });
    const address = await listeningAddress(bot);
    const instance = { bot, url: `http://127.0.0.1:${address.port}` };
    this.instances.push(instance);
    return instance;
  }

  /**
   * A person's 1:1 chat whose turns go to the instance `route()` names each time (Teams' load
   * balancer); `route` sees the turn number, starting at 0.
   */
  chat(user: ChatUser, route: (turn: number) => number): TeamsChat {
    let turn = 0;
    const chat = new TeamsChat(
      () => {
        const instance = this.instances[route(turn++) % this.instances.length];
        if (!instance) throw new Error('no bot instance is running');
        return instance.url;
      },
      this.channel,
      `${this.channelUrl}/amer/`,
      user,
    );
    this.channel.registerPersonalChat(user.tenantId, chat.userId, chat.conversationId);
    return chat;
  }

  /** The same person and conversation, with every turn sent to instance `index`. */
  sameChatOn(chat: TeamsChat, index: number): TeamsChat {
    const url = this.instances[index]?.url ?? '';
    return new TeamsChat(() => url, this.channel, `${this.channelUrl}/amer/`, chat.user, {
      conversationId: chat.conversationId,
      userId: chat.userId,
      conversationType: 'personal',
    });
  }

  /** SIGTERM to every instance still running; waits for each to exit. */
  async stop(): Promise<void> {
    for (const { bot } of this.instances) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
    }
    await Promise.all(
      this.instances.map(({ bot }) =>
        Promise.race([bot.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]).then(() => {
          if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
        }),
      ),
    );
    await this.channel.stop();
    await this.signIn.stop();
  }
}
