// Drives the running bot over HTTP exactly as Teams does: activities with channelId `msteams`,
// the tenant in channelData, `aadObjectId` on `from`, replies arriving at the channel stand-in.
// Buttons are pressed by their visible title, as a person would.
import { randomUUID } from 'node:crypto';
import type { WireActivity } from '../../src/channel/wire';
import type { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import { completeSignIn } from './sign-in-page';

export interface ChatUser {
  name: string;
  tenantId: string;
  aadObjectId?: string;
}

export interface TurnResult {
  status: number;
  body: unknown;
  /** What the bot sent to the chat during this turn, in order. */
  replies: WireActivity[];
}

export type Card = Record<string, unknown>;

export interface Button {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  url?: string;
}

/** Where the chat happens: a 1:1 (default), or a group chat / channel shared with others. */
export interface ChatPlace {
  conversationId?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  /** The person's Teams id (29:…), the same in every conversation with the bot. */
  userId?: string;
}

export class TeamsChat {
  readonly conversationId: string;
  readonly userId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  private counter = 0;
  /** Cards replaced on screen by an invoke answer (Teams does this client-side). */
  private readonly answered = new Map<string, Card>();

  constructor(
    private readonly botUrl: () => string,
    readonly channel: TeamsChannelStandIn,
    private readonly serviceUrl: string,
    readonly user: ChatUser,
    place: ChatPlace = {},
  ) {
    this.conversationId = place.conversationId ?? `a:1${randomUUID().replace(/-/g, '')}`;
    this.userId = place.userId ?? `29:1${randomUUID().replace(/-/g, '')}`;
    this.conversationType = place.conversationType ?? 'personal';
  }

  activity(partial: WireActivity & Record<string, unknown>): Record<string, unknown> {
    this.counter += 1;
    return {
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      id: `incoming-${this.counter}-${randomUUID().slice(0, 8)}`,
      timestamp: new Date().toISOString(),
      from: {
        id: this.userId,
        name: this.user.name,
        ...(this.user.aadObjectId ? { aadObjectId: this.user.aadObjectId } : {}),
      },
      recipient: { id: '28:partner-link-bot', name: 'Partner Link' },
      conversation: {
        id: this.conversationId,
        conversationType: this.conversationType,
        tenantId: this.user.tenantId,
        ...(this.conversationType === 'personal' ? {} : { isGroup: true }),
      },
      channelData: { tenant: { id: this.user.tenantId } },
      locale: 'en-US',
      ...partial,
    };
  }

  /** Posts any body to /api/messages (also used for garbage) and collects the replies of that turn. */
  async post(body: unknown, headers: Record<string, string> = {}): Promise<TurnResult> {
    const snapshot = new Map(this.channel.activities(this.conversationId).map((a) => [a.id, JSON.stringify(a)]));
    const response = await fetch(`${this.botUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const now = this.channel.activities(this.conversationId);
    // A card the bot updated in place (PUT) shows the update from now on.
    for (const a of now) if (snapshot.has(a.id) && snapshot.get(a.id) !== JSON.stringify(a)) this.answered.delete(a.id);
    const replies = now.filter((a) => !snapshot.has(a.id));
    return { status: response.status, body: parsed, replies };
  }

  send(partial: WireActivity & Record<string, unknown>): Promise<TurnResult> {
    return this.post(this.activity(partial));
  }

  say(text: string): Promise<TurnResult> {
    return this.send({ type: 'message', text });
  }

  install(): Promise<TurnResult> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [
        { id: '28:partner-link-bot', name: 'Partner Link' },
        { id: this.userId, name: this.user.name },
      ],
    });
  }

  /** Presses an Action.Execute button on a card the bot sent; the invoke answer is the card that replaces it. */
  async press(cardActivityId: string, title: string): Promise<TurnResult & { card: Card }> {
    const result = await this.pressButton(cardActivityId, title);
    const answered = invokeCard(result.body);
    // Teams replaces the pressed card with the invoke's answer on screen.
    this.answered.set(cardActivityId, answered);
    return { ...result, card: answered };
  }

  /**
   * Presses a button whose answer may be a message instead of a card (Universal Actions'
   * `application/vnd.microsoft.activity.message`: the card stays, the presser sees the text).
   */
  async pressForMessage(cardActivityId: string, title: string): Promise<TurnResult & { message: string }> {
    const result = await this.pressButton(cardActivityId, title);
    const body = result.body as { type?: unknown; value?: unknown } | undefined;
    if (body?.type !== 'application/vnd.microsoft.activity.message' || typeof body.value !== 'string') {
      throw new Error(`The invoke answer is not a message: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return { ...result, message: body.value };
  }

  private async pressButton(cardActivityId: string, title: string): Promise<TurnResult> {
    const card = this.cardOf(cardActivityId);
    const button = buttons(card).find((b) => b.title === title);
    if (!button)
      throw new Error(
        `No button "${title}" on the card; it has: ${buttons(card)
          .map((b) => b.title)
          .join(', ')}`,
      );
    if (button.type !== 'Action.Execute') throw new Error(`"${title}" is a ${button.type}, not a bot action`);
    const result = await this.send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: cardActivityId,
      value: { action: { type: 'Action.Execute', verb: button.verb, data: button.data ?? {} }, trigger: 'manual' },
    });
    return result;
  }

  /** The latest card currently shown in the chat (after updates) whose text includes `containing`. */
  latestCard(containing?: string): { id: string; card: Card } {
    const shown = this.channel
      .activities(this.conversationId)
      .map((a) => ({ id: a.id, card: this.answered.get(a.id) ?? adaptiveCardOf(a) }))
      .filter(
        (x): x is { id: string; card: Card } =>
          x.card !== undefined && (!containing || JSON.stringify(x.card).includes(containing)),
      );
    const last = shown.at(-1);
    if (!last) throw new Error(`No card${containing ? ` containing "${containing}"` : ''} in the chat`);
    return last;
  }

  cardOf(activityId: string): Card {
    const activity = this.channel.activities(this.conversationId).find((a) => a.id === activityId);
    const card = this.answered.get(activityId) ?? (activity ? adaptiveCardOf(activity) : undefined);
    if (!card) throw new Error(`Activity ${activityId} holds no Adaptive Card`);
    return card;
  }

  /** The newest OAuth card's sign-in link (Teams shows it as the Sign in button). */
  latestSignInLink(): { connectionName: string; link: string } {
    const oauth = this.channel
      .activities(this.conversationId)
      .flatMap((a) => a.attachments ?? [])
      .filter((att) => att.contentType === 'application/vnd.microsoft.card.oauth')
      .at(-1);
    const content = oauth?.content as { connectionName?: string; buttons?: { value?: string }[] } | undefined;
    const link = content?.buttons?.[0]?.value;
    if (!content?.connectionName || !link) throw new Error('No OAuth card with a sign-in link in the chat');
    return { connectionName: content.connectionName, link };
  }

  /**
   * signin/tokenExchange as Teams sends it for the newest sign-in card of `connectionName` that offers
   * Teams SSO, with `ssoToken` (the token Teams got for that card's audience). Throws when there is none.
   */
  tokenExchange(
    ssoToken: (audience: string) => string,
    connectionName = 'WorkAccount',
  ): WireActivity & Record<string, unknown> {
    const resource = this.channel
      .activities(this.conversationId)
      .flatMap((a) => a.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.oauth')
      .map((a) => a.content as { connectionName?: string; tokenExchangeResource?: { id: string; uri: string } })
      .filter((card) => card.connectionName === connectionName && card.tokenExchangeResource)
      .at(-1)?.tokenExchangeResource;
    if (!resource) throw new Error(`No ${connectionName} sign-in card offering Teams SSO in the chat`);
    return {
      type: 'invoke',
      name: 'signin/tokenExchange',
      value: { id: resource.id, connectionName, token: ssoToken(resource.uri) },
    };
  }

  /** A person opens the sign-in card's link, picks `email`, and Teams sends signin/verifyState with the code. */
  async signInAs(email: string, via: 'verifyState' | 'typed-code' = 'verifyState'): Promise<TurnResult> {
    const code = await completeSignIn(this.latestSignInLink().link, email);
    if (via === 'typed-code') return this.say(code);
    return this.send({ type: 'invoke', name: 'signin/verifyState', value: { state: code } });
  }
}

/** The connection an OAuth (sign-in) card in this turn's replies asks for, if any. */
export function oauthCardIn(turn: TurnResult): string | undefined {
  const card = turn.replies
    .flatMap((r) => r.attachments ?? [])
    .find((a) => a.contentType === 'application/vnd.microsoft.card.oauth');
  return (card?.content as { connectionName?: string } | undefined)?.connectionName;
}

export function adaptiveCardOf(activity: WireActivity): Card | undefined {
  const attachment = activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as Card | undefined;
}

export function invokeCard(body: unknown): Card {
  const value = (body as { value?: unknown } | undefined)?.value;
  if (!value || typeof value !== 'object') throw new Error(`The invoke answer holds no card: ${JSON.stringify(body)}`);
  return value as Card;
}

/** Every action on a card, including those inside ActionSets, in document order. */
export function buttons(card: unknown): Button[] {
  const found: Button[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string') {
      found.push(record as unknown as Button);
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

/** All visible text on a card, joined, for "the user sees X" assertions. */
/** What a reader sees of Markdown text: bold markers gone, backslash escapes resolved. */
export function shown(markdown: string): string {
  return markdown.replace(/\\(.)|\*\*/g, (_match, escaped: string | undefined) => escaped ?? '');
}

export function cardText(card: unknown): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.text === 'string') texts.push(shown(record.text));
    if (typeof record.title === 'string') texts.push(record.title);
    if (typeof record.value === 'string' && typeof record.title === 'string' && record.type === undefined)
      texts.push(shown(record.value));
    Object.values(record).forEach(visit);
  };
  visit(card);
  return texts.join('\n');
}

export function replyTexts(replies: WireActivity[]): string {
  return replies
    .map((r) =>
      [
        shown(r.text ?? ''),
        ...(r.attachments ?? []).map((a) =>
          a.contentType === 'application/vnd.microsoft.card.adaptive' ? cardText(a.content) : JSON.stringify(a.content),
        ),
      ].join('\n'),
    )
    .join('\n');
}
