// The tab's tiny DOM helpers: every text the person reads is set with textContent (append of a
// string), never HTML; notices are announced (alert for warnings and problems, status otherwise).
import type { TabNotice } from './tab-wire';

const root = document.getElementById('app') as HTMLElement;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

export function button(title: string, className: string, onClick: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: className }, title);
  b.addEventListener('click', () => onClick(b));
  return b;
}

export function notice(tone: TabNotice['tone'], text: string): HTMLElement {
  return el(
    'p',
    { class: `notice ${tone}`, role: tone === 'attention' || tone === 'warning' ? 'alert' : 'status' },
    text,
  );
}

/** The page's content, under its heading. */
export function show(...nodes: Node[]): void {
  root.replaceChildren(el('h1', {}, 'Your learning'), ...nodes);
}

/** Puts a node before the page's n-th child (after the heading and who is signed in). */
export function insertAt(index: number, node: Node): void {
  root.insertBefore(node, root.children[index] ?? null);
}

/** The first element in the page matching `selector`. */
export function find<E extends Element>(selector: string): E | null {
  return root.querySelector<E>(selector);
}
