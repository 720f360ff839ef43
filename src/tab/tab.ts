// The personal tab's page: the same "Your learning" state and actions as the chat card. In Teams it
// signs in with Teams SSO (app.initialize, then authentication.getAuthToken); outside Teams, and only
// when the server says it runs against the local sign-in stand-in, through the stand-in's sign-in
// page. The token stays in memory (never in storage); every text the person reads is built with
// textContent, never HTML. Errors are plain sentences from the server, never stack traces.
import type * as TeamsJs from '@microsoft/teams-js';
import { certificationsBlock } from './tab-certifications.js';
import { forecastView } from './tab-forecast.js';
import { teamView, type TeamState } from './tab-team.js';
import type {
  TabForecastMessage,
  TabForecastView,
  TabLearningView as LearningView,
  TabNotice,
  TabPurpose as Purpose,
  TabSection as Section,
  TabTeamMessage,
  TabTeamView,
} from './tab-wire';

declare global {
  interface Window {
    microsoftTeams?: typeof TeamsJs;
  }
}

interface TabConfig {
  enabled: boolean;
  message?: string;
  local: boolean;
  localSignIn: { authorizeUrl: string; clientId: string; scope: string } | null;
  chat: { teamsDeepLink: string | null; localChatUrl: string | null };
  text: { notInTeams: string; linkInTeams: string; linkLocally: string };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = "Partner Link can't be reached right now. Nothing was changed. Please try again in a few minutes.";
const STATE_KEY = 'partner-link-tab-sign-in-state';

const root = document.getElementById('app') as HTMLElement;
let config: TabConfig;
let token: string | undefined;
let teams: typeof TeamsJs | undefined;
/** The person's locale (Teams' app.locale, else the browser's) and time zone: the server writes dates in them, as the chat card does. */
let dateQuery = '';

// ---- tiny DOM helpers ---------------------------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function button(title: string, className: string, onClick: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: className }, title);
  b.addEventListener('click', () => onClick(b));
  return b;
}

function notice(tone: TabNotice['tone'], text: string): HTMLElement {
  return el(
    'p',
    { class: `notice ${tone}`, role: tone === 'attention' || tone === 'warning' ? 'alert' : 'status' },
    text,
  );
}

function show(...nodes: Node[]): void {
  root.replaceChildren(el('h1', {}, 'Your learning'), ...nodes);
}

// ---- server -------------------------------------------------------------------------------------

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: { message?: string } }) | undefined;
  if (!response.ok || body === undefined) throw new ApiError(response.status, body?.error?.message ?? UNREACHABLE);
  return body;
}

// ---- sign-in ------------------------------------------------------------------------------------

/** Teams answers app.initialize only inside its frame; elsewhere it never does, so give up after a while. */
async function initializeTeams(): Promise<typeof TeamsJs | undefined> {
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
function tokenFromRedirect(): string | undefined {
  if (!location.hash.includes('access_token=')) return undefined;
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const state = fragment.get('state');
  return expected !== null && state === expected ? (fragment.get('access_token') ?? undefined) : undefined;
}

function startLocalSignIn(): void {
  const signIn = config.localSignIn;
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

function showLocalSignIn(message?: string): void {
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

// ---- the page -----------------------------------------------------------------------------------

function linkHint(section: Section, where: HTMLElement): void {
  const parts: (Node | string)[] = [];
  if (teams && config.chat.teamsDeepLink) {
    parts.push(config.text.linkInTeams.replace('{title}', section.linkTitle));
    void teams.app.openLink(config.chat.teamsDeepLink).catch(() => undefined);
  } else if (config.local) {
    parts.push(config.text.linkLocally.replace('{title}', section.linkTitle));
    if (config.chat.localChatUrl)
      parts.push(
        ' ',
        el('a', { href: config.chat.localChatUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open the chat'),
      );
  } else {
    parts.push(config.text.linkInTeams.replace('{title}', section.linkTitle));
  }
  where.replaceChildren(el('p', { class: 'hint', role: 'status' }, ...parts));
}

function sectionView(section: Section, confirming: boolean): HTMLElement {
  const id = `heading-${section.purpose}`;
  const box = el(
    'section',
    { 'aria-labelledby': id, 'data-purpose': section.purpose },
    el('h2', { id }, section.heading),
  );
  if (!section.linked) {
    const hint = el('div');
    box.append(
      el('p', {}, section.notLinkedText),
      el(
        'div',
        { class: 'actions' },
        button(section.linkTitle, 'primary', () => linkHint(section, hint)),
      ),
      hint,
    );
    return box;
  }
  const linked = section.linked;
  box.append(el('p', {}, 'Linked to ', el('strong', {}, linked.maskedEmail), ` since ${linked.since}.`));
  if (linked.note) box.append(el('p', { class: 'subtle' }, linked.note));
  if (section.purpose === 'learning' && current.certifications && !confirming)
    box.append(certificationsBlock(current.certifications, el, button, certificationActions));
  if (confirming) {
    box.append(
      el(
        'div',
        { class: 'confirm', role: 'alertdialog', 'aria-label': section.removeTitle },
        el('p', {}, section.confirmText),
        el(
          'div',
          { class: 'actions' },
          button(section.confirmTitle, 'danger', (b) => void remove(section.purpose, linked.associationId, b)),
          button('Keep it', '', () => render(current)),
        ),
      ),
    );
    return box;
  }
  const actions = el('div', { class: 'actions' });
  if (section.viewTrainingUrl)
    actions.append(
      el(
        'a',
        { class: 'button', href: section.viewTrainingUrl, target: '_blank', rel: 'noopener noreferrer' },
        'View training',
      ),
    );
  actions.append(button(section.removeTitle, '', () => render(current, section.purpose)));
  box.append(actions);
  return box;
}

let current: LearningView;

function render(view: LearningView, confirming?: Purpose): void {
  current = view;
  show(
    el(
      'p',
      { class: 'who' },
      view.person ? `Signed in as ${view.person.displayName}` : 'Signed in with your work account',
    ),
    ...(view.notice ? [notice(view.notice.tone, view.notice.text)] : []),
    ...view.sections.map((s) => sectionView(s, s.purpose === confirming)),
    ...(teamSection ? [teamSection] : []),
    ...(forecastSection ? [forecastSection] : []),
  );
  if (confirming) root.querySelector<HTMLButtonElement>('.confirm button.danger')?.focus();
}

// ---- My team (managers only: shown when Graph lists reports) ------------------------------------

let teamSection: HTMLElement | undefined;
let teamState: TeamState = { scope: 'direct', filter: 'all', page: 0 };

const teamQuery = () =>
  new URLSearchParams({ scope: teamState.scope, filter: teamState.filter, page: String(teamState.page) }).toString();

const teamActions = {
  load: (state: TeamState) => {
    teamState = state;
    void loadTeam(true);
  },
  download: (pressed: HTMLButtonElement) => void downloadCsv(pressed),
};

async function loadTeam(rerender: boolean): Promise<void> {
  try {
    const answer = await api<TabTeamView | TabTeamMessage>(`/api/tab/team?${teamQuery()}`);
    // Not a manager: no section at all (the page says nothing about anyone else).
    teamSection =
      'rows' in answer
        ? teamView(answer, el, button, teamActions)
        : teamState.scope === 'direct'
          ? undefined
          : el('section', {}, el('p', {}, answer.message));
  } catch (error) {
    teamSection = el(
      'section',
      { 'aria-label': 'My team' },
      notice('attention', error instanceof ApiError ? error.message : UNREACHABLE),
    );
  }
  if (rerender && current) render(current);
}

// ---- Skilling forecast (partner admins: the organization; managers: their team) -----------------

let forecastSection: HTMLElement | undefined;

async function loadForecast(): Promise<void> {
  try {
    const answer = await api<TabForecastView | TabForecastMessage>(`/api/tab/forecast${dateQuery}`);
    forecastSection =
      'areas' in answer
        ? forecastView(answer, el)
        : el(
            'section',
            { 'aria-label': answer.title, 'data-part': 'forecast' },
            el('h2', {}, answer.title),
            el('p', {}, answer.message),
            ...(answer.honesty ? [el('p', { class: 'subtle' }, answer.honesty)] : []),
          );
  } catch (error) {
    forecastSection = el(
      'section',
      { 'aria-label': 'Skilling forecast', 'data-part': 'forecast' },
      el('h2', {}, 'Skilling forecast'),
      notice('attention', error instanceof ApiError ? error.message : UNREACHABLE),
    );
  }
}

/** Teams' theme (default, dark, contrast) on the page: tab.css picks its colours, the chart's too. */
async function followTheme(sdk: typeof TeamsJs): Promise<void> {
  const apply = (theme: string | undefined) => {
    document.body.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
  };
  apply(
    await sdk.app.getContext().then(
      (c) => c.app.theme,
      () => undefined,
    ),
  );
  sdk.app.registerOnThemeChangeHandler(apply);
}

async function downloadCsv(pressed: HTMLButtonElement): Promise<void> {
  pressed.disabled = true;
  try {
    const response = await fetch(`/api/tab/team.csv?${teamQuery()}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok)
      throw new ApiError(
        response.status,
        ((await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined)?.error
          ?.message ?? UNREACHABLE,
      );
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'team-status.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    failed(error);
  } finally {
    pressed.disabled = false;
  }
}

async function remove(purpose: Purpose, associationId: string, pressed: HTMLButtonElement): Promise<void> {
  pressed.disabled = true;
  try {
    render(
      await api<LearningView>(`/api/tab/remove${dateQuery}`, {
        method: 'POST',
        body: JSON.stringify({ purpose, associationId }),
      }),
    );
  } catch (error) {
    failed(error);
  }
}

/** A certifications action: the server answers with the whole view, its notice on top. */
async function certificationsPost(path: string, body: unknown, pressed: HTMLButtonElement): Promise<void> {
  pressed.disabled = true;
  try {
    render(
      await api<LearningView>(`/api/tab/certifications/${path}${dateQuery}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  } catch (error) {
    failed(error);
  }
}

const certificationActions = {
  refresh: (pressed: HTMLButtonElement) => void certificationsPost('refresh', undefined, pressed),
  paste: (link: string, pressed: HTMLButtonElement) => void certificationsPost('link', { link }, pressed),
  reminders: (on: boolean, pressed: HTMLButtonElement) => void certificationsPost('reminders', { on }, pressed),
};

function failed(error: unknown): void {
  const message = error instanceof ApiError ? error.message : UNREACHABLE;
  if (error instanceof ApiError && error.status === 401 && !teams && config.local && config.localSignIn) {
    token = undefined;
    showLocalSignIn(message);
    return;
  }
  if (current) {
    render(current);
    root.insertBefore(notice('attention', message), root.children[2] ?? null);
  } else {
    show(notice('attention', message));
  }
}

async function pageLocale(): Promise<string> {
  if (teams) {
    const locale = await teams.app.getContext().then(
      (context) => context.app.locale,
      () => undefined,
    );
    if (locale) return locale;
  }
  return navigator.language;
}

async function main(): Promise<void> {
  try {
    config = await api<TabConfig>('/api/tab/config');
  } catch (error) {
    show(notice('attention', error instanceof ApiError ? error.message : UNREACHABLE));
    return;
  }
  if (!config.enabled) {
    show(notice('warning', config.message ?? UNREACHABLE));
    return;
  }
  teams = await initializeTeams();
  if (teams) {
    await followTheme(teams).catch(() => undefined);
    try {
      token = await teams.authentication.getAuthToken();
    } catch {
      show(
        notice(
          'attention',
          "Teams couldn't sign you in to Partner Link, so nothing is shown. Close and reopen the tab; if it keeps happening, tell your IT admin.",
        ),
      );
      return;
    }
  } else if (config.local && config.localSignIn) {
    token = tokenFromRedirect();
    if (!token) {
      showLocalSignIn();
      return;
    }
  } else {
    show(notice('warning', config.text.notInTeams));
    return;
  }
  try {
    dateQuery = `?${new URLSearchParams({ locale: await pageLocale(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).toString()}`;
    const [learning] = await Promise.all([
      api<LearningView>(`/api/tab/learning${dateQuery}`),
      loadTeam(false),
      loadForecast(),
    ]);
    render(learning);
  } catch (error) {
    failed(error);
  }
}

void main();
