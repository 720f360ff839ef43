// The Bot Framework activity as Teams sends and receives it (JSON on /api/messages and /v3/conversations),
// described by Partner Link itself: only the fields the product reads or writes. No SDK import here, so
// capabilities, proactive sends, the stand-ins and the tests describe the wire without the bot SDK.

export interface ChannelAccount {
  id?: string;
  name?: string;
  /** Teams: the person's Entra object id. */
  aadObjectId?: string;
  role?: string;
}

export interface ConversationAccount {
  id?: string;
  name?: string;
  /** personal, groupChat or channel. */
  conversationType?: string;
  isGroup?: boolean;
  tenantId?: string;
}

export interface Attachment {
  contentType: string;
  content?: unknown;
  contentUrl?: string;
  name?: string;
}

export interface Mention {
  type: string;
  text?: string;
  mentioned?: ChannelAccount;
}

/** One activity, inbound or outbound. Every field is optional on the wire. */
export interface WireActivity {
  type?: string;
  id?: string;
  name?: string;
  text?: string;
  value?: unknown;
  channelId?: string;
  serviceUrl?: string;
  timestamp?: Date | string;
  localTimestamp?: Date | string;
  locale?: string;
  localTimezone?: string;
  replyToId?: string;
  inputHint?: string;
  from?: ChannelAccount;
  recipient?: ChannelAccount;
  conversation?: ConversationAccount;
  channelData?: unknown;
  attachments?: Attachment[];
  entities?: Mention[];
  membersAdded?: ChannelAccount[];
  membersRemoved?: ChannelAccount[];
  /** installationUpdate: add, remove, add-upgrade, … */
  action?: string;
}

/** What the bot sends: an activity without the addressing, which the channel fills in. */
export type OutgoingActivity = Omit<WireActivity, 'from' | 'recipient' | 'conversation' | 'serviceUrl' | 'channelId'>;

/** Where a conversation is, enough to continue it later (Bot Framework's ConversationReference JSON). */
export interface ConversationReference {
  activityId?: string;
  user?: ChannelAccount;
  bot?: ChannelAccount;
  conversation?: ConversationAccount;
  channelId?: string;
  locale?: string;
  serviceUrl?: string;
}

/** `POST /v3/conversations`: a 1:1 chat the bot opens. */
export interface ConversationParameters {
  isGroup: boolean;
  bot: ChannelAccount;
  members: ChannelAccount[];
  tenantId: string;
  channelData: unknown;
}

/** The HTTP answer to an invoke activity. */
export interface InvokeAnswer {
  status: number;
  body?: unknown;
}
