// The skilling forecast in the 1:1 chat, as a capability of the router: "skilling forecast" / "what's
// at risk", and a partner admin's "set anniversary …", "set loss threshold …", "set track …". Who may
// see what, decided on every request:
//  - a partner admin (the trust code's rule: PARTNER_ADMIN_GROUP_ID, read with the app's token) sees
//    the organization, people named (Graph display names);
//  - anyone else is asked for the work sign-in (its own, on the work connection team status uses, so
//    the answer comes back here: `signIn`), then sees the people they manage, directly or down the
//    chain (team status's roster and authorization), labelled as their team's contribution; someone
//    who manages nobody is told where their own renewals are: their Learning card, which names
//    nobody else (learning-part.ts).
// A partner admin's card has the button that turns their own forecast alerts on or off
// (forecast-alerts.ts); a press is re-checked here, so nobody else's press changes anything.
import type { WorkUser } from '../associations/model';
import { card, text, type AdaptiveCard } from '../cards/card-elements';
import { activityDateLocale, formatDate, type DateLocale } from '../cards/date-format';
import type {
  ActionOf,
  Actor,
  CapabilityHandler,
  IntentOf,
  Redeemed,
  SignInFollowUp,
} from '../capability/capability-handler';
import type { Turn } from '../channel/turn';
import type { PartnerAdminDirectory } from '../certifications/credit-approvals';
import { userMessage } from '../errors';
import type { DisplayNames } from '../graph/graph-display-names';
import { LIMITS, waitText, type PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { WorkPurpose } from '../channel/sign-in-prompts';
import type { WorkSignIn } from '../sign-in/work-sign-in';
import type { Pseudonyms } from '../storage/pseudonyms';
import type { TeamStatusService } from '../team-status/team-status-service';
import { forecastCard } from './forecast-card';
import { parseSettingCommand, type TypedChange } from './forecast-command';
import { nextAnniversary, renewalWindow } from './forecast-dates';
import type { ForecastService } from './forecast-service';
import type { ForecastSettingsStore } from './forecast-settings';
import { calendarDates, TRACK_NAMES } from './forecast-text';

type ForecastIntent = 'skilling-forecast' | 'forecast-setting';
/** What the forecast's work sign-in was asked for: the manager's forecast (the only request). */
export type PendingForecastRequest = { forecast: 'team' };

/** The forecast's work sign-in, and what its sign-in card says the work account is for. */
export const FORECAST_SIGN_IN: WorkPurpose = { id: 'forecast', text: userMessage('forecast-sign-in-card') };

export interface ForecastHandlerDeps {
  service: ForecastService;
  settings: ForecastSettingsStore;
  admins: Pick<PartnerAdminDirectory, 'isAdmin'>;
  /** Display names for a partner admin's card (app token). */
  names: DisplayNames;
  /** The forecast's own work sign-in (sign-in/work-sign-in.ts), on the work connection team status uses. */
  workSignIn: Pick<WorkSignIn<PendingForecastRequest>, 'token' | 'ask' | 'signOut'>;
  /** Team status's roster and authorization: the people a manager manages. */
  team: Pick<TeamStatusService, 'managedPeople'>;
  /** Per-person limits (the team views' bucket): a partner admin's forecasts too; without it, none. */
  limits?: { limiter: PersonLimiter; pseudonyms: Pseudonyms };
  now: () => Date;
  log: Logger;
}

const messageCard = (sentence: string): AdaptiveCard => card([text(sentence)]);
/** Risks and events whose people a partner admin's card names. */
const NAMED_RISKS = 12;
const NAMED_EVENTS = 25;

export class ForecastHandler implements CapabilityHandler<'forecastAlerts', ForecastIntent> {
  readonly verbs = ['forecastAlerts'] as const;
  readonly intents = ['skilling-forecast', 'forecast-setting'] as const;
  /** Reads every verified transcript of the organization, and Graph. */
  readonly slow = { intents: ['skilling-forecast'] as const, verbs: ['forecastAlerts'] as const };
  readonly signIn: SignInFollowUp<PendingForecastRequest>;

  constructor(private readonly deps: ForecastHandlerDeps) {
    this.signIn = {
      id: FORECAST_SIGN_IN.id,
      afterSignIn: (turn, user, redeemed) => this.afterSignIn(turn, user, redeemed),
    };
  }

  /** "Alert me when an area becomes at risk" / "Turn off forecast alerts": the presser's own choice, partner admins only. */
  async handle(turn: Turn, user: Actor, action: ActionOf<'forecastAlerts'>): Promise<AdaptiveCard> {
    if (!user) return messageCard(userMessage('not-in-teams'));
    try {
      if (!(await this.deps.admins.isAdmin(user.tenantId, user.objectId))) {
        this.deps.log.info(
          { event: 'forecast.alerts-refused', reason: 'not-admin' },
          'forecast alerts pressed by someone who is not a partner admin',
        );
        return messageCard(userMessage('forecast-alerts-admins-only'));
      }
    } catch {
      return messageCard(userMessage('forecast-admin-unavailable'));
    }
    await this.deps.settings.setAlerts(user, action.on, this.deps.now());
    this.deps.log.info({ event: 'forecast.alerts', on: action.on }, 'a partner admin turned forecast alerts on or off');
    // The choice is saved; over the view limit (or if the forecast can't be read now) it is said in one line.
    if (await this.limited(user)) return this.alertsAnswer(action.on);
    return this.organization(turn, user, action.on).catch(() => this.alertsAnswer(action.on));
  }

  private alertsAnswer(on: boolean): AdaptiveCard {
    return messageCard(userMessage(on ? 'forecast-alerts-on' : 'forecast-alerts-off'));
  }

  async answer(turn: Turn, user: Actor, intent: IntentOf<ForecastIntent>): Promise<AdaptiveCard> {
    if (!user) return messageCard(userMessage('not-in-teams'));
    let admin: boolean;
    try {
      admin = await this.deps.admins.isAdmin(user.tenantId, user.objectId);
    } catch {
      return messageCard(userMessage('forecast-admin-unavailable'));
    }
    if (intent.kind === 'forecast-setting')
      return admin ? this.setting(turn, user) : messageCard(userMessage('forecast-settings-admins-only'));
    if (admin) return (await this.limited(user)) ?? this.organization(turn, user);
    const token = await this.deps.workSignIn.token(turn);
    if (token) return this.team(turn, user, token);
    // The work sign-in card is sent by the sign-in path; this line says what it is for.
    const asked = await this.deps.workSignIn.ask(turn, { forecast: 'team' });
    if (typeof asked === 'object') return this.team(turn, user, asked.token);
    return messageCard(userMessage(asked === 'link-pending' ? 'sign-in-already-pending' : 'forecast-sign-in-first'));
  }

  /** After the work sign-in asked for by "skilling forecast": the manager's forecast. */
  private afterSignIn(turn: Turn, user: Actor, { token }: Redeemed<PendingForecastRequest>): Promise<AdaptiveCard> {
    return user ? this.team(turn, user, token) : Promise.resolve(messageCard(userMessage('not-in-teams')));
  }

  /** The people the manager manages (team status's roster, authorized and audited there), and their forecast. */
  private async team(turn: Turn, user: WorkUser, token: string): Promise<AdaptiveCard> {
    const managed = await this.deps.team.managedPeople({
      viewer: { tenantId: user.tenantId, oid: user.objectId },
      userToken: token,
    });
    if (managed.kind === 'wrong-account') await this.deps.workSignIn.signOut(turn).catch(() => undefined);
    if (managed.kind === 'no-reports') return messageCard(userMessage('forecast-employee'));
    if (managed.kind !== 'people') return messageCard(managed.message);
    const result = await this.deps.service.team(
      user.tenantId,
      managed.people.map((p) => p.id),
    );
    const names = new Map(managed.people.map((p) => [p.id.toLowerCase(), p.displayName]));
    this.deps.log.info({ event: 'forecast.team', people: result.basis.people }, "a manager's skilling forecast");
    return forecastCard({
      audience: 'team',
      result,
      nameOf: (id) => names.get(id),
      dates: calendarDates(activityDateLocale(turn.activity)),
    });
  }

  /** The person's team-view limit, taken once: a card saying when to try again once it is reached. */
  private async limited(user: WorkUser): Promise<AdaptiveCard | undefined> {
    const limits = this.deps.limits;
    if (!limits) return undefined;
    const now = this.deps.now();
    const decision = await limits.limiter.take(
      `teamView:${await limits.pseudonyms.person(user.tenantId, user.objectId)}`,
      LIMITS.teamView,
      now,
    );
    return decision.ok
      ? undefined
      : messageCard(userMessage('forecast-limited', { wait: waitText(decision.retryAt, now) }));
  }

  private async organization(turn: Turn, user: WorkUser, alertsOn?: boolean): Promise<AdaptiveCard> {
    const [result, alerts] = await Promise.all([
      this.deps.service.organization(user.tenantId),
      alertsOn ?? this.deps.settings.alertsOn(user),
    ]);
    const { forecast } = result;
    const risks = forecast.areas
      .flatMap((a) => a.views.flatMap((v) => v.risks))
      .sort((a, b) => a.on.getTime() - b.on.getTime());
    const named = [
      ...risks.slice(0, NAMED_RISKS).flatMap((r) => r.renewals.map((f) => f.personId)),
      ...forecast.events.slice(0, NAMED_EVENTS).map((e) => e.personId),
    ];
    const names = await this.deps.names(user.tenantId, named);
    this.deps.log.info(
      { event: 'forecast.organization', people: result.basis.people, risks: risks.length },
      "a partner admin's skilling forecast",
    );
    return forecastCard({
      audience: 'organization',
      result,
      nameOf: (id) => names.get(id),
      dates: calendarDates(activityDateLocale(turn.activity)),
      alertsOn: alerts,
    });
  }

  private async setting(turn: Turn, user: WorkUser): Promise<AdaptiveCard> {
    const command = parseSettingCommand(turn.text);
    if (!command.ok) return messageCard(userMessage(command.code, { value: command.value, max: '100' }));
    const now = this.deps.now();
    await this.deps.settings.set(user.tenantId, command.change, now);
    this.deps.service.forget(user.tenantId);
    this.deps.log.info(
      { event: 'forecast.setting', field: Object.keys(command.change)[0] },
      'a partner admin changed a forecast setting',
    );
    return messageCard(confirmation(command.change, now, calendarDates(activityDateLocale(turn.activity))));
  }
}

function confirmation(change: TypedChange, now: Date, where: DateLocale): string {
  if ('anniversary' in change) {
    const next = change.anniversary ? nextAnniversary(change.anniversary, now) : undefined;
    if (!next) return userMessage('forecast-cleared-anniversary');
    return userMessage('forecast-set-anniversary', {
      date: formatDate(next, where),
      opens: formatDate(renewalWindow(next).opens, where),
    });
  }
  if ('lossThreshold' in change)
    return change.lossThreshold === null
      ? userMessage('forecast-cleared-threshold')
      : userMessage('forecast-set-threshold', { points: String(change.lossThreshold) });
  return change.assignedTrack === null
    ? userMessage('forecast-cleared-track')
    : userMessage('forecast-set-track', { track: TRACK_NAMES[change.assignedTrack] });
}
