// Teams sends signin/tokenExchange once per Teams client that shows the sign-in card (desktop and phone
// alike), all with the same exchange id: only the first goes on to the pending sign-in; the others are
// answered 200 and change nothing, on whichever instance they land. One row per person per
// conversation in the bot's state storage holds the last exchange id; it is created, or updated only if
// unchanged since read, so two copies arriving at once cannot both go on.
import type { Turn } from '../channel/turn';
import { CREATE_ONLY, type StateStorage } from '../storage/state-storage';

/** Teams' exchange ids are GUID-sized; anything longer is not deduplicated (and the prompt refuses it). */
const MAX_ID = 256;

export class SsoExchanges {
  constructor(private readonly storage: StateStorage) {}

  /** Whether this signin/tokenExchange is the first with its id here (a copy from another client is not). */
  async first(turn: Turn): Promise<boolean> {
    const id = (turn.value as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '' || id.length > MAX_ID) return true;
    const key = `sso-exchange/${turn.channelId ?? ''}/${turn.conversation.id ?? ''}/${turn.user.id ?? ''}`;
    const stored = (await this.storage.read([key]))[key] as { id?: unknown; eTag?: string } | undefined;
    if (stored?.id === id) return false;
    try {
      // Nothing stored: created, once; stored: changed only if unchanged since read.
      await this.storage.write({ [key]: { id, eTag: stored?.eTag ?? CREATE_ONLY } });
      return true;
    } catch (error) {
      if (error instanceof Error && /etag conflict/i.test(error.message)) return false;
      throw error;
    }
  }
}
