// Who is acting on this turn, always from the activity (authenticated by the channel), never from
// a card payload. Teams sends the tenant in channelData and the Entra object id on `from`.
import type { WorkUser } from '../associations/model';
import type { Turn } from '../channel/turn';
import type { TeamsUser } from './account-checks';

export function teamsUser(turn: Pick<Turn, 'user'>): TeamsUser | undefined {
  const { tenantId, aadObjectId } = turn.user;
  if (!tenantId) return undefined;
  return { tenantId: tenantId.toLowerCase(), aadObjectId: aadObjectId ? aadObjectId.toLowerCase() : undefined };
}

/** The work account of the person on this turn, when Teams tells us or they signed in before. */
export function actingWorkUser(turn: Pick<Turn, 'user'>, remembered: WorkUser | undefined): WorkUser | undefined {
  const teams = teamsUser(turn);
  if (!teams) return undefined;
  if (teams.aadObjectId) {
    return { tenantId: teams.tenantId, objectId: teams.aadObjectId, displayName: turn.user.name ?? '' };
  }
  return remembered && remembered.tenantId === teams.tenantId ? remembered : undefined;
}
