// The team-status vocabulary: who is on a roster, what is known about each person, and what a
// manager's view asks for. A view request carries only page, filter and scope (plus who it was made
// for, to be compared with the presser): the roster itself is never carried by a card, it is read
// again from Graph and recomputed on every press.

/** A member of the organization on a roster: Graph id and display name, nothing else. */
export interface RosterPerson {
  id: string;
  displayName: string;
}

/** What the association store says: a manager sees *that* an account is linked, never which one. */
export interface PersonLinks {
  /** Partner University (training) linked. */
  training: boolean;
  /** Microsoft Learning (exams and certifications) linked. */
  learning: boolean;
}

/**
 * Whose the certifications are, as far as Partner Link knows: the transcript's contact email is the
 * person's associated account ('email'), or the person declared it theirs ('self-declared'), and a
 * partner admin approved ('approved') or declined ('declined') that. Only 'email' and 'approved' count for credit.
 */
export type CertificationCheck = 'email' | 'self-declared' | 'approved' | 'declined';

/** From the certifications module's cache; null when nothing is known (no transcript shared, or its owner in doubt). */
export interface CertificationSummary {
  active: number;
  /** Active certifications that expire within 6 months (the renewal window). */
  expiringSoon: number;
  /** Absent: matched by email (the norm). */
  check?: CertificationCheck;
}

export interface PersonStatus {
  links: PersonLinks;
  certifications: CertificationSummary | null;
}

/** Looks up the status of one Graph page of people at a time (the roster is never held whole). */
export type StatusLookup = (people: readonly RosterPerson[]) => Promise<ReadonlyMap<string, PersonStatus>>;

export const TEAM_FILTERS = ['all', 'not-linked', 'certified', 'expiring-soon'] as const;
export type TeamFilter = (typeof TEAM_FILTERS)[number];

export const TEAM_SCOPES = ['direct', 'org', 'team'] as const;
/** direct = my direct reports; org = my whole org down the chain; team = a Teams team's members. */
export type TeamScope = (typeof TEAM_SCOPES)[number];

/** How a person's certifications were checked, in the team card, the tab and the CSV. */
export const CHECK_LABELS: Record<CertificationCheck, string> = {
  email: 'email matches',
  'self-declared': 'self-declared, not approved',
  approved: 'self-declared, approved',
  declined: 'self-declared, declined',
};

export const FILTER_LABELS: Record<TeamFilter, string> = {
  all: 'Everyone',
  'not-linked': 'Not linked',
  certified: 'Certified',
  'expiring-soon': 'Expiring soon',
};

/** One row of the card and of the CSV: the same columns in both. */
export interface TeamRow {
  name: string;
  trainingLinked: boolean;
  learningLinked: boolean;
  activeCertifications: number;
  expiringSoon: number;
  /** Null or absent when no certifications are known. */
  certificationCheck?: CertificationCheck | null;
}

export interface TeamCounts {
  total: number;
  /** Both Partner University and Microsoft Learning linked. */
  linked: number;
  /** At least one of the two missing: whom "Remind unlinked" nudges. */
  notLinked: number;
  /** At least one active certification. */
  certified: number;
  /** At least one certification expiring within 6 months. */
  expiring: number;
}

/** A person with nothing stored: nothing linked, no certifications known. */
export const UNKNOWN_STATUS: PersonStatus = { links: { training: false, learning: false }, certifications: null };

export function isLinked(status: PersonStatus): boolean {
  return status.links.training && status.links.learning;
}

export function matchesFilter(status: PersonStatus, filter: TeamFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'not-linked':
      return !isLinked(status);
    case 'certified':
      return (status.certifications?.active ?? 0) > 0;
    case 'expiring-soon':
      return (status.certifications?.expiringSoon ?? 0) > 0;
  }
}
