// The tab's "Microsoft exams and certifications" part: renewal open (with the date), active, and
// expired or retired collapsed in a <details>, with the age of what was read; and the card's actions:
// Refresh, the renewal reminders switch, and a box to paste the transcript share link into. Same
// words and dates as the chat card (the server writes them); textContent only.
import type { TabCertificationLine, TabCertifications } from './tab-wire';

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<Record<string, string>>,
  ...children: (Node | string)[]
) => HTMLElementTagNameMap[K];
type ButtonFn = (title: string, className: string, onClick: (b: HTMLButtonElement) => void) => HTMLButtonElement;

/** What the part's buttons do (the page talks to the server). */
export interface CertificationActions {
  refresh: (pressed: HTMLButtonElement) => void;
  paste: (link: string, pressed: HTMLButtonElement) => void;
  reminders: (on: boolean, pressed: HTMLButtonElement) => void;
}

function list(el: El, lines: TabCertificationLine[]): HTMLElement {
  return el(
    'ul',
    { class: 'certifications' },
    ...lines.map((l) =>
      el('li', {}, el('span', { class: 'name' }, l.name), ' — ', el('span', { class: 'detail' }, l.detail)),
    ),
  );
}

function linkBox(c: TabCertifications, el: El, button: ButtonFn, actions: CertificationActions): HTMLElement {
  const input = el('input', {
    id: 'transcript-link',
    type: 'text',
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: c.linkBox.placeholder,
    maxlength: String(c.linkBox.maxLength),
  });
  const read = button(c.linkBox.button, 'primary', (b) => actions.paste(input.value, b));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') read.click();
  });
  return el(
    'div',
    { class: 'link-box' },
    el('label', { for: 'transcript-link' }, c.linkBox.label),
    el('div', { class: 'actions' }, input, read),
  );
}

export function certificationsBlock(
  c: TabCertifications,
  el: El,
  button: ButtonFn,
  actions: CertificationActions,
): HTMLElement {
  const box = el('div', { class: 'certifications-part', 'data-part': 'certifications' });
  if (c.ask) {
    box.append(el('p', {}, c.ask), linkBox(c, el, button, actions));
    return box;
  }
  if (c.ownershipWarning) box.append(el('p', { class: 'notice warning', role: 'status' }, c.ownershipWarning));
  if (c.notRead) box.append(el('p', { class: 'subtle' }, c.notRead));
  const total = c.active.length + c.expiringSoon.length + c.expiredOrRetired.length;
  if (!c.notRead && total === 0)
    box.append(el('p', {}, 'Your Microsoft Learn transcript lists no certifications yet.'));
  if (c.expiringSoon.length)
    box.append(
      el('h3', {}, `Renewal open (${c.expiringSoon.length}): renew for free on Microsoft Learn before the date`),
      list(el, c.expiringSoon),
    );
  if (c.active.length) box.append(el('h3', {}, `Active (${c.active.length})`), list(el, c.active));
  if (c.expiredOrRetired.length)
    box.append(
      el(
        'details',
        {},
        el('summary', {}, `Show ${c.expiredOrRetired.length} expired or retired`),
        list(el, c.expiredOrRetired),
      ),
    );
  for (const line of c.contributions) box.append(el('p', { class: 'contribution' }, line));
  if (c.age) box.append(el('p', { class: 'subtle' }, c.age));
  const buttons = el('div', { class: 'actions' }, button('Refresh', '', actions.refresh));
  const reminders = c.reminders;
  if (reminders) buttons.append(button(reminders.toggleTitle, '', (b) => actions.reminders(!reminders.on, b)));
  box.append(
    buttons,
    el('details', { class: 'new-link' }, el('summary', {}, c.linkBox.newLinkTitle), linkBox(c, el, button, actions)),
  );
  return box;
}
