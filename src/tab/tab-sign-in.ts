// Signing in to the tab. In Teams: app.initialize, then authentication.getAuthToken (tab.ts). Outside
// Teams, and only when the server says it runs against the local sign-in stand-in: the stand-in's
// sign-in page, whose token comes back in the URL fragment with the state this page stored.
import type * as TeamsJs from '@microsoft/teams-js';
import { session } from './tab-api.js';
import { button, el, notice, show } from './tab-dom.js';

declare global {
  interface Window {
    microsoftTeams?: typeof TeamsJs;
  }
}

const STATE_KEY = 'partner-link-tab-sign-in-state';

/** Teams answers app.initialize only inside its frame; elsewhere it never does, so give up after a while. */
export async function initializeTeams(): Promise<typeof TeamsJs | undefined> {
  if (window.parent === window) return undefined;
  await new Promise<void>((resolve, reject) => {
    const script = el('script', { src: '/tab/teams-js.js' });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error('teams-js did not load')));
    document.head.append(script);
  }).catch(() => undefined);
  const sdk = window.microsoftTeams;
  if (!sdk) return undefined;
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000));
  const ready = await Promise.race([
    sdk.app.initialize().then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
  return ready ? sdk : undefined;
}

/** Local sign-in: the token the stand-in's sign-in page sent back in the fragment, if its state matches ours. */
export function tokenFromRedirect(): string | undefined {
  if (!location.hash.includes('access_token=')) return undefined;
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const state = fragment.get('state');
  return expected !== null && state === expected ? (fragment.get('access_token') ?? undefined) : undefined;
}

function startLocalSignIn(): void {
  const signIn = session.config.localSignIn;
  if (!signIn) return;
  const state = crypto.randomUUID();
  sessionStorage.setItem(STATE_KEY, state);
  const url = new URL(signIn.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    response_type: 'token',
    redirect_uri: `${location.origin}/tab`,
    scope: signIn.scope,
    state,
    nonce: crypto.randomUUID(),
  }).toString();
  location.assign(url.toString());
}

export function showLocalSignIn(message?: string): void {
  show(
    ...(message ? [notice('attention', message)] : []),
    el('p', {}, 'Sign in with your work account to see your learning links.'),
    el(
      'div',
      { class: 'actions' },
      button('Sign in', 'primary', () => startLocalSignIn()),
    ),
    el(
      'p',
      { class: 'local' },
      'Local mode: you sign in on the local sign-in stand-in. In Microsoft Teams this tab signs you in by itself.',
    ),
  );
}

/** The person's locale: Teams' app.locale inside Teams, else the browser's. */
export async function pageLocale(): Promise<string> {
  if (session.teams) {
    const locale = await session.teams.app.getContext().then(
      (context) => context.app.locale,
      () => undefined,
    );
    if (locale) return locale;
  }
  return navigator.language;
}
