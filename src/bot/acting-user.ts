// Who is acting on this turn, always from the activity (authenticated by the channel), never from
// a card payload. Teams sends the tenant in channelData and the Entra object id on `from`.
import type { TurnContext } from 'botbuilder';
import type { WorkUser } from '../associations/model';
import type { TeamsUser } from '../sign-in/account-checks';

export function teamsUser(context: TurnContext): TeamsUser | undefined {
  const activity = context.activity;
  const channelData: unknown = activity.channelData;
  const fromChannelData =
    channelData !== null && typeof channelData === 'object' && 'tenant' in channelData
      ? (channelData as { tenant?: { id?: unknown } }).tenant?.id
      : undefined;
  const tenantId = typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : activity.conversation?.tenantId;
  if (!tenantId) return undefined;
  const aad = activity.from?.aadObjectId;
  return { tenantId: tenantId.toLowerCase(), aadObjectId: aad ? aad.toLowerCase() : undefined };
}

/** The work account of the person on this turn, when Teams tells us or they signed in before. */
export function actingWorkUser(context: TurnContext, remembered: WorkUser | undefined): WorkUser | undefined {
  const teams = teamsUser(context);
  if (!teams) return undefined;
  if (teams.aadObjectId) {
    return { tenantId: teams.tenantId, objectId: teams.aadObjectId, displayName: context.activity.from?.name ?? '' };
  }
  return remembered && remembered.tenantId === teams.tenantId ? remembered : undefined;
}
