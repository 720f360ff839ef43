// Sends proactive activities with the bot's own credentials, through botbuilder's own connector
// client, with botbuilder's HTTP retries TURNED OFF. The Bot Connector takes no idempotency key, so a
// re-POST after a lost response can deliver a message twice; the send queue decides about retries.
//
// Measured in botbuilder 4.23.3 (node_modules/botframework-connector, botbuilder-stdlib): the
// ConnectorClient is an @azure/core-client ServiceClient whose pipeline always holds
// core-rest-pipeline's `defaultRetryPolicy` (phase "Retry": 3 retries; throttling strategy on 429/503
// with Retry-After, exponential strategy on 5xx except 501/505, 408, and ECONNRESET/ETIMEDOUT/...).
// ConnectorFactoryImpl overwrites `requestPolicyFactories` with its own accept-header policy, and
// the compat layer ignores `noRetryPolicy` ("do something with noPolicy option"), so options cannot
// turn retries off. We remove the Retry phase from the client's pipeline instead, and refuse to send
// if the pipeline is not shaped as measured (failing closed rather than risking double delivery).
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Activity, ConversationParameters } from 'botframework-schema';
import type { ProactiveChannel, ProactiveSender } from '../proactive/proactive-sender';

interface PipelineLike {
  removePolicy(options: { phase?: string; name?: string }): unknown[];
  getOrderedPolicies(): { name: string }[];
}

export class RetriesNotRemovableError extends Error {
  constructor(detail: string) {
    super(
      `Cannot turn off botbuilder's HTTP retries for proactive sends (${detail}); refusing to send rather than risk a message delivered twice.`,
    );
    this.name = 'RetriesNotRemovableError';
  }
}

/** Removes every retry policy from a botbuilder ConnectorClient's HTTP pipeline, in place. */
export function withoutHttpRetries(connector: ConnectorClient): ConnectorClient {
  // `client` is private in the typings of botbuilder-stdlib's ServiceClientContext.
  const pipeline = (connector as unknown as { client?: { pipeline?: Partial<PipelineLike> } }).client?.pipeline;
  if (!pipeline || typeof pipeline.removePolicy !== 'function' || typeof pipeline.getOrderedPolicies !== 'function') {
    throw new RetriesNotRemovableError('the connector client has no core-rest-pipeline pipeline');
  }
  pipeline.removePolicy({ phase: 'Retry' });
  const left = pipeline.getOrderedPolicies().map((policy) => policy.name);
  if (left.some((name) => /retry/i.test(name)))
    throw new RetriesNotRemovableError(`retry policies left: ${left.join(', ')}`);
  return connector;
}

export interface ConnectorSenderOptions {
  auth: BotFrameworkAuthentication;
  /** The bot's app id ('' locally, with channel authentication off). */
  botAppId: string;
  /** Past this, the response counts as lost (the send is in doubt). */
  timeoutMs: number;
}

/** Sends through the bot's connector (its credentials, its token cache) with retries off. */
export class ConnectorSender implements ProactiveSender {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly options: ConnectorSenderOptions) {}

  async connect(serviceUrl: string): Promise<ProactiveChannel> {
    const connector = await this.client(serviceUrl);
    // Fetch (or reuse) the bot's token now: a token service outage must not look like a lost send.
    const credentials = connector.credentials as { appId?: string; getToken?: () => Promise<string> };
    if (credentials.appId && typeof credentials.getToken === 'function') await credentials.getToken();
    const timeout = this.options.timeoutMs;
    return {
      post: async (conversationId, activity) => {
        const response = await connector.conversations.sendToConversation(
          conversationId,
          activity as Partial<Activity>,
          { timeout },
        );
        return { id: response.id };
      },
      createConversation: async (parameters) => {
        const response = await connector.conversations.createConversation(parameters as ConversationParameters, {
          timeout,
        });
        return { id: response.id };
      },
    };
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    const cached = this.clients.get(serviceUrl);
    if (cached) return cached;
    // The same claims CloudAdapter.continueConversationAsync builds for a proactive turn.
    const appId = this.options.botAppId;
    const identity = new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: appId },
        { type: AuthenticationConstants.AppIdClaim, value: appId },
      ],
      true,
    );
    const client = this.options.auth
      .createConnectorFactory(identity)
      .create(serviceUrl, undefined)
      .then(withoutHttpRetries);
    void client.catch(() => this.clients.delete(serviceUrl));
    this.clients.set(serviceUrl, client);
    // Bounded: a handful of Teams regions in practice; never grow without limit.
    if (this.clients.size > 64) this.clients.delete(this.clients.keys().next().value as string);
    return client;
  }
}
