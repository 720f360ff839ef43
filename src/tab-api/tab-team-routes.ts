// "My team" in the personal tab: GET /api/tab/team?scope=&filter=&page= (the manager's view as JSON,
// the team card's data) and GET /api/tab/team.csv (the same view as a CSV download). The person comes
// from the validated SSO token only; their Graph token for /me/directReports comes from the
// on-behalf-of grant, for this request only. The team-status service checks that Graph's /me of that
// token is the same tenant and object id as the validated SSO token (else 403, nothing shown),
// authorizes every request again and writes the audit entry, exactly as for the chat; past the person's limit it answers 429.
import type restify from 'restify';
import { z } from 'zod';
import { userMessage } from '../errors';
import { CHECK_LABELS, FILTER_LABELS, TEAM_FILTERS } from '../team-status/model';
import { TEAM_COLUMNS } from '../team-status/team-card';
import type { Failure, Limited, TeamStatusService, WrongAccount } from '../team-status/team-status-service';
import type { TabTeamView } from '../tab/tab-wire';
import type { OnBehalfOfGraph } from '../graph/graph-on-behalf-of';
import type { TabUser } from './tab-token-validator';

const query = z.object({
  scope: z.enum(['direct', 'org']).default('direct'),
  filter: z.enum(TEAM_FILTERS).default('all'),
  page: z.coerce.number().int().min(0).max(10_000).default(0),
});

export interface TabTeamHelpers {
  service: TeamStatusService | undefined;
  graph: OnBehalfOfGraph | undefined;
  authenticate: (req: restify.Request, res: restify.Response) => Promise<{ user: TabUser; token: string } | undefined>;
  sendJson: (res: restify.Response, status: number, body: unknown) => void;
  sendError: (
    res: restify.Response,
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ) => void;
  guarded: (
    name: string,
    handler: (req: restify.Request, res: restify.Response) => Promise<void>,
  ) => (req: restify.Request, res: restify.Response) => Promise<void>;
}

/**
 * Team status's answers that show nothing, as the tab's errors, alike for the team, CSV and forecast
 * routes: another person's work token (403), the person's limit reached (429, with when to try again
 * in the sentence and in Retry-After), sign in again (401), an unknown team (404), Graph unavailable (503).
 */
export function sendTeamProblem(
  sendError: TabTeamHelpers['sendError'],
  res: restify.Response,
  problem: WrongAccount | Limited | Failure,
): void {
  if (problem.kind === 'wrong-account')
    return sendError(res, 403, 'wrong-account', userMessage('tab-team-wrong-account'));
  if (problem.kind === 'limited')
    return sendError(res, 429, 'limited', problem.message, { 'retry-after': String(problem.waitSeconds) });
  const status = problem.kind === 'sign-in' ? 401 : problem.kind === 'unknown-team' ? 404 : 503;
  sendError(res, status, problem.kind, problem.message);
}

/** The section's heading in the tab (the page is the person's own: "My …"). */
const TITLES = { direct: 'My team', org: 'My whole organization' } as const;

export function registerTabTeamRoutes(server: restify.Server, helpers: TabTeamHelpers): void {
  const { sendJson, sendError } = helpers;

  /** The person, their request and a Graph token for them; undefined after answering. */
  const prepare = async (req: restify.Request, res: restify.Response) => {
    const acting = await helpers.authenticate(req, res);
    if (!acting) return undefined;
    const parsed = query.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://tab').searchParams));
    if (!parsed.success) {
      sendError(res, 400, 'bad-request', userMessage('tab-bad-request'));
      return undefined;
    }
    if (!helpers.service || !helpers.graph) {
      sendError(res, 503, 'team-off', userMessage('team-graph-unavailable'));
      return undefined;
    }
    const userToken = await helpers.graph.graphToken(acting.token, acting.user.tenantId);
    if (!userToken) {
      sendError(res, 503, 'graph-unavailable', userMessage('team-graph-unavailable'));
      return undefined;
    }
    const args = { viewer: { tenantId: acting.user.tenantId, oid: acting.user.objectId }, userToken, ...parsed.data };
    return { service: helpers.service, args };
  };

  server.get(
    '/api/tab/team',
    helpers.guarded('team', async (req, res) => {
      const prepared = await prepare(req, res);
      if (!prepared) return;
      const { args } = prepared;
      const result = await prepared.service.teamStatus(args);
      if (result.kind === 'no-reports' || result.kind === 'refused')
        return sendJson(res, 200, { message: result.message });
      if (result.kind !== 'card') return sendTeamProblem(sendError, res, result);
      const { view } = result;
      const body: TabTeamView = {
        title: TITLES[args.scope],
        scope: args.scope,
        filter: view.filter,
        filters: TEAM_FILTERS.map((value) => ({ value, title: FILTER_LABELS[value] })),
        counts: view.counts,
        columns: TEAM_COLUMNS,
        rows: view.rows.map((row) => ({
          ...row,
          certificationCheck: row.certificationCheck ? CHECK_LABELS[row.certificationCheck] : '',
        })),
        page: view.page,
        pageCount: view.pageCount,
        matching: view.matching,
        notes: result.notes,
        credit: result.credit ?? null,
      };
      sendJson(res, 200, body);
    }),
  );

  server.get(
    '/api/tab/team.csv',
    helpers.guarded('team-csv', async (req, res) => {
      const prepared = await prepare(req, res);
      if (!prepared) return;
      const result = await prepared.service.exportCsv(prepared.args);
      if (result.kind === 'refused') return sendError(res, 403, 'not-allowed', result.message);
      if (result.kind !== 'csv') return sendTeamProblem(sendError, res, result);
      res.sendRaw(200, `\uFEFF${result.csv}`, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${result.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    }),
  );
}
