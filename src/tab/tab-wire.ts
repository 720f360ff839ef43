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

export interface TabCertificationLine {
  name: string;
  /** "expires Aug 27, 2027", "no expiry", "ended Oct 15, 2026": dates as the chat card writes them. */
  detail: string;
}

/** The "Microsoft exams and certifications" part under a linked Learning account. */
export interface TabCertifications {
  /** No transcript link yet: where to find it and what is read (the card's words). */
  ask: string | null;
  /** The transcript's contact email is not the associated account's (confirm in the chat). */
  ownershipWarning: string | null;
  /** Not read from Learn yet (the link is saved). */
  notRead: string | null;
  active: TabCertificationLine[];
  expiringSoon: TabCertificationLine[];
  expiredOrRetired: TabCertificationLine[];
  /** "Read from Microsoft Learn 3 hours ago." */
  age: string | null;
  /** "Your AZ-104 counts toward Infrastructure (Azure)." */
  contributions: string[];
  /** The box to paste a transcript share link into (the card's words); `newLinkTitle` unfolds it once a link was given. */
  linkBox: { label: string; placeholder: string; button: string; maxLength: number; newLinkTitle: string };
  /** The renewal reminders switch (once a link was given, as on the card); `toggleTitle` turns it the other way. */
  reminders: { on: boolean; toggleTitle: string } | null;
}

export interface TabLearningView {
  person: { displayName: string } | null;
  sections: TabSection[];
  notice: TabNotice | null;
  certifications?: TabCertifications | null;
}

export type TabTeamFilter = 'all' | 'not-linked' | 'certified' | 'expiring-soon';

/** GET /api/tab/team: the manager's view, the same data and filters as the chat's team card. */
export interface TabTeamView {
  /** The section's heading: "My team", "My whole organization". */
  title: string;
  scope: 'direct' | 'org';
  filter: TabTeamFilter;
  filters: { value: TabTeamFilter; title: string }[];
  counts: { total: number; linked: number; notLinked: number; certified: number; expiring: number };
  columns: readonly string[];
  /** `certificationCheck`: how the certifications were checked, in words (CHECK_LABELS); '' when none are known. */
  rows: {
    name: string;
    trainingLinked: boolean;
    learningLinked: boolean;
    activeCertifications: number;
    expiringSoon: number;
    certificationCheck: string;
  }[];
  page: number;
  pageCount: number;
  matching: number;
  notes: string[];
  /** The skilling credit the people of this view earn, the same lines as the team card's; null without certifications. */
  credit: TabTeamCredit | null;
}

export interface TabTeamCredit {
  heading: string;
  note?: string;
  /** `points`: "15 of 25 points"; `suggestions`: what would raise them, at most three. */
  areas: { area: string; points: string; suggestions: string[] }[];
}

/** GET /api/tab/team when there is no view: nobody reports to the person, or they may not see it. */
export interface TabTeamMessage {
  message: string;
}
