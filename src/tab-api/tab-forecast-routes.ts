// The skilling forecast in the personal tab: GET /api/tab/forecast?locale=&timeZone= (the chart's and
// table's figures as JSON). Who may see what is decided on every request, as in the chat:
//  - a partner admin (the app's token reads the partner admin group) sees the organization, people
//    named (Graph display names, only those the figures need);
//  - anyone else: the people they manage, from team status's roster and authorization with their
//    on-behalf-of Graph token (its /me must be the SSO token's person), labelled as their team's
//    contribution, only their people named;
//  - someone who manages nobody: the sentence saying who can see the forecast, and nothing else.
// The person comes from the validated SSO token only; nothing from the request names anyone.
import type restify from 'restify';
import type { PartnerAdminDirectory } from '../certifications/credit-approvals';
import { userMessage } from '../errors';
import { ORG_TITLE } from '../forecast/forecast-card';
import type { ForecastService } from '../forecast/forecast-service';
import type { DisplayNames } from '../graph/graph-display-names';
import { LIMITS, waitText, type PersonLimiter } from '../limits/person-limiter';
import type { Logger } from '../log';
import type { Pseudonyms } from '../storage/pseudonyms';
import type { TeamStatusService } from '../team-status/team-status-service';
import type { TabForecastMessage } from '../tab/tab-wire';
import type { DateLocale } from '../cards/date-format';
import { plainText, tabForecastView } from './tab-forecast-view';
import { sendTeamProblem, type TabTeamHelpers } from './tab-team-routes';

/** What the forecast in the tab needs; undefined parts switch it off (the page says so). */
export interface TabForecastDeps {
  service: ForecastService;
  admins: Pick<PartnerAdminDirectory, 'isAdmin'>;
  names: DisplayNames;
  /** A partner admin's forecasts take the team views' limit, as in the chat. */
  limits?: { limiter: PersonLimiter; pseudonyms: Pseudonyms };
}

/** Risks whose renewals a partner admin's view names. */
const NAMED_RISKS = 12;

export function registerTabForecastRoutes(
  server: restify.Server,
  helpers: Omit<TabTeamHelpers, 'service'> & {
    team: Pick<TeamStatusService, 'managedPeople'> | undefined;
    forecast: TabForecastDeps | undefined;
    dates: (req: restify.Request) => DateLocale;
    now: () => Date;
    log: Logger;
  },
): void {
  const { sendJson, sendError } = helpers;
  const message = (res: restify.Response, code: Parameters<typeof userMessage>[0]) =>
    sendJson(res, 200, {
      title: ORG_TITLE,
      message: plainText(userMessage(code)),
      honesty: plainText(userMessage('forecast-only-skilling')),
    } satisfies TabForecastMessage);

  server.get(
    '/api/tab/forecast',
    helpers.guarded('forecast', async (req, res) => {
      const acting = await helpers.authenticate(req, res);
      if (!acting) return;
      const deps = helpers.forecast;
      if (!deps) return sendError(res, 503, 'forecast-off', userMessage('team-graph-unavailable'));
      const { user } = acting;
      let admin: boolean;
      try {
        admin = await deps.admins.isAdmin(user.tenantId, user.objectId);
      } catch {
        return sendError(res, 503, 'admin-unavailable', userMessage('forecast-admin-unavailable'));
      }
      const dates = helpers.dates(req);
      if (admin) {
        if (deps.limits) {
          const now = helpers.now();
          const key = `teamView:${await deps.limits.pseudonyms.person(user.tenantId, user.objectId)}`;
          const decision = await deps.limits.limiter.take(key, LIMITS.teamView, now);
          if (!decision.ok) {
            const wait = Math.max(1, Math.ceil((decision.retryAt.getTime() - now.getTime()) / 1000));
            return sendError(
              res,
              429,
              'limited',
              userMessage('forecast-limited', { wait: waitText(decision.retryAt, now) }),
              { 'retry-after': String(wait) },
            );
          }
        }
        const result = await deps.service.organization(user.tenantId);
        const risks = result.forecast.areas
          .flatMap((a) => a.views.flatMap((v) => v.risks))
          .sort((a, b) => a.on.getTime() - b.on.getTime());
        const names = await deps.names(
          user.tenantId,
          risks.slice(0, NAMED_RISKS).flatMap((r) => r.renewals.map((f) => f.personId)),
        );
        helpers.log.info({ event: 'forecast.tab.organization', people: result.basis.people }, 'forecast in the tab');
        return sendJson(
          res,
          200,
          tabForecastView({ audience: 'organization', result, nameOf: (id) => names.get(id), dates }),
        );
      }
      if (!helpers.team || !helpers.graph)
        return sendError(res, 503, 'team-off', userMessage('team-graph-unavailable'));
      const userToken = await helpers.graph.graphToken(acting.token, user.tenantId);
      if (!userToken) return sendError(res, 503, 'graph-unavailable', userMessage('team-graph-unavailable'));
      const managed = await helpers.team.managedPeople({
        viewer: { tenantId: user.tenantId, oid: user.objectId },
        userToken,
      });
      if (managed.kind === 'no-reports') return message(res, 'forecast-employee');
      if (managed.kind === 'refused')
        return sendJson(res, 200, { title: ORG_TITLE, message: managed.message } satisfies TabForecastMessage);
      if (managed.kind !== 'people') return sendTeamProblem(sendError, res, managed);
      const result = await deps.service.team(
        user.tenantId,
        managed.people.map((p) => p.id),
      );
      const names = new Map(managed.people.map((p) => [p.id.toLowerCase(), p.displayName]));
      helpers.log.info({ event: 'forecast.tab.team', people: result.basis.people }, 'forecast in the tab');
      sendJson(res, 200, tabForecastView({ audience: 'team', result, nameOf: (id) => names.get(id), dates }));
    }),
  );
}
