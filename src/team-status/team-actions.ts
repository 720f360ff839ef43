// The team card's button payloads (verbs teamPage, teamRemind, teamExport) and their one zod schema.
// A payload carries page, filter and scope, plus whom and which tenant the card was made for and, in
// team scope, the team's group id: never a roster, never a name. The server compares the echoed
// viewer and tenant with the presser (`bindToPresser`), then re-authorizes and recomputes.
// The variants are shaped so the router can add them to cardActionSchema's discriminated union.
import { z } from 'zod';
import { TEAM_FILTERS, TEAM_SCOPES, type TeamFilter, type TeamScope } from './model';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
/** Where the view stands; the filter dropdown's value (`filterChoice`) wins when "Apply filter" is pressed. */
const viewFields = {
  scope: z.enum(TEAM_SCOPES),
  filter: z.enum(TEAM_FILTERS),
  page: z.number().int().min(0).max(10_000),
  managerOid: guid,
  tenant: guid,
  teamId: guid.optional(),
  filterChoice: z.enum(TEAM_FILTERS).optional(),
};

export const teamActionVariants = [
  z.strictObject({ verb: z.literal('teamPage'), ...viewFields }),
  z.strictObject({ verb: z.literal('teamRemind'), ...viewFields }),
  z.strictObject({ verb: z.literal('teamExport'), ...viewFields }),
] as const;

export const teamActionSchema = z.discriminatedUnion('verb', [...teamActionVariants]);
export type TeamAction = z.infer<typeof teamActionSchema>;
export type TeamVerb = TeamAction['verb'];

/** What a card echoes back: state only. */
export interface TeamViewState {
  scope: TeamScope;
  filter: TeamFilter;
  page: number;
  managerOid: string;
  tenant: string;
  teamId?: string;
}

/** The person pressing, from the activity (aadObjectId, conversation tenant): never from the card. */
export interface Presser {
  oid: string;
  tenant: string;
}

export type BoundRequest =
  | {
      ok: true;
      verb: TeamVerb;
      scope: TeamScope;
      filter: TeamFilter;
      page: number;
      rootOid: string;
      tenant: string;
      teamId?: string;
    }
  | { ok: false; reason: 'other-tenant' | 'other-viewer' | 'team-scope-without-team' };

/**
 * Ties an echoed payload to the person pressing it. The roster root is the presser (a card made for
 * someone else is refused, so a forged `managerOid` shows nothing of another manager's team), the
 * tenant is the presser's. A filter chosen in the dropdown starts again at page 0.
 */
export function bindToPresser(action: TeamAction, presser: Presser): BoundRequest {
  if (action.tenant.toLowerCase() !== presser.tenant.toLowerCase()) return { ok: false, reason: 'other-tenant' };
  if (action.managerOid.toLowerCase() !== presser.oid.toLowerCase()) return { ok: false, reason: 'other-viewer' };
  if (action.scope === 'team' && !action.teamId) return { ok: false, reason: 'team-scope-without-team' };
  const changed = action.filterChoice !== undefined && action.filterChoice !== action.filter;
  return {
    ok: true,
    verb: action.verb,
    scope: action.scope,
    filter: action.filterChoice ?? action.filter,
    page: changed ? 0 : action.page,
    rootOid: presser.oid,
    tenant: presser.tenant,
    ...(action.scope === 'team' && action.teamId ? { teamId: action.teamId } : {}),
  };
}

/** Parses a button payload (already unwrapped from `action.data`, `msteams` removed). Never throws. */
export function parseTeamAction(value: unknown): TeamAction | undefined {
  const parsed = teamActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
