// Group chats and channels are seen by several people, so nothing about anyone's accounts is
// shown there and no sign-in happens there. What the bot answers in them: the welcome and help
// cards as usual; anything personal (link, status, remove, my data) continues in the person's 1:1
// chat, and the group gets one line addressed to them that names no account.
import type { Purpose } from '../associations/model';
import type { CardAction, ParsedCardAction } from '../cards/card-actions';
import { isMessage, type Answer, type MessageAnswer } from '../capability/capability-handler';
import type { Intent } from '../capability/intents';
import type { Turn } from '../channel/turn';
import type { OutgoingActivity } from '../channel/wire';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import { teamsUser } from '../sign-in/acting-user';
import { teamsInstallLink } from '../teams-app/install-link';

/** What continues in the person's 1:1 chat when asked for in a group chat or channel. */
export type PrivateRequest =
  { kind: 'link'; purpose: Purpose } | { kind: 'status' } | { kind: 'my-data' } | { kind: 'delete-data' };

export { isMessage, type Answer, type MessageAnswer };

export interface SharedConversationDeps {
  /** The Teams app id for the install link (org catalogue id when an admin uploaded the app). */
  teamsAppId: string | undefined;
  log: Logger;
  /** Carries out `request` in the person's 1:1 chat (a proactive turn there). */
  inPrivateChat: (personal: Turn, request: PrivateRequest) => Promise<void>;
  /** A press anyone may see answered in a group as in a 1:1 chat (welcome, help): nothing personal. */
  forAnyone: (turn: Turn, action: CardAction) => Promise<Answer>;
}

export class SharedConversation {
  constructor(private readonly deps: SharedConversationDeps) {}

  /** A button pressed in a group chat or channel. Never a card about someone's accounts. */
  async cardAction(turn: Turn, parsed: ParsedCardAction): Promise<Answer> {
    if (!parsed.ok) {
      this.deps.log.info({ event: 'card-action.rejected', problem: parsed.problem }, 'card action rejected');
      return { message: userMessage('bad-card-action-shared'), posted: false };
    }
    const action = parsed.action;
    switch (action.verb) {
      case 'welcome':
      case 'help':
        return this.deps.forAnyone(turn, action);
      case 'cancelSignIn':
        return { message: userMessage('no-sign-in-here'), posted: false };
      case 'link':
        return this.privately(turn, { kind: 'link', purpose: action.purpose });
      case 'dataExport':
        return this.privately(turn, { kind: 'my-data' });
      case 'deleteDataRequest':
      case 'deleteDataConfirm':
        return this.privately(turn, { kind: 'delete-data' });
      default:
        // status, remove and move: shown (and confirmed) only in the 1:1 chat.
        return this.privately(turn, { kind: 'status' });
    }
  }

  /**
   * A typed message in a group chat or channel: personal requests continue in the 1:1 chat; a
   * typed code or "cancel" reaches no one's sign-in. Returns false when the bot answers as usual.
   */
  async message(turn: Turn, intent: Intent): Promise<boolean> {
    if (intent.kind === 'cancel') {
      await turn.send(userMessage('no-sign-in-here'));
      return true;
    }
    const request = privateRequestFor(intent);
    if (!request) return false;
    await this.privately(turn, request);
    return true;
  }

  /** Says `line` in the group, addressed to the person, naming no account. */
  async tell(turn: Turn, line: string): Promise<void> {
    await turn.send(addressed(turn, line));
  }

  /** Continues `request` in the acting person's 1:1 chat; the group gets one line naming no account. */
  async privately(turn: Turn, request: PrivateRequest): Promise<MessageAnswer> {
    const outcome = await turn.privateChat((personal) => this.deps.inPrivateChat(personal, request));
    let line: string;
    if (outcome.kind === 'opened')
      line = userMessage(request.kind === 'link' ? 'private-sign-in-sent' : 'private-status-sent');
    else if (outcome.kind === 'not-installed') line = this.installLine(turn);
    else line = userMessage('private-chat-failed');
    await turn.send(addressed(turn, line));
    return { message: line, posted: true };
  }

  private installLine(turn: Turn): string {
    const link = teamsInstallLink(this.deps.teamsAppId, teamsUser(turn)?.tenantId);
    return link
      ? userMessage('private-chat-not-installed', { link })
      : userMessage('private-chat-not-installed-no-link');
  }
}

/**
 * Typed requests that show or change a person's accounts. Fail closed: only welcome, help and
 * "unknown" are answered in the group; anything else (status, refresh, …) continues in the 1:1 chat.
 */
function privateRequestFor(intent: Intent): PrivateRequest | undefined {
  switch (intent.kind) {
    case 'welcome':
    case 'help':
    case 'unknown':
    case 'cancel':
      return undefined;
    case 'my-data':
      return { kind: 'my-data' };
    case 'delete-my-data':
      return { kind: 'delete-data' };
    default:
      return { kind: 'status' };
  }
}

/** `line` addressed to the person who asked (a Teams mention), naming no account. */
function addressed(turn: Turn, line: string): OutgoingActivity {
  const from = turn.user;
  const name = (from.name ?? '').replace(/[<>&]/g, '').trim();
  if (!from.id || !name) return { type: 'message', text: line };
  const mention = `<at>${name}</at>`;
  return {
    type: 'message',
    text: `${mention} ${line}`,
    entities: [{ type: 'mention', text: mention, mentioned: { id: from.id, name } }],
  };
}
