// Teams' deep link that opens Partner Link's page in a person's Teams (Add / Open), for the tenant
// they are in: `https://teams.microsoft.com/l/app/{app id}?tenantId={tenant}`. The app id is
// TEAMS_APP_ID (the org catalogue's id when an admin uploaded the app); without it there is no link.
export function teamsInstallLink(teamsAppId: string | undefined, tenantId: string | undefined): string | undefined {
  if (!teamsAppId || !tenantId) return undefined;
  return `https://teams.microsoft.com/l/app/${encodeURIComponent(teamsAppId)}?tenantId=${encodeURIComponent(tenantId)}`;
}
