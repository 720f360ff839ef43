// The personal tab's page: the same "Your learning" state and actions as the chat card. In Teams it
// signs in with Teams SSO (app.initialize, then authentication.getAuthToken); outside Teams, and only
// when the server says it runs against the local sign-in stand-in, through the stand-in's sign-in
// page (tab-sign-in.ts). The token stays in memory (never in storage); every text the person reads is
// built with textContent, never HTML (tab-dom.ts). Errors are plain sentences from the server, never
// stack traces (tab-api.ts). The sections: tab-page.ts (accounts and certifications),
// tab-team-section.ts ("My team"), tab-forecast-section.ts (the skilling forecast).
import { api, errorMessage, session, UNREACHABLE, type TabConfig } from './tab-api.js';
import { notice, show } from './tab-dom.js';
import { loadForecast } from './tab-forecast-section.js';
import { failed, render } from './tab-page.js';
import { initializeTeams, pageLocale, showLocalSignIn, tokenFromRedirect } from './tab-sign-in.js';
import { loadTeam } from './tab-team-section.js';
import { followTheme } from './tab-theme.js';
import type { TabLearningView as LearningView } from './tab-wire';

async function main(): Promise<void> {
  try {
    session.config = await api<TabConfig>('/api/tab/config');
  } catch (error) {
    show(notice('attention', errorMessage(error)));
    return;
  }
  const config = session.config;
  if (!config.enabled) {
    show(notice('warning', config.message ?? UNREACHABLE));
    return;
  }
  const teams = await initializeTeams();
  session.teams = teams;
  if (teams) {
    await followTheme(teams).catch(() => undefined);
    try {
      session.token = await teams.authentication.getAuthToken();
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
    session.token = tokenFromRedirect();
    if (!session.token) {
      showLocalSignIn();
      return;
    }
  } else {
    show(notice('warning', config.text.notInTeams));
    return;
  }
  try {
    session.dateQuery = `?${new URLSearchParams({ locale: await pageLocale(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).toString()}`;
    const [learning] = await Promise.all([
      api<LearningView>(`/api/tab/learning${session.dateQuery}`),
      loadTeam(false),
      loadForecast(),
    ]);
    render(learning);
  } catch (error) {
    failed(error);
  }
}

void main();
