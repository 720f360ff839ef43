// The send queue's delivery across instances: Azure Storage Queue messages that carry only a job id
// (the record in Table Storage says everything else). A received message is invisible for the lease;
// a job that must wait gets a message that stays invisible until its time, at most the queue's
// 7 days (on receipt the record is checked again and, if still early, the wait is renewed). The
// dequeue count says how often a message was taken and not finished: past the limit it moves to the
// dead-letter queue, where the operator can count it. Messages are hints; losing or repeating one
// never sends twice, because the job record decides.
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { statusOf } from './table-errors';

/** The longest a queue message may stay invisible: 7 days, minus a margin for clock differences. */
export const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600 - 60;

export interface Receipt {
  messageId: string;
  popReceipt: string;
}

export function visibilitySeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(ms / 1000)));
}

/** A message's receipt is stale (someone received or changed it since) or it is gone: nothing to do. */
function isStaleReceipt(error: unknown): boolean {
  const status = statusOf(error);
  return status === 404 || status === 400;
}

export class JobMessages {
  /** The receipt of each message this object received and has not finished with, by job id. */
  private readonly receipts = new Map<number, Receipt>();

  constructor(
    private readonly queue: QueueClient,
    private readonly dead: QueueClient,
  ) {}

  /** A message for job `id`, invisible for `delayMs` (capped at 7 days). Never expires. */
  async send(id: number, delayMs: number): Promise<void> {
    await this.queue.sendMessage(String(id), { visibilityTimeout: visibilitySeconds(delayMs), messageTimeToLive: -1 });
  }

  async receive(count: number, leaseMs: number): Promise<DequeuedMessageItem[]> {
    const received = await this.queue.receiveMessages({
      numberOfMessages: Math.min(32, Math.max(1, count)),
      visibilityTimeout: Math.max(1, visibilitySeconds(leaseMs)),
    });
    return received.receivedMessageItems;
  }

  /** Whether any message is visible now (without taking it). */
  async peek(): Promise<boolean> {
    return (await this.queue.peekMessages({ numberOfMessages: 1 })).peekedMessageItems.length > 0;
  }

  /** Keeps the message out of sight for `ms` more (a new pop receipt; the dequeue count stays). */
  async hide(message: DequeuedMessageItem, ms: number): Promise<void> {
    await this.queue
      .updateMessage(message.messageId, message.popReceipt, message.messageText, visibilitySeconds(ms))
      .catch(ignoreStale);
  }

  async remove(message: Receipt): Promise<void> {
    await this.queue.deleteMessage(message.messageId, message.popReceipt).catch(ignoreStale);
  }

  /** A wait that is the job's own (retry, release, not yet due): a fresh message, so the count restarts. */
  async replace(message: DequeuedMessageItem, id: number, delayMs: number): Promise<void> {
    await this.send(id, delayMs);
    await this.remove(message);
  }

  /** Moves the message to the dead-letter queue (the copy first, so it is never lost between). */
  async deadLetter(message: DequeuedMessageItem): Promise<void> {
    await this.dead.sendMessage(message.messageText, { messageTimeToLive: -1 });
    await this.remove(message);
  }

  /** Messages in the dead-letter queue (approximate, as the service counts them). */
  async deadLettered(): Promise<number> {
    return (await this.dead.getProperties()).approximateMessagesCount ?? 0;
  }

  hold(id: number, message: DequeuedMessageItem): void {
    if (this.receipts.size >= 10_000) this.receipts.clear();
    this.receipts.set(id, { messageId: message.messageId, popReceipt: message.popReceipt });
  }

  /** The job is finished with (sent, settled, or given back with a new message): its message goes. */
  async finish(id: number): Promise<void> {
    const receipt = this.receipts.get(id);
    this.receipts.delete(id);
    if (receipt) await this.remove(receipt);
  }
}

function ignoreStale(error: unknown): void {
  if (!isStaleReceipt(error)) throw error;
}
