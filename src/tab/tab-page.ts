// The tab's page once signed in: who is signed in, the server's notice, one section per account
// (linked or not, its certifications under the Learning one, the confirmation before removing it),
// then "My team" and the skilling forecast when the server gave them. Errors show as a notice on
// top of what was shown; a local sign-in that expired asks to sign in again.
import { api, ApiError, errorMessage, session } from './tab-api.js';
import { certificationsBlock } from './tab-certifications.js';
import { button, el, find, insertAt, notice, show } from './tab-dom.js';
import { showLocalSignIn } from './tab-sign-in.js';
import type { TabLearningView as LearningView, TabPurpose as Purpose, TabSection as Section } from './tab-wire';

/** The sections loaded beside the accounts (tab-team-section.ts, tab-forecast-section.ts). */
export const extraSections: { team?: HTMLElement; forecast?: HTMLElement } = {};

let current: LearningView | undefined;

function linkHint(section: Section, where: HTMLElement): void {
  const { config, teams } = session;
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

function sectionView(view: LearningView, section: Section, confirming: boolean): HTMLElement {
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
  if (section.purpose === 'learning' && view.certifications && !confirming)
    box.append(certificationsBlock(view.certifications, el, button, certificationActions));
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
          button('Keep it', '', () => render(view)),
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
  actions.append(button(section.removeTitle, '', () => render(view, section.purpose)));
  box.append(actions);
  return box;
}

/** Shows the person's learning view (and the team and forecast sections), asking to confirm a removal if `confirming`. */
export function render(view: LearningView, confirming?: Purpose): void {
  current = view;
  show(
    el(
      'p',
      { class: 'who' },
      view.person ? `Signed in as ${view.person.displayName}` : 'Signed in with your work account',
    ),
    ...(view.notice ? [notice(view.notice.tone, view.notice.text)] : []),
    ...view.sections.map((s) => sectionView(view, s, s.purpose === confirming)),
    ...(extraSections.team ? [extraSections.team] : []),
    ...(extraSections.forecast ? [extraSections.forecast] : []),
  );
  if (confirming) find<HTMLButtonElement>('.confirm button.danger')?.focus();
}

/** Shows the page again (if there is one), with nothing else changed. */
export function rerender(): void {
  if (current) render(current);
}

async function remove(purpose: Purpose, associationId: string, pressed: HTMLButtonElement): Promise<void> {
  pressed.disabled = true;
  try {
    render(
      await api<LearningView>(`/api/tab/remove${session.dateQuery}`, {
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
      await api<LearningView>(`/api/tab/certifications/${path}${session.dateQuery}`, {
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

/** A failure: its sentence on top of the page (or alone); a local sign-in that is no longer valid signs in again. */
export function failed(error: unknown): void {
  const message = errorMessage(error);
  const { config, teams } = session;
  if (error instanceof ApiError && error.status === 401 && !teams && config.local && config.localSignIn) {
    session.token = undefined;
    showLocalSignIn(message);
    return;
  }
  if (current) {
    render(current);
    insertAt(2, notice('attention', message));
  } else {
    show(notice('attention', message));
  }
}
