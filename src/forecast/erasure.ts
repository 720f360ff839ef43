// What the forecast keeps about a person, and when: the day the directory said they left the
// organization (the proactive worker's check before a send), so the forecast drops their
// certifications at Partner Center's next refresh; "delete my data" takes that record away.
import type { WorkUser } from '../associations/model';
import type { PersonKey } from '../proactive/proactive-store';
import type { ForecastSettingsStore } from './forecast-settings';

type Person = Pick<WorkUser, 'tenantId' | 'objectId'>;

/** Told when the directory says a person left: their departure is recorded (the first date learned stays). */
export function recordDeparture(
  settings: Pick<ForecastSettingsStore, 'recordLeft'>,
  now: () => Date,
): (person: PersonKey) => Promise<void> {
  return (person) => settings.recordLeft({ tenantId: person.tenantId, objectId: person.aadObjectId }, now());
}

/** "Delete my data": the person's departure record goes. */
export function forecastErasure(
  settings: Pick<ForecastSettingsStore, 'forgetPerson'>,
): ((user: Person) => Promise<void>)[] {
  return [(user) => settings.forgetPerson(user)];
}
