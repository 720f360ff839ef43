// "My team" (managers only: shown when Graph lists reports): loads the section for the chosen
// scope, filter and page, and downloads it as CSV. Someone who manages nobody gets no section at
// all (the page says nothing about anyone else).
import { api, ApiError, errorMessage, session, UNREACHABLE } from './tab-api.js';
import { button, el, notice } from './tab-dom.js';
import { extraSections, failed, rerender } from './tab-page.js';
import { teamView, type TeamState } from './tab-team.js';
import type { TabTeamMessage, TabTeamView } from './tab-wire';

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

/** Loads "My team" into the page's sections; shows the page again if `again`. */
export async function loadTeam(again: boolean): Promise<void> {
  try {
    const answer = await api<TabTeamView | TabTeamMessage>(`/api/tab/team?${teamQuery()}`);
    extraSections.team =
      'rows' in answer
        ? teamView(answer, el, button, teamActions)
        : teamState.scope === 'direct'
          ? undefined
          : el('section', {}, el('p', {}, answer.message));
  } catch (error) {
    extraSections.team = el('section', { 'aria-label': 'My team' }, notice('attention', errorMessage(error)));
  }
  if (again) rerender();
}

async function downloadCsv(pressed: HTMLButtonElement): Promise<void> {
  pressed.disabled = true;
  try {
    const response = await fetch(`/api/tab/team.csv?${teamQuery()}`, {
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
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
