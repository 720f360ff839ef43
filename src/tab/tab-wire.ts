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

/** GET /api/tab/forecast: the skilling forecast as the chat card says it, for the chart and its table. */
export interface TabForecastView {
  /** 'organization' for a partner admin; 'team' for a manager (their team's contribution, not the organization's score). */
  audience: 'organization' | 'team';
  title: string;
  /** What the figures count ("Your organization's skilling points, from the 4 linked people …"). */
  basis: string;
  /** The anniversary and its renewal window, or that none is set. */
  anniversary: string;
  /** Skilling is one part of a designation's score (the card's footer). */
  honesty: string;
  /** Both tracks are shown because the track is not recorded; null otherwise. */
  trackNote: string | null;
  /** "No area is at risk …" when there is no risk; null otherwise. */
  noRisks: string | null;
  /** Today, then each month end forecast (ISO instants) with its label ("Mar 2027"). */
  today: string;
  months: { at: string; label: string; inRenewalWindow: boolean }[];
  /** Marked on the chart when an anniversary is set (ISO instants). */
  renewalWindow: { opens: string; anniversary: string } | null;
  /** Every label the page writes, from the server (chat and tab say the same). */
  labels: TabForecastLabels;
  /** One line per area (two for an area whose track is not recorded and the tracks differ). */
  areas: TabForecastArea[];
}

export interface TabForecastLabels {
  chart: string;
  caption: string;
  monthsCaption: string;
  columns: { area: string; today: string; lowest: string; risk: string; prevents: string };
  points: string;
  renewalWindow: string;
  anniversary: string;
}

export interface TabForecastArea {
  name: string;
  today: number;
  max: number;
  /** Points at each month end, in the order of `months`. */
  points: number[];
  /** "0 by Mar 2027". */
  lowest: string;
  /** "today 24 of 40 · lowest 0 by Mar 2027 · at risk from Mar 20, 2027": the chat card's line. */
  line: string;
  /** "at risk from Mar 20, 2027" or "no risk in 12 months". */
  firstRisk: string;
  risks: TabForecastRisk[];
}

export interface TabForecastRisk {
  on: string;
  /** The month end (index into `months`) at or after the risk: where the chart marks it. */
  month: number;
  /** The card's sentence, plain text ("Security (Skilling: intermediate) falls to 0 on …"). */
  sentence: string;
  /** What prevents it, the card's lines (renewals first, then new certifications). */
  prevents: string[];
}

/** GET /api/tab/forecast when there is no forecast for the person: who can see it, or that nobody counts yet. */
export interface TabForecastMessage {
  /** The section's heading ("Skilling forecast"). */
  title: string;
  message: string;
  honesty?: string;
}
