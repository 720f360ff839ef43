// The team-status capability as the router and the tab call it, free of any turn context: one call
// per request, page or button press, each re-authorized from scratch: the viewer's token is first
// bound to the person asking (sign-in/token-binding.ts: Graph /me must be the same tenant and object id, else
// "wrong-account" and nothing is read), then their own token decides (their reports, the
// partner-admin group), then the roster is read again from Graph (a team's members with the app's
// token) and streamed through the status lookup. Only the verified id is used from then on. Every
// answer, export, reminder press and refusal is written to the team-view audit ("who viewed whose
// status").
//  - teamStatus: the manager's card (or a sentence: no reports, not allowed, Graph trouble);
//  - channelCounts: counts only for a team channel (no names), read with the app's token;
//  - remindUnlinked: queues a link reminder for each unlinked person on the view (one batch), with
//    the conversation to create when the bot has none (and, for one's own reports only, leave to
//    install the app through Graph first: never for a press from a team); progress is read back per batch;
//  - exportCsv: the view's rows (whole filter, every page) as CSV, the card's columns only.
import type { AdaptiveCard } from '../cards/card-elements';
import type { Catalogue } from '../certifications/catalogue';
import type { PersonCertifications } from '../certifications/credit';
import { userMessage, type UserMessageCode } from '../errors';
import { LIMITS, waitText, type PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { CreationTarget } from '../proactive/create-conversation';
import { linkReminderProgress, queueLinkReminders, type RemindProgress } from './link-reminders';
import type { SendQueue } from '../proactive/proactive-store';
import type { TeamView } from './aggregation';
import { AppTokenError, type AppTokenProvider } from '../graph/app-token';
import { authorizeTeamView, graphAccessChecks, TeamNotFoundError, type AccessDecision } from './authorization';
import { createGraphClient, GRAPH_PATIENCE, GraphCallError, type GraphClient } from '../graph/graph-client';
import type { RosterPage } from './graph-roster';
import { isLinked, type RosterPerson, type TeamFilter, type TeamRow, type TeamScope } from './model';
import { bindTokenToViewer, type Viewer } from '../sign-in/token-binding';
import { statusLookup, type CertificationSummaryPort, type LinkStatePort } from './status-lookup';
import { creditLines, teamCard, teamCountsCard, viewNotes, type CreditLines } from './team-card';
import { teamCredit, type HeldCertificationsPort } from './team-credit';
import { teamCsv } from './team-csv';
import type { TeamAuditAction, TeamViewAudit } from './team-view-audit';
import { isBatchOf, oldBatchViewer, remindBatch } from './remind-batch';
import { RosterCache } from './roster-cache';
import type { Pseudonyms } from '../storage/pseudonyms';
import { computeTeamView, rosterSource } from './team-view';
import { within } from '../within';

export type { Viewer } from '../sign-in/token-binding';

export interface TeamStatusArgs {
  viewer: Viewer;
  /** The viewer's delegated Graph token (work connection, or on-behalf-of in the tab). */
  userToken: string;
  scope: TeamScope;
  filter: TeamFilter;
  page: number;
  /** Team scope: the team's Entra group id (aadGroupId), never the 19:… channel id. */
  teamId?: string;
}

export interface TeamStatusDeps {
  graphUrl: string;
  /** The app's Graph token: a team's members (channel counts, team views); without it no team can be read. */
  appTokens?: AppTokenProvider;
  partnerAdminGroupId?: string;
  links: LinkStatePort;
  certifications?: CertificationSummaryPort;
  /** The skilling credit section needs both the catalogue and the people's held certifications. */
  credit?: { catalogue: Catalogue; held: HeldCertificationsPort };
  audit: TeamViewAudit;
  /** Keyed hashes of work accounts: a reminder batch names its presser by key only (and so do the limits). */
  pseudonyms: Pseudonyms;
  /** Per-person limits on views, reminder presses and channel counts; without it, none. */
  limiter?: PersonLimiter;
  /** The walked "whole org", kept a few minutes per viewer (default: a new RosterCache). */
  rosterCache?: RosterCache;
  queue?: SendQueue;
  /** Told when reminders were queued (the worker looks right away). */
  onQueued?: () => void;
  /**
   * How long a "Remind" press waits for its reminders to be queued before it answers (default 8 s:
   * Teams waits about 15 s for a card action). On Azure Storage each one is a few round trips, so a
   * large team is still being queued then: the rest is queued in the background, the progress card
   * counts them as they land, and pressing again is safe (at most one reminder a week).
   */
  enqueueBudgetMs?: number;
  orgMaxDepth: number;
  now: () => Date;
  log: Logger;
  fetch?: typeof fetch;
}

export type Refusal = { kind: 'refused'; message: string; reason: string };
/** `unknown-team`: Graph has no team with this id, so asking again cannot help (the message says what does). */
export type Failure = { kind: 'sign-in' | 'unavailable' | 'unknown-team'; message: string };
/** The person's limit for this kind of request is reached: nothing was read or shown. */
export type Limited = { kind: 'limited'; message: string; retryAt: Date; waitSeconds: number };
/** The token belongs to someone else than the person asking: nothing was read; the caller signs them out. */
export type WrongAccount = { kind: 'wrong-account'; message: string; code: UserMessageCode };
export type TeamStatusResult =
  | { kind: 'card'; card: AdaptiveCard; view: TeamView; basis: string; notes: string[]; credit?: CreditLines }
  | { kind: 'no-reports'; message: string }
  | Refusal
  | Failure
  | WrongAccount
  | Limited;
export type RemindResult =
  | {
      kind: 'queued';
      batch: string;
      queued: number;
      alreadyThisWeek: number;
      stillQueuing: boolean;
      message: string;
      progress: RemindProgress;
    }
  | { kind: 'nobody'; message: string }
  | Refusal
  | Failure
  | WrongAccount
  | Limited;
export type ExportResult =
  { kind: 'csv'; csv: string; fileName: string; rows: number } | Refusal | Failure | WrongAccount | Limited;

type AllowedBasis = Exclude<AccessDecision['allowed'], 'denied'>;

const LIMITED: Record<'teamView' | 'teamRemind' | 'teamChannel', UserMessageCode> = {
  teamView: 'team-views-limited',
  teamRemind: 'team-remind-limited',
  teamChannel: 'team-channel-limited',
};

const TITLES: Record<TeamScope, string> = { direct: 'Your team', org: 'Your organization', team: 'This team' };
const NO_NAME = '(no name)';
const CREDIT_BATCH = 100;

export class TeamStatusService {
  /** Reminder presses whose queuing goes on after the answer (see enqueueBudgetMs). */
  private readonly queuing = new Set<Promise<unknown>>();
  private readonly rosters: RosterCache;

  constructor(private readonly deps: TeamStatusDeps) {
    this.rosters = deps.rosterCache ?? new RosterCache();
  }

  /** "Delete my data": the rosters kept for this viewer go. */
  forgetViewer(viewer: Viewer): void {
    this.rosters.forget(viewerPrefix(viewer));
  }

  async teamStatus(asked: TeamStatusArgs): Promise<TeamStatusResult> {
    return this.guarded(asked, 'view', async (args, userGraph, appGraph, basis) => {
      let unnamed = 0;
      // The team's people (every page, whatever the filter): their certifications make the credit section.
      const ids: string[] = [];
      const { computed } = await this.compute(args, basis, userGraph, appGraph, undefined, (page) => {
        unnamed += page.people.filter((p) => p.displayName === NO_NAME).length;
        if (this.deps.credit) for (const person of page.people) ids.push(person.id);
      });
      const { view } = computed;
      if (view.counts.total === 0 && basis === 'manager-of-members') return this.noneManaged(args);
      if (view.counts.total === 0 && computed.leftOut === 0 && args.scope === 'direct') {
        await this.record(args, 'view', basis, 0);
        return { kind: 'no-reports', message: userMessage('team-no-reports') };
      }
      await this.record(args, 'view', basis, view.counts.total);
      const notices = [
        ...(basis === 'manager-of-members' ? [userMessage('team-managed-members-only')] : []),
        ...(unnamed > 0 && unnamed === computed.progress.listed ? [userMessage('team-consent-missing')] : []),
      ];
      const extras = {
        leftOut: computed.leftOut,
        ...(computed.progress.note ? { note: computed.progress.note } : {}),
        ...(notices.length ? { notice: notices.join(' ') } : {}),
      };
      const state = {
        scope: args.scope,
        filter: args.filter,
        page: args.page,
        managerOid: args.viewer.oid,
        tenant: args.viewer.tenantId,
        ...(args.teamId ? { teamId: args.teamId } : {}),
      };
      const credit = await this.credit(args.viewer.tenantId, ids);
      const creditNote = userMessage('team-credit-track');
      const card = teamCard({
        title: TITLES[args.scope],
        view,
        state,
        ...extras,
        ...(credit ? { credit, creditNote } : {}),
      });
      // The same lines the card shows, for the tab.
      return {
        kind: 'card',
        card,
        view,
        basis,
        notes: viewNotes(extras),
        ...(credit?.length ? { credit: creditLines(credit, creditNote) } : {}),
      };
    });
  }

  /**
   * The people the viewer manages (directly or down the chain), for a view built elsewhere (the
   * skilling forecast): bound, limited, authorized and audited as a view of "my whole org".
   */
  async managedPeople(asked: {
    viewer: Viewer;
    userToken: string;
  }): Promise<
    | { kind: 'people'; people: RosterPerson[] }
    | { kind: 'no-reports'; message: string }
    | Refusal
    | Failure
    | WrongAccount
    | Limited
  > {
    return this.guarded(
      { ...asked, scope: 'org', filter: 'all', page: 0 },
      'view',
      async (args, userGraph, appGraph, basis) => {
        const people: RosterPerson[] = [];
        await this.compute(args, basis, userGraph, appGraph, (person) => people.push(person));
        await this.record(args, 'view', basis, people.length);
        return people.length === 0
          ? { kind: 'no-reports', message: userMessage('team-no-reports') }
          : { kind: 'people', people };
      },
    );
  }

  /** Counts only, for a team channel: anyone there may see them; no names, no buttons. */
  async channelCounts(args: {
    viewer: Viewer;
    teamId: string;
    teamName?: string;
  }): Promise<{ kind: 'card'; card: AdaptiveCard } | Failure | Limited> {
    if (!this.deps.appTokens) return { kind: 'unavailable', message: userMessage('team-no-app-access') };
    const limited = await this.limit(args.viewer, 'teamChannel');
    if (limited) return limited;
    try {
      const appGraph = this.graph(await this.deps.appTokens.token(args.viewer.tenantId));
      // Counts only, for everyone in the channel: the whole team, read with the app's token.
      const source = rosterSource({
        scope: 'team',
        userGraph: appGraph,
        rootOid: args.viewer.oid,
        appGraph,
        teamId: args.teamId,
        teamMembers: 'all',
      });
      const computed = await computeTeamView(source, this.lookup(args.viewer.tenantId), { filter: 'all', page: 0 });
      return {
        kind: 'card',
        card: teamCountsCard(
          args.teamName ?? TITLES.team,
          computed.view.counts,
          userMessage('team-channel-counts-only'),
        ),
      };
    } catch (error) {
      this.deps.log.warn(
        {
          event: 'team.channel-failed',
          reason: failureReason(error),
        },
        "a team channel's counts could not be computed",
      );
      return this.failure(error);
    }
  }

  async remindUnlinked(asked: TeamStatusArgs & { target: CreationTarget }): Promise<RemindResult> {
    const queue = this.deps.queue;
    if (!queue) return { kind: 'unavailable', message: userMessage('team-graph-unavailable') };
    return this.guarded(asked, 'remind', async (args, userGraph, appGraph, basis) => {
      const unlinked: RosterPerson[] = [];
      const { computed } = await this.compute(
        args,
        basis,
        userGraph,
        appGraph,
        (person, linked) => !linked && unlinked.push(person),
      );
      if (computed.view.counts.total === 0 && basis === 'manager-of-members') return this.noneManaged(args);
      await this.record(args, 'remind', basis, unlinked.length);
      if (unlinked.length === 0) return { kind: 'nobody', message: userMessage('team-remind-none') };
      const batch = remindBatch(await this.deps.pseudonyms.person(args.viewer.tenantId, args.viewer.oid));
      const people = unlinked.map((p) => ({ tenantId: args.viewer.tenantId, aadObjectId: p.id }));
      const run = { batch, queued: 0, alreadyThisWeek: 0 };
      // Installing the app for someone through Graph is for one's own reports, never for a press from a team.
      const target = {
        ...asked.target,
        installViaGraph: args.scope !== 'team',
        asker: basis === 'partner-admin' ? ('partner-admin' as const) : ('manager' as const),
      };
      const queuing = queueLinkReminders(queue, people, batch, target, this.deps.now(), run);
      const finished = (await within(this.deps.enqueueBudgetMs ?? 8_000, queuing)) !== undefined;
      if (!finished) this.inBackground(queuing, batch);
      if (run.queued > 0) this.deps.onQueued?.();
      const progress = await linkReminderProgress(queue, batch);
      const message = userMessage(finished ? 'team-remind-started' : 'team-remind-queuing', {
        count: String(unlinked.length),
      });
      return {
        kind: 'queued',
        batch,
        queued: run.queued,
        alreadyThisWeek: run.alreadyThisWeek,
        stillQueuing: !finished,
        message,
        progress,
      };
    });
  }

  /** Waits for the background queuing of reminder presses (shutdown), at most `timeoutMs`. */
  async settle(timeoutMs = 20_000): Promise<void> {
    await within(timeoutMs, Promise.allSettled([...this.queuing]));
  }

  private inBackground(queuing: Promise<unknown>, batch: string): void {
    const tracked = queuing.then(
      () => this.deps.onQueued?.(),
      (error: unknown) =>
        this.deps.log.error(
          { event: 'team.remind.queue-failed', batch, err: String(error).slice(0, 300) },
          'could not queue every reminder of a press; pressing Remind again queues the rest',
        ),
    );
    this.queuing.add(tracked);
    void tracked.finally(() => this.queuing.delete(tracked));
  }

  /** A press's progress; only for the viewer who pressed (the batch id names them, by key). */
  async remindProgress(viewer: Viewer, batch: string): Promise<RemindProgress | undefined> {
    if (!this.deps.queue) return undefined;
    const old = oldBatchViewer(batch);
    const mine = old
      ? old.tenantId.toLowerCase() === viewer.tenantId.toLowerCase() &&
        old.oid.toLowerCase() === viewer.oid.toLowerCase()
      : isBatchOf(batch, await this.deps.pseudonyms.person(viewer.tenantId, viewer.oid));
    return mine ? linkReminderProgress(this.deps.queue, batch) : undefined;
  }

  async exportCsv(asked: TeamStatusArgs): Promise<ExportResult> {
    return this.guarded(asked, 'export', async (args, userGraph, appGraph, basis) => {
      const rows: TeamRow[] = [];
      const { computed } = await this.compute(args, basis, userGraph, appGraph, (_person, _linked, row) =>
        rows.push(row),
      );
      if (computed.view.counts.total === 0 && basis === 'manager-of-members') return this.noneManaged(args);
      await this.record(args, 'export', basis, rows.length);
      const date = this.deps.now().toISOString().slice(0, 10);
      return {
        kind: 'csv',
        csv: teamCsv(rows),
        fileName: `team-status-${args.scope}-${args.filter}-${date}.csv`,
        rows: rows.length,
      };
    });
  }

  /** The person's limit for `bucket`, taken once; a Limited answer when it is reached. */
  private async limit(viewer: Viewer, bucket: keyof typeof LIMITED): Promise<Limited | undefined> {
    if (!this.deps.limiter) return undefined;
    const now = this.deps.now();
    const key = `${bucket}:${await this.deps.pseudonyms.person(viewer.tenantId, viewer.oid)}`;
    const decision = await this.deps.limiter.take(key, LIMITS[bucket], now);
    if (decision.ok) return undefined;
    this.deps.log.info({ event: 'team.limited', bucket }, 'a person reached a team status limit');
    const waitSeconds = Math.max(1, Math.ceil((decision.retryAt.getTime() - now.getTime()) / 1000));
    return {
      kind: 'limited',
      message: userMessage(LIMITED[bucket], { wait: waitText(decision.retryAt, now) }),
      retryAt: decision.retryAt,
      waitSeconds,
    };
  }

  /**
   * Within the person's limit, binds the token to the person asking, authorizes (every call), then
   * runs `body` with the verified viewer; refusals and Graph failures become sentences.
   */
  private async guarded<T>(
    asked: TeamStatusArgs,
    action: TeamAuditAction,
    body: (
      args: TeamStatusArgs,
      userGraph: GraphClient,
      appGraph: GraphClient | undefined,
      basis: AllowedBasis,
    ) => Promise<T>,
  ): Promise<T | Refusal | Failure | WrongAccount | Limited> {
    const limited = await this.limit(asked.viewer, action === 'remind' ? 'teamRemind' : 'teamView');
    if (limited) return limited;
    const userGraph = this.graph(asked.userToken);
    try {
      if (asked.scope === 'team' && !asked.teamId) throw new Error('team scope without a team');
      const bound = await bindTokenToViewer(userGraph, asked.userToken, asked.viewer);
      if (!bound.ok) {
        this.deps.log.info(
          { event: 'team.token-refused', action, code: bound.code },
          "a work token that is not the asking person's was refused",
        );
        await this.record(asked, 'refused', 'other-account', 0);
        return { kind: 'wrong-account', message: userMessage(bound.code), code: bound.code };
      }
      const args: TeamStatusArgs = { ...asked, viewer: bound.viewer };
      const decision: AccessDecision = await authorizeTeamView(
        {
          scope: args.scope,
          viewerOid: args.viewer.oid,
          viewerTenant: args.viewer.tenantId,
          rosterTenant: args.viewer.tenantId,
          rootOid: args.viewer.oid,
        },
        graphAccessChecks(userGraph, this.deps.partnerAdminGroupId),
      );
      if (decision.allowed === 'denied') {
        await this.record(args, 'refused', decision.reason, 0);
        return { kind: 'refused', message: userMessage('team-not-allowed'), reason: decision.reason };
      }
      let appGraph: GraphClient | undefined;
      if (args.scope === 'team') {
        if (!this.deps.appTokens) throw new AppTokenError('no-app-credentials');
        appGraph = this.graph(await this.deps.appTokens.token(args.viewer.tenantId));
      }
      return await body(args, userGraph, appGraph, decision.allowed);
    } catch (error) {
      this.deps.log.warn(
        {
          event: 'team.failed',
          action,
          scope: asked.scope,
          reason: failureReason(error),
        },
        'team status could not be computed',
      );
      return this.failure(error);
    }
  }

  /** A team's view for someone who manages none of its members: nothing about anyone, said plainly. */
  private async noneManaged(args: TeamStatusArgs): Promise<Refusal> {
    await this.record(args, 'refused', 'manages-none-here', 0);
    return { kind: 'refused', message: userMessage('team-none-you-manage'), reason: 'manages-none-here' };
  }

  private async compute(
    args: TeamStatusArgs,
    basis: AllowedBasis,
    userGraph: GraphClient,
    appGraph: GraphClient | undefined,
    onPerson?: (person: RosterPerson, linked: boolean, row: TeamRow) => void,
    onPage?: (page: RosterPage) => void,
  ) {
    // A team's whole membership only for a partner admin; anyone else sees the members they manage.
    const teamMembers = basis === 'partner-admin' ? 'all' : 'managed';
    const walk = () =>
      rosterSource({
        scope: args.scope,
        userGraph,
        rootOid: args.viewer.oid,
        teamMembers,
        ...(appGraph ? { appGraph } : {}),
        ...(args.teamId ? { teamId: args.teamId } : {}),
        org: { maxDepth: this.deps.orgMaxDepth },
      });
    // The whole org is one Graph call per manager: walked once per viewer every few minutes, then paged from memory.
    const source =
      args.scope === 'org'
        ? this.rosters.source(
            `${viewerPrefix(args.viewer)}org|${this.deps.orgMaxDepth}`,
            this.deps.now().getTime(),
            walk,
          )
        : walk();
    const pages = onPage ? tap(source.pages, onPage) : source.pages;
    const computed = await computeTeamView(
      { pages, progress: source.progress },
      this.lookup(args.viewer.tenantId),
      { filter: args.filter, page: args.page },
      onPerson && ((person, status, row) => onPerson(person, isLinked(status), row)),
    );
    return { computed };
  }

  /** Points per area from the people's creditable certifications, read a Graph page's worth at a time; only held lists are kept. */
  private async credit(tenantId: string, ids: readonly string[]) {
    const wired = this.deps.credit;
    if (!wired) return undefined;
    const people: PersonCertifications[] = [];
    for (let start = 0; start < ids.length; start += CREDIT_BATCH) {
      const held = await wired.held.held(tenantId.toLowerCase(), ids.slice(start, start + CREDIT_BATCH));
      for (const [personId, certifications] of held) people.push({ personId, certifications });
    }
    return teamCredit(wired.catalogue, people, this.deps.now());
  }

  private lookup(tenantId: string) {
    return statusLookup(tenantId.toLowerCase(), this.deps.links, this.deps.certifications, this.deps.now);
  }

  private graph(token: string): GraphClient {
    return createGraphClient({
      graphUrl: this.deps.graphUrl,
      token,
      ...GRAPH_PATIENCE.roster,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
  }

  /** Written before the answer is given: a view that cannot be recorded is not shown. */
  private async record(args: TeamStatusArgs, action: TeamAuditAction, basis: string, people: number): Promise<void> {
    const subject = args.scope === 'team' ? (args.teamId ?? '') : args.viewer.oid;
    await this.deps.audit.record({
      at: this.deps.now(),
      tenantId: args.viewer.tenantId,
      viewerOid: args.viewer.oid,
      action,
      scope: args.scope,
      subject,
      basis,
      people,
    });
  }

  private failure(error: unknown): Failure {
    if (error instanceof GraphCallError && error.reason === 'unauthorized')
      return { kind: 'sign-in', message: userMessage('team-sign-in-again') };
    if (error instanceof AppTokenError && error.code === 'no-app-credentials')
      return { kind: 'unavailable', message: userMessage('team-no-app-access') };
    if (error instanceof TeamNotFoundError)
      return { kind: 'unknown-team', message: userMessage('team-unknown-to-graph', { id: error.teamId }) };
    return { kind: 'unavailable', message: userMessage('team-graph-unavailable') };
  }
}

const viewerPrefix = (viewer: Viewer) => `${viewer.tenantId.toLowerCase()}|${viewer.oid.toLowerCase()}|`;

async function* tap(pages: AsyncIterable<RosterPage>, onPage: (page: RosterPage) => void): AsyncGenerator<RosterPage> {
  for await (const page of pages) {
    onPage(page);
    yield page;
  }
}

/** What went wrong, for the log: Graph's reason, an unknown team, the app token's code, or 'error'. */
function failureReason(error: unknown): string {
  if (error instanceof GraphCallError) return error.reason;
  if (error instanceof TeamNotFoundError) return 'unknown-team';
  if (error instanceof AppTokenError) return `app-token:${error.code}`;
  return 'error';
}
