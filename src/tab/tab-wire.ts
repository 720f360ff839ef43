// What /api/tab/* answers, as types only: the one definition the server (src/tab-api) and the page
// (src/tab) share across their two compilations. No runtime code here: `import type` only.

export type TabPurpose = 'training' | 'learning';

export interface TabNotice {
  tone: 'default' | 'good' | 'warning' | 'attention';
  text: string;
}

export interface TabSection {
  purpose: TabPurpose;
  heading: string;
  notLinkedText: string;
  linkTitle: string;
  removeTitle: string;
  confirmTitle: string;
  confirmText: string;
  /** Present when a personal account is linked for this purpose. `since`: linkedAt as the chat card writes it, in the page's locale. */
  linked: { associationId: string; maskedEmail: string; linkedAt: string; since: string; note: string | null } | null;
  /** "View training" (training section only, when linked). */
  viewTrainingUrl: string | null;
}

export interface TabLearningView {
  person: { displayName: string } | null;
  sections: TabSection[];
  notice: TabNotice | null;
}
