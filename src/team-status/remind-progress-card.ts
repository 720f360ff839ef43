// The manager's "Remind unlinked" progress card: the counts of the press, and for everyone who could
// not be reached, why, grouped (not installed for them, left the organization, Teams refused, in
// doubt) with what to do next for each — the install link (TEAMS_APP_ID) for those without the app.
// Drawn once when the button is pressed and again, in place, as the counts move.
import { card, execute, heading, text, type AdaptiveCard, type TextBlock } from '../cards/card-elements';
import { userMessage } from '../errors';
import type { RemindProgress } from './link-reminder-progress';
import { teamsInstallLink } from '../teams-app/install-link';
import type { TeamAction } from './team-actions';

/** What to do next for each group of people who could not be reached, one line each (none when all is well). */
export function whyNotReached(progress: RemindProgress, installLink: string | undefined): string[] {
  const lines: string[] = [];
  const count = (n: number) => ({ count: String(n) });
  if (progress.notInstalled > 0) {
    lines.push(
      installLink
        ? userMessage('remind-why-not-installed', { ...count(progress.notInstalled), link: installLink })
        : userMessage('remind-why-not-installed-no-link', count(progress.notInstalled)),
    );
  }
  if (progress.left > 0) lines.push(userMessage('remind-why-left', count(progress.left)));
  if (progress.refusedBy.blocked > 0) lines.push(userMessage('remind-why-blocked', count(progress.refusedBy.blocked)));
  if (progress.refusedBy.admin > 0) lines.push(userMessage('remind-why-turned-off', count(progress.refusedBy.admin)));
  if (progress.refusedBy.other > 0) lines.push(userMessage('remind-why-refused', count(progress.refusedBy.other)));
  if (progress.inDoubt > 0) lines.push(userMessage('remind-why-in-doubt', count(progress.inDoubt)));
  return lines;
}

/** The card; `teamsAppId` makes the install link (for the tenant of the press, from its action). */
export function progressCard(
  progress: RemindProgress,
  intro: string,
  back: TeamAction,
  teamsAppId?: string,
): AdaptiveCard {
  const why = whyNotReached(progress, teamsInstallLink(teamsAppId, back.tenant));
  const lines: TextBlock[] = why.map((line, index) =>
    text(line, index === 0 ? { spacing: 'medium', separator: true } : {}),
  );
  return card(
    [
      heading('Reminders', 'large'),
      text(intro),
      {
        type: 'FactSet',
        facts: [
          { title: 'Sent', value: String(progress.sent) },
          { title: 'Waiting', value: String(progress.waiting) },
          { title: 'Not installed for them', value: String(progress.notInstalled) },
          { title: 'Left the organization', value: String(progress.left) },
          { title: 'Teams refused', value: String(progress.refused) },
          { title: 'In doubt (maybe sent, never repeated)', value: String(progress.inDoubt) },
        ],
      },
      ...lines,
    ],
    [execute('Back to the team', back)],
  );
}
