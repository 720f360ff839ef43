// Team status in the 1:1 chat, as a capability of the router: the intent "team status" / "my team" /
// "my whole org" and the team card's verbs teamPage, teamRemind, teamExport. Who is asking comes from
// the activity (tenant, aadObjectId), the roster from Graph with the person's own work token (the
// sign-in card first when the token service has none), and every press is bound to the presser and
// re-authorized by the service, which also checks that the token is the asker's own: when it is not
// (someone signed in with a colleague's account), the work connection is signed out here and the
// person told so. Export sends Teams' file consent card; its accept comes back as a
// fileConsent/invoke (`fileConsent`). "@Partner Link team status" in a team channel is answered there
// (`inShared`), and the work sign-in this asks for is answered once redeemed (`signIn`).
import { cardAttachment } from '../cards/card-attachment';
import type { Intent } from '../capability/intents';
import { card, text, type AdaptiveCard } from '../cards/card-elements';
import type { Actor, Answer, CapabilityHandler, Redeemed, SignInFollowUp } from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import type { ConversationReference, InvokeAnswer } from '../channel/wire';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import {
  fileConsentCard,
  fileConsentInvokeSchema,
  fileInfoCard,
  hostForLog,
  isAllowedFileUrl,
  uploadToConsentUrl,
  type ExportContext,
} from './file-consent';
import type { TeamScope } from './model';
import { bindToPresser, type TeamAction, type TeamVerb } from './team-actions';
import type { TeamStatusArgs, TeamStatusService, Viewer } from './team-status-service';
import { progressCard } from './remind-progress-card';
import type { RemindProgressUpdater } from './remind-progress-updater';
import type { WorkPurpose } from '../channel/sign-in-prompts';
import type { WorkSignIn } from '../sign-in/work-sign-in';

export type PendingTeamRequest = { scope: TeamScope; teamId?: string };

/** Team status's work sign-in, and what its sign-in card says the work account is for. */
export const TEAM_STATUS_SIGN_IN: WorkPurpose = { id: 'team-status', text: userMessage('team-sign-in-card') };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The team's Entra group id (aadGroupId) from a channel activity, never the 19:… channel id. */
export async function teamGroupId(turn: Turn): Promise<{ id: string; name?: string } | undefined> {
  const team = (turn.activity.channelData as { team?: { aadGroupId?: unknown; name?: unknown } } | undefined)?.team;
  if (typeof team?.aadGroupId === 'string' && GUID.test(team.aadGroupId))
    return {
      id: team.aadGroupId.toLowerCase(),
      ...(typeof team.name === 'string' ? { name: team.name.slice(0, 120) } : {}),
    };
  try {
    const details = await turn.teamDetails();
    return details.aadGroupId && GUID.test(details.aadGroupId)
      ? { id: details.aadGroupId.toLowerCase(), ...(details.name ? { name: details.name.slice(0, 120) } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

export interface TeamStatusHandlerDeps {
  service: TeamStatusService;
  /** The work sign-in team status asks for (sign-in/work-sign-in.ts). */
  workSignIn: WorkSignIn<PendingTeamRequest>;
  log: Logger;
  /** Keeps the progress card up to date in place (remind-progress-updater.ts). */
  progress?: RemindProgressUpdater;
  /** Local use with the stand-ins: the CSV may go to this machine (the channel stand-in's OneDrive). */
  allowLoopbackUploads?: boolean;
  /** TEAMS_APP_ID: the progress card's install link for people without the app. */
  teamsAppId?: string | undefined;
}

const messageCard = (sentence: string): AdaptiveCard => card([text(sentence)]);

/** Updates a reminder progress card in place, later, in the conversation it was sent to (as the bot). */
export function progressCardUpdates(conversations: {
  continueConversation(reference: Partial<ConversationReference>, logic: (turn: Turn) => Promise<void>): Promise<void>;
}) {
  return (reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCard): Promise<void> =>
    conversations.continueConversation(reference, (turn) =>
      turn.update(activityId, { type: 'message', attachments: [cardAttachment(card)] }),
    );
}

export class TeamStatusHandler implements CapabilityHandler<TeamVerb, 'team-status'> {
  readonly verbs = ['teamPage', 'teamRemind', 'teamExport'] as const;
  readonly intents = ['team-status'] as const;
  /** Walking Graph, queuing reminders, computing an export. */
  readonly slow = { verbs: ['teamPage', 'teamRemind', 'teamExport'] as const, intents: ['team-status'] as const };
  readonly inShared = {
    intents: ['team-status'] as const,
    answer: (turn: Turn, user: Actor) => this.inChannel(turn, user),
  };
  /** Accepted, the CSV is computed again and uploaded: slow. Declined: one line. */
  readonly invokes = {
    names: ['fileConsent/invoke'],
    answer: (turn: Turn, user: Actor) => this.fileConsent(turn, user),
    slow: (turn: Turn) => (turn.value as { action?: unknown } | undefined)?.action === 'accept',
  };
  readonly signIn: SignInFollowUp<PendingTeamRequest>;

  constructor(private readonly deps: TeamStatusHandlerDeps) {
    this.signIn = {
      id: TEAM_STATUS_SIGN_IN.id,
      afterSignIn: (turn, user, redeemed) => this.afterSignIn(turn, user, redeemed),
    };
  }

  async answer(turn: Turn, user: Actor, intent: Extract<Intent, { kind: 'team-status' }>): Promise<AdaptiveCard> {
    const viewer = viewerOf(user);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    const token = await this.deps.workSignIn.token(turn);
    if (!token) return this.askSignIn(turn, viewer, { scope: intent.scope });
    return this.view(turn, viewer, token, { scope: intent.scope, filter: 'all', page: 0 });
  }

  /** After the work sign-in (SSO exchange, sign-in card or typed code): the view that was asked for. */
  private async afterSignIn(
    turn: Turn,
    user: Actor,
    { request, token }: Redeemed<PendingTeamRequest>,
  ): Promise<AdaptiveCard> {
    const viewer = viewerOf(user);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    return this.requested(turn, viewer, request, token);
  }

  /** The first page of what was asked for before the sign-in. */
  private requested(turn: Turn, viewer: Viewer, request: PendingTeamRequest, token: string): Promise<AdaptiveCard> {
    return this.view(turn, viewer, token, {
      scope: request.scope,
      filter: 'all',
      page: 0,
      ...(request.teamId ? { teamId: request.teamId } : {}),
    });
  }

  /**
   * "@Partner Link team status" in a team channel: counts only there (no names), for anyone. In the
   * asker's 1:1 chat, the per-person detail of the members they manage (a partner admin: everyone)
   * — decided by the service with the asker's own token; anyone else is told so there.
   */
  private async inChannel(turn: Turn, user: Actor): Promise<void> {
    const viewer = viewerOf(user);
    const team = turn.conversation.type === 'channel' ? await teamGroupId(turn) : undefined;
    if (!viewer || !team) {
      await turn.send(userMessage('team-channel-only'));
      return;
    }
    const counts = await this.deps.service.channelCounts({
      viewer,
      teamId: team.id,
      ...(team.name ? { teamName: team.name } : {}),
    });
    if (counts.kind !== 'card') {
      await turn.send(counts.message);
      return;
    }
    await turn.send({ attachments: [cardAttachment(counts.card)] });
    await turn.privateChat(async (personal) => {
      const token = await this.deps.workSignIn.token(personal);
      const answer = token
        ? await this.view(personal, viewer, token, { scope: 'team', filter: 'all', page: 0, teamId: team.id })
        : await this.askSignIn(personal, viewer, { scope: 'team', teamId: team.id });
      await personal.send({ attachments: [cardAttachment(answer)] });
    });
  }

  async handle(turn: Turn, user: Actor, action: TeamAction): Promise<Answer> {
    const viewer = viewerOf(user);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    const bound = bindToPresser(action, { oid: viewer.oid, tenant: viewer.tenantId });
    if (!bound.ok) {
      this.deps.log.info(
        { event: 'team.press-refused', reason: bound.reason },
        'a team card pressed by someone it was not made for',
      );
      return messageCard(userMessage('team-not-allowed'));
    }
    const token = await this.deps.workSignIn.token(turn);
    if (!token)
      return this.askSignIn(turn, viewer, { scope: bound.scope, ...(bound.teamId ? { teamId: bound.teamId } : {}) });
    const args: TeamStatusArgs = {
      viewer,
      userToken: token,
      scope: bound.scope,
      filter: bound.filter,
      page: bound.page,
      ...(bound.teamId ? { teamId: bound.teamId } : {}),
    };
    if (bound.verb === 'teamPage') return this.view(turn, viewer, token, args);
    if (bound.verb === 'teamRemind') {
      const serviceUrl = turn.activity.serviceUrl;
      const botId = turn.activity.recipient?.id;
      if (!serviceUrl || !botId) return messageCard(userMessage('team-graph-unavailable'));
      const run = await this.checked(
        turn,
        await this.deps.service.remindUnlinked({ ...args, target: { serviceUrl, botId } }),
      );
      if (run.kind !== 'queued') return messageCard(run.message);
      const back: TeamAction = { ...action, verb: 'teamPage', page: bound.page, filter: bound.filter };
      const activityId = turn.activity.replyToId;
      if (this.deps.progress && activityId)
        await this.deps.progress.track(
          { viewer, batch: run.batch, reference: turn.reference(), activityId, intro: run.message, back },
          run.progress,
        );
      return progressCard(run.progress, run.message, back, this.deps.teamsAppId);
    }
    const exported = await this.checked(turn, await this.deps.service.exportCsv(args));
    if (exported.kind !== 'csv') return messageCard(exported.message);
    const exportContext: ExportContext = {
      kind: 'teamExport',
      scope: bound.scope,
      filter: bound.filter,
      managerOid: viewer.oid,
      tenant: viewer.tenantId,
      ...(bound.teamId ? { teamId: bound.teamId } : {}),
    };
    await turn.send({
      attachments: [fileConsentCard(exported.fileName, Buffer.byteLength(exported.csv, 'utf8'), exportContext)],
    });
    return this.view(turn, viewer, token, args);
  }

  /** fileConsent/invoke: on accept, the CSV is computed again (re-authorized) and uploaded. */
  private async fileConsent(turn: Turn, user: Actor): Promise<InvokeAnswer> {
    const parsed = fileConsentInvokeSchema.safeParse(turn.value);
    const viewer = viewerOf(user);
    if (!parsed.success || !viewer) return { status: 400 };
    const invoke = parsed.data;
    if (invoke.action === 'decline') {
      await turn.send(userMessage('team-export-declined'));
      return { status: 200 };
    }
    const rules = { allowLoopback: this.deps.allowLoopbackUploads ?? false };
    const elsewhere =
      invoke.uploadInfo &&
      [invoke.uploadInfo.uploadUrl, invoke.uploadInfo.contentUrl].find((url) => !isAllowedFileUrl(url, rules));
    if (elsewhere !== undefined) {
      this.deps.log.warn(
        { event: 'team.export.upload-refused', host: hostForLog(elsewhere) },
        'the file consent named a place to upload to that is not OneDrive for Business: nothing was uploaded',
      );
      await turn.send(userMessage('team-export-not-onedrive'));
      return { status: 200 };
    }
    const bound = bindToPresser(
      {
        verb: 'teamExport',
        scope: invoke.context.scope,
        filter: invoke.context.filter,
        page: 0,
        managerOid: invoke.context.managerOid,
        tenant: invoke.context.tenant,
        ...(invoke.context.teamId ? { teamId: invoke.context.teamId } : {}),
      },
      { oid: viewer.oid, tenant: viewer.tenantId },
    );
    const token = await this.deps.workSignIn.token(turn);
    if (!bound.ok || !token || !invoke.uploadInfo) {
      await turn.send(userMessage(bound.ok ? 'team-sign-in-again' : 'team-not-allowed'));
      return { status: 200 };
    }
    const exported = await this.checked(
      turn,
      await this.deps.service.exportCsv({
        viewer,
        userToken: token,
        scope: bound.scope,
        filter: bound.filter,
        page: 0,
        ...(bound.teamId ? { teamId: bound.teamId } : {}),
      }),
    );
    if (exported.kind !== 'csv') {
      await turn.send(exported.message);
      return { status: 200 };
    }
    const uploaded = await uploadToConsentUrl(invoke.uploadInfo.uploadUrl, Buffer.from(exported.csv, 'utf8'), rules);
    if (!uploaded.ok) {
      this.deps.log.warn({ event: 'team.export.upload-failed', reason: uploaded.reason }, 'the CSV upload failed');
      await turn.send(userMessage('team-graph-unavailable'));
      return { status: 200 };
    }
    await turn.send({ attachments: [fileInfoCard(invoke.uploadInfo)] });
    return { status: 200 };
  }

  private async view(
    turn: Turn,
    viewer: Viewer,
    token: string,
    args: Omit<TeamStatusArgs, 'viewer' | 'userToken'>,
  ): Promise<AdaptiveCard> {
    const result = await this.checked(turn, await this.deps.service.teamStatus({ ...args, viewer, userToken: token }));
    return result.kind === 'card' ? result.card : messageCard(result.message);
  }

  /** A token that is not the asker's own was refused by the service: forget it at the token service too. */
  private async checked<T extends { kind: string }>(turn: Turn, result: T): Promise<T> {
    if (result.kind !== 'wrong-account') return result;
    try {
      await this.deps.workSignIn.signOut(turn);
    } catch (error) {
      // The refusal stands (nothing was shown); the token expires on its own. Worth an operator's look.
      this.deps.log.warn(
        { event: 'token-service.sign-out-failed', err: error instanceof Error ? error.name : 'unknown' },
        'sign-out after a refused team-status token failed',
      );
    }
    return result;
  }

  /** The work sign-in card (sent by the sign-in path), and the line that says what it is for. */
  private async askSignIn(turn: Turn, viewer: Viewer, request: PendingTeamRequest): Promise<AdaptiveCard> {
    const asked = await this.deps.workSignIn.ask(turn, request);
    if (typeof asked === 'object') return this.requested(turn, viewer, request, asked.token);
    return messageCard(userMessage(asked === 'link-pending' ? 'sign-in-already-pending' : 'team-sign-in-first'));
  }
}

const viewerOf = (user: Actor): Viewer | undefined =>
  user ? { tenantId: user.tenantId, oid: user.objectId } : undefined;
