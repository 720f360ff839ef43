// People and certifications for the forecast tests, named by exam code as the catalogue labels them.
import assert from 'node:assert/strict';
import { loadCatalogue } from '../../src/certifications/catalogue';
import { certificationLabel, normaliseCertificationName } from '../../src/certifications/catalogue-match';
import type { HeldCertification, PersonCertifications } from '../../src/certifications/credit';
import { renewedExpiry } from '../../src/forecast/forecast-dates';
import type { AreaForecast, AreaView, Forecast, RenewalFix } from '../../src/forecast/forecast-model';

export const catalogue = loadCatalogue();
export const TODAY = new Date('2026-11-24T09:00:00Z');
export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const entries = catalogue.areas.flatMap((a) => a.metrics.flatMap((m) => m.steps.flatMap((s) => s.certifications)));

/** The catalogue's name for a label ("AZ-104", or the name of an entry without a code). */
export function learnName(label: string): string {
  const entry = entries.find((e) => certificationLabel(e) === label);
  assert.ok(entry, `no catalogue entry labelled ${label}`);
  return entry.name;
}

export function held(label: string, expires: string | null): HeldCertification {
  return { name: learnName(label), expiresOn: expires === null ? null : day(expires) };
}

export const person = (personId: string, ...certifications: HeldCertification[]): PersonCertifications => ({
  personId,
  certifications,
});

export function areaOf(forecast: Forecast, id: string): AreaForecast {
  const found = forecast.areas.find((a) => a.areaId === id);
  assert.ok(found, id);
  return found;
}

export function viewOf(forecast: Forecast, id: string, track?: 'enterprise' | 'smb'): AreaView {
  const views = areaOf(forecast, id).views;
  const found = track ? views.find((v) => v.view.track === track) : views[0];
  assert.ok(found, `${id} ${track ?? ''}`);
  return found;
}

/** Points at each of the 12 month ends. */
export const monthly = (view: AreaView) => view.months.map((m) => m.points);

/** Does a label name this held certification? */
function labelled(label: string, certification: HeldCertification): boolean {
  const names = entries
    .filter((e) => certificationLabel(e) === label)
    .flatMap((e) => [e.name, ...(e.alsoKnownAs ?? [])].map(normaliseCertificationName));
  return names.includes(normaliseCertificationName(certification.name));
}

/** The people after these renewals were passed: each renewed certification a year on from its expiry. */
export function renew(
  people: readonly PersonCertifications[],
  fixes: readonly Pick<RenewalFix, 'personId' | 'certification' | 'expiresOn'>[],
): PersonCertifications[] {
  return people.map((p) => ({
    personId: p.personId,
    certifications: p.certifications.map((c) =>
      fixes.some(
        (f) =>
          f.personId === p.personId && labelled(f.certification, c) && c.expiresOn?.getTime() === f.expiresOn.getTime(),
      ) && c.expiresOn
        ? { ...c, expiresOn: renewedExpiry(c.expiresOn) }
        : c,
    ),
  }));
}
