// The host clients allowed to ask Entra for a tab token: the ones the tab's app registration
// pre-authorizes ("Expose an API" → "Authorized client applications"). A tab token whose `azp` (v2)
// or `appid` (v1) is not one of them was obtained by some other app and is refused. The one list:
// the token check, the README's registration steps (a test keeps them equal) and the local stand-in.

/** Where Microsoft lists the client ids (section "Update … app registration for SSO"). */
export const TAB_HOST_CLIENTS_SOURCE =
  'https://learn.microsoft.com/en-us/microsoftteams/platform/m365-apps/extend-m365-teams-personal-tab';

export interface HostClient {
  id: string;
  name: string;
}

/** Teams, and the Microsoft 365 app and Outlook (the manifest lets the personal tab run there). */
export const TAB_HOST_CLIENTS: readonly HostClient[] = [
  { id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', name: 'Teams desktop and mobile' },
  { id: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', name: 'Teams web' },
  { id: '4765445b-32c6-49b0-83e6-1d93765276ca', name: 'Microsoft 365 web' },
  { id: '0ec893e0-5785-4de6-99da-4ed124e5296c', name: 'Microsoft 365 desktop' },
  { id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', name: 'Microsoft 365 mobile and Outlook desktop' },
  { id: 'bc59ab01-8403-45c6-8796-ac3ef710b3e3', name: 'Outlook web' },
  { id: '27922004-5251-4030-b22d-91ecd9a37ea4', name: 'Outlook mobile' },
];

/**
 * The local sign-in stand-in's own client id: it plays the host client when `npm start` signs the
 * tab in. Accepted only when the issuer is on this machine (TabConfig.local), never in Azure.
 */
export const LOCAL_STAND_IN_CLIENT: HostClient = {
  id: '7e57a11d-5a4d-4000-8000-00000000ca11',
  name: 'Partner Link local sign-in stand-in',
};

/** The client ids a tab token may come from. */
export function acceptedTabClients(local: boolean): ReadonlySet<string> {
  return new Set([...TAB_HOST_CLIENTS.map((c) => c.id), ...(local ? [LOCAL_STAND_IN_CLIENT.id] : [])]);
}
