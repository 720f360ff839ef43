// Team status in the 1:1 chat, as a capability of the router: the intent "team status" / "my team" /
// "my whole org" and the team card's verbs teamPage, teamRemind, teamExport. Who is asking comes from
// the activity (tenant, aadObjectId), the roster from Graph with the person's own work token (the
// sign-in card first when the token service has none), and every press is bound to the presser and
// re-authorized by the service, which also checks that the token is the asker's own: when it is not
// (someone signed in with a colleague's account), the work connection is signed out here and the
// person told so. Export sends Teams' file consent card; its accept comes back as a
// fileConsent/invoke (`fileConsent`).
import { TeamsInfo, TurnContext, type InvokeResponse } from 'botbuilder';
import { cardAttachment } from '../cards/card-attachment';
import type { Intent } from '../capability/intents';
import { card, execute, heading, text, type AdaptiveCard } from '../cards/card-elements';
import type { Answer, CapabilityHandler, TurnKit } from '../capability/capability-handler';
import { userMessage } from '../errors';
import type { Logger } from '../log';
import type { RemindProgress } from '../proactive/link-reminders';
import { fileConsentCard, fileConsentInvokeSchema, fileInfoCard, hostForLog, isAllowedFileUrl, uploadToConsentUrl, type ExportContext } from './file-consent';
import type { TeamScope } from './model';
import { bindToPresser, type TeamAction, type TeamVerb } from './team-actions';
import type { TeamStatusArgs, TeamStatusService, Viewer } from './team-status-service';
import type { RemindProgressUpdater } from './remind-progress-updater';
import type { WorkSignIn } from './work-sign-in';

/** What a work sign-in was asked for: a team view, or (`forecast`) the manager's skilling forecast. */
export type PendingTeamRequest = { scope: TeamScope; teamId?: string; forecast?: true };

/** Opens the asker's 1:1 chat (bot/private-chat.ts), as the router lends it. */
export type OpenPrivateChat = (context: TurnContext, logic: (personal: TurnContext) => Promise<void>) => Promise<{ kind: string }>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The team's Entra group id (aadGroupId) from a channel activity, never the 19:… channel id. */
export async function teamGroupId(context: TurnContext): Promise<{ id: string; name?: string } | undefined> {
  const team = (context.activity.channelData as { team?: { aadGroupId?: unknown; name?: unknown } } | undefined)?.team;
  if (typeof team?.aadGroupId === 'string' && GUID.test(team.aadGroupId)) return { id: team.aadGroupId.toLowerCase(), ...(typeof team.name === 'string' ? { name: team.name.slice(0, 120) } : {}) };
  try {
    const details = await TeamsInfo.getTeamDetails(context);
    return details.aadGroupId && GUID.test(details.aadGroupId) ? { id: details.aadGroupId.toLowerCase(), ...(details.name ? { name: details.name.slice(0, 120) } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

export interface TeamStatusHandlerDeps {
  service: TeamStatusService;
  kit: TurnKit;
  signIn: WorkSignIn<PendingTeamRequest>;
  log: Logger;
  /** Keeps the progress card up to date in place (remind-progress-updater.ts). */
  progress?: RemindProgressUpdater;
  /** Local use with the stand-ins: the CSV may go to this machine (the channel stand-in's OneDrive). */
  allowLoopbackUploads?: boolean;
  /** The manager's skilling forecast, when the sign-in was asked for it (forecast/forecast-handler.ts). */
  forecast?: (context: TurnContext, token: string) => Promise<AdaptiveCard>;
}

const messageCard = (sentence: string): AdaptiveCard => card([text(sentence)]);

export function progressCard(progress: RemindProgress, intro: string, back: TeamAction): AdaptiveCard {
  return card(
    [
      heading('Reminders', 'large'),
      text(intro),
      {
        type: 'FactSet',
        facts: [
          { title: 'Sent', value: String(progress.sent) },
          { title: 'Waiting', value: String(progress.waiting) },
          { title: "Can't reach (app not installed)", value: String(progress.cantReach) },
          { title: 'In doubt (maybe sent, never repeated)', value: String(progress.inDoubt) },
          { title: 'Failed', value: String(progress.failed) },
        ],
      },
    ],
    [execute('Back to the team', back)],
  );
}

export class TeamStatusHandler implements CapabilityHandler<TeamVerb, 'team-status'> {
  readonly verbs = ['teamPage', 'teamRemind', 'teamExport'] as const;
  readonly intents = ['team-status'] as const;
  /** Walking Graph, queuing reminders, computing an export. */
  readonly slow = { verbs: ['teamPage', 'teamRemind', 'teamExport'] as const, intents: ['team-status'] as const };

  constructor(private readonly deps: TeamStatusHandlerDeps) {}

  private async viewer(context: TurnContext): Promise<Viewer | undefined> {
    const user = await this.deps.kit.actingUser(context);
    return user ? { tenantId: user.tenantId, oid: user.objectId } : undefined;
  }

  async answer(context: TurnContext, intent: Extract<Intent, { kind: 'team-status' }>): Promise<AdaptiveCard> {
    const viewer = await this.viewer(context);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    const token = await this.deps.signIn.token(context);
    if (!token) return this.askSignIn(context, { scope: intent.scope });
    return this.view(context, viewer, token, { scope: intent.scope, filter: 'all', page: 0 });
  }

  /** After the work sign-in (SSO exchange, sign-in card or typed code): the view that was asked for. */
  async afterSignIn(context: TurnContext, request: PendingTeamRequest, token: string): Promise<AdaptiveCard> {
    const viewer = await this.viewer(context);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    if (request.forecast && this.deps.forecast) return this.deps.forecast(context, token);
    return this.view(context, viewer, token, { scope: request.scope, filter: 'all', page: 0, ...(request.teamId ? { teamId: request.teamId } : {}) });
  }

  /**
   * "@Partner Link team status" in a team channel: counts only there (no names), for anyone. In the
   * asker's 1:1 chat, the per-person detail of the members they manage (a partner admin: everyone)
   * — decided by the service with the asker's own token; anyone else is told so there.
   */
  async inChannel(context: TurnContext, openPrivateChat: OpenPrivateChat): Promise<void> {
    const viewer = await this.viewer(context);
    const team = context.activity.conversation?.conversationType === 'channel' ? await teamGroupId(context) : undefined;
    if (!viewer || !team) {
      await context.sendActivity(userMessage('team-channel-only'));
      return;
    }
    const counts = await this.deps.service.channelCounts({ viewer, teamId: team.id, ...(team.name ? { teamName: team.name } : {}) });
    if (counts.kind !== 'card') {
      await context.sendActivity(counts.message);
      return;
    }
    await context.sendActivity({ attachments: [cardAttachment(counts.card as unknown as AdaptiveCard)] });
    await openPrivateChat(context, async (personal) => {
      const token = await this.deps.signIn.token(personal);
      const answer = token ? await this.view(personal, viewer, token, { scope: 'team', filter: 'all', page: 0, teamId: team.id }) : await this.askSignIn(personal, { scope: 'team', teamId: team.id });
      await personal.sendActivity({ attachments: [cardAttachment(answer)] });
    });
  }

  async handle(context: TurnContext, action: TeamAction): Promise<Answer> {
    const viewer = await this.viewer(context);
    if (!viewer) return messageCard(userMessage('not-in-teams'));
    const bound = bindToPresser(action, { oid: viewer.oid, tenant: viewer.tenantId });
    if (!bound.ok) {
      this.deps.log.info({ event: 'team.press-refused', reason: bound.reason }, 'a team card pressed by someone it was not made for');
      return messageCard(userMessage('team-not-allowed'));
    }
    const token = await this.deps.signIn.token(context);
    if (!token) return this.askSignIn(context, { scope: bound.scope, ...(bound.teamId ? { teamId: bound.teamId } : {}) });
    const args: TeamStatusArgs = { viewer, userToken: token, scope: bound.scope, filter: bound.filter, page: bound.page, ...(bound.teamId ? { teamId: bound.teamId } : {}) };
    if (bound.verb === 'teamPage') return this.view(context, viewer, token, args);
    if (bound.verb === 'teamRemind') {
      const serviceUrl = context.activity.serviceUrl;
      const botId = context.activity.recipient?.id;
      if (!serviceUrl || !botId) return messageCard(userMessage('team-graph-unavailable'));
      const run = await this.checked(context, await this.deps.service.remindUnlinked({ ...args, target: { serviceUrl, botId } }));
      if (run.kind !== 'queued') return messageCard(run.message);
      const back: TeamAction = { ...action, verb: 'teamPage', page: bound.page, filter: bound.filter };
      const activityId = context.activity.replyToId;
      if (this.deps.progress && activityId) await this.deps.progress.track({ viewer, batch: run.batch, reference: TurnContext.getConversationReference(context.activity), activityId, intro: run.message, back }, run.progress);
      return progressCard(run.progress, run.message, back);
    }
    const exported = await this.checked(context, await this.deps.service.exportCsv(args));
    if (exported.kind !== 'csv') return messageCard(exported.message);
    const exportContext: ExportContext = { kind: 'teamExport', scope: bound.scope, filter: bound.filter, managerOid: viewer.oid, tenant: viewer.tenantId, ...(bound.teamId ? { teamId: bound.teamId } : {}) };
    await context.sendActivity({ attachments: [fileConsentCard(exported.fileName, Buffer.byteLength(exported.csv, 'utf8'), exportContext)] });
    return this.view(context, viewer, token, args);
  }

  /** fileConsent/invoke: on accept, the CSV is computed again (re-authorized) and uploaded. */
  async fileConsent(context: TurnContext): Promise<InvokeResponse> {
    const parsed = fileConsentInvokeSchema.safeParse(context.activity.value);
    const viewer = await this.viewer(context);
    if (!parsed.success || !viewer) return { status: 400 };
    const invoke = parsed.data;
    if (invoke.action === 'decline') {
      await context.sendActivity(userMessage('team-export-declined'));
      return { status: 200 };
    }
    const rules = { allowLoopback: this.deps.allowLoopbackUploads ?? false };
    const elsewhere = invoke.uploadInfo && [invoke.uploadInfo.uploadUrl, invoke.uploadInfo.contentUrl].find((url) => !isAllowedFileUrl(url, rules));
    if (elsewhere !== undefined) {
      this.deps.log.warn({ event: 'team.export.upload-refused', host: hostForLog(elsewhere) }, 'the file consent named a place to upload to that is not OneDrive for Business: nothing was uploaded');
      await context.sendActivity(userMessage('team-export-not-onedrive'));
      return { status: 200 };
    }
    const bound = bindToPresser({ verb: 'teamExport', scope: invoke.context.scope, filter: invoke.context.filter, page: 0, managerOid: invoke.context.managerOid, tenant: invoke.context.tenant, ...(invoke.context.teamId ? { teamId: invoke.context.teamId } : {}) }, { oid: viewer.oid, tenant: viewer.tenantId });
    const token = await this.deps.signIn.token(context);
    if (!bound.ok || !token || !invoke.uploadInfo) {
      await context.sendActivity(userMessage(bound.ok ? 'team-sign-in-again' : 'team-not-allowed'));
      return { status: 200 };
    }
    const exported = await this.checked(context, await this.deps.service.exportCsv({ viewer, userToken: token, scope: bound.scope, filter: bound.filter, page: 0, ...(bound.teamId ? { teamId: bound.teamId } : {}) }));
    if (exported.kind !== 'csv') {
      await context.sendActivity(exported.message);
      return { status: 200 };
    }
    const uploaded = await uploadToConsentUrl(invoke.uploadInfo.uploadUrl, Buffer.from(exported.csv, 'utf8'), rules);
    if (!uploaded.ok) {
      this.deps.log.warn({ event: 'team.export.upload-failed', reason: uploaded.reason }, 'the CSV upload failed');
      await context.sendActivity(userMessage('team-graph-unavailable'));
      return { status: 200 };
    }
    await context.sendActivity({ attachments: [fileInfoCard(invoke.uploadInfo)] });
    return { status: 200 };
  }

  private async view(context: TurnContext, viewer: Viewer, token: string, args: Omit<TeamStatusArgs, 'viewer' | 'userToken'>): Promise<AdaptiveCard> {
    const result = await this.checked(context, await this.deps.service.teamStatus({ ...args, viewer, userToken: token }));
    return result.kind === 'card' ? (result.card as unknown as AdaptiveCard) : messageCard(result.message);
  }

  /** A token that is not the asker's own was refused by the service: forget it at the token service too. */
  private async checked<T extends { kind: string }>(context: TurnContext, result: T): Promise<T> {
    if (result.kind !== 'wrong-account') return result;
    try {
      await this.deps.signIn.signOut(context);
    } catch (error) {
      // The refusal stands (nothing was shown); the token expires on its own. Worth an operator's look.
      this.deps.log.warn({ event: 'token-service.sign-out-failed', err: error instanceof Error ? error.name : 'unknown' }, 'sign-out after a refused team-status token failed');
    }
    return result;
  }

  private async askSignIn(context: TurnContext, request: PendingTeamRequest): Promise<AdaptiveCard> {
    const signInCard = await this.deps.signIn.signInCard(context, request);
    if (signInCard) await context.sendActivity({ attachments: [signInCard] });
    return messageCard(userMessage('team-sign-in-first'));
  }
}
