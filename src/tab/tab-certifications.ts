// The tab's "Microsoft exams and certifications" part (issue 8.4): renewal open (with the date),
// active, and expired or retired collapsed in a <details>, with the age of what was read and a
// Refresh button. Same words and dates as the chat card (the server writes them); textContent only.
import type { TabCertificationLine, TabCertifications } from './tab-wire';

type El = <K extends keyof HTMLElementTagNameMap>(tag: K, props?: Partial<Record<string, string>>, ...children: (Node | string)[]) => HTMLElementTagNameMap[K];
type ButtonFn = (title: string, className: string, onClick: (b: HTMLButtonElement) => void) => HTMLButtonElement;

function list(el: El, lines: TabCertificationLine[]): HTMLElement {
  return el('ul', { class: 'certifications' }, ...lines.map((l) => el('li', {}, el('span', { class: 'name' }, l.name), ' — ', el('span', { class: 'detail' }, l.detail))));
}

export function certificationsBlock(c: TabCertifications, el: El, button: ButtonFn, refresh: (b: HTMLButtonElement) => void): HTMLElement {
  const box = el('div', { class: 'certifications-part', 'data-part': 'certifications' });
  if (c.ask) {
    box.append(el('p', {}, c.ask), el('p', { class: 'subtle' }, 'Paste the link in your 1:1 chat with Partner Link.'));
    return box;
  }
  if (c.ownershipWarning) box.append(el('p', { class: 'notice warning', role: 'status' }, c.ownershipWarning));
  if (c.notRead) box.append(el('p', { class: 'subtle' }, c.notRead));
  const total = c.active.length + c.expiringSoon.length + c.expiredOrRetired.length;
  if (!c.notRead && total === 0) box.append(el('p', {}, 'Your Microsoft Learn transcript lists no certifications yet.'));
  if (c.expiringSoon.length) box.append(el('h3', {}, `Renewal open (${c.expiringSoon.length}): renew for free on Microsoft Learn before the date`), list(el, c.expiringSoon));
  if (c.active.length) box.append(el('h3', {}, `Active (${c.active.length})`), list(el, c.active));
  if (c.expiredOrRetired.length) box.append(el('details', {}, el('summary', {}, `Show ${c.expiredOrRetired.length} expired or retired`), list(el, c.expiredOrRetired)));
  for (const line of c.contributions) box.append(el('p', { class: 'contribution' }, line));
  if (c.age) box.append(el('p', { class: 'subtle' }, c.age));
  box.append(el('div', { class: 'actions' }, button('Refresh', '', refresh)));
  return box;
}
