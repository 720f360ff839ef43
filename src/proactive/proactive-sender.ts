// What the worker sends through: a connection to one Teams service URL with the bot's own credentials
// and no HTTP retries of its own (the channel's connector-sender.ts; tests give their own).
import type { ConversationParameters, WireActivity } from '../channel/wire';

/** A connection to one Teams service URL; `post` is the one call the worker makes per job. */
export interface ProactiveChannel {
  post(conversationId: string, activity: WireActivity): Promise<{ id?: string }>;
  /** `POST /v3/conversations`: a 1:1 with someone the bot has no conversation with yet. */
  createConversation?(parameters: ConversationParameters): Promise<{ id?: string }>;
}

export interface ProactiveSender {
  /** Everything that can fail before a request leaves (client, credentials), so it is not "in doubt". */
  connect(serviceUrl: string): Promise<ProactiveChannel>;
}
