// "Is this person still in the organization?", as the proactive worker asks it before a send (and
// again, uncached, when Teams says the person's chat is gone). Only a directory's own "no such user"
// (Graph 404 on GET /users/{id}) is proof that someone left: a person missing from a manager's
// roster may have moved teams, and a Teams error alone may be transient. Anything else — Graph
// down, throttled, no app credentials — is 'unknown', and the worker sends as it would have.
import type { PersonKey } from './proactive-store';

export type PersonPresence = 'present' | 'gone' | 'unknown';

export interface PersonDirectory {
  /** `fresh`: skip any remembered answer (a Teams hint that the person may be gone). */
  presence(person: PersonKey, options?: { fresh?: boolean }): Promise<PersonPresence>;
}

/**
 * One remembered 'present' per person for `ttlMs`, at most `max` people (oldest forgotten first). Each
 * instance keeps its own: a departure is seen within `ttlMs` (what follows it, cancelled jobs and a
 * dropped reference, is in the store for every instance), or at once when Teams hints at it (`fresh`).
 */
export function cachedDirectory(
  lookup: (person: PersonKey) => Promise<PersonPresence>,
  now: () => Date,
  ttlMs = 60 * 60 * 1000,
  max = 10_000,
): PersonDirectory {
  const present = new Map<string, number>();
  return {
    async presence(person, options = {}) {
      const key = `${person.tenantId.toLowerCase()}|${person.aadObjectId.toLowerCase()}`;
      const until = present.get(key);
      if (!options.fresh && until !== undefined && until > now().getTime()) return 'present';
      present.delete(key);
      const answer = await lookup(person);
      if (answer === 'present') {
        if (present.size >= max) present.delete(present.keys().next().value as string);
        present.set(key, now().getTime() + ttlMs);
      }
      return answer;
    },
  };
}
