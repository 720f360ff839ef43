// "Delete my data" for proactive messaging: the person's saved conversation reference, their
// reminder preference, and their jobs (queued ones and the record of sent ones, whose payload names
// certifications). A job being sent right now ('sending') is left to finish; its row holds no
// address. The reference is saved again on the person's next 1:1 message, as on first contact.
import type { PersonKey } from './proactive-store';

export interface ProactiveErasure {
  erase(person: PersonKey): Promise<{ references: number; preferences: number; jobs: number }>;
}
