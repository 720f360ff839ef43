// Which catalogue entry a certification on a transcript is. Learn names certifications with a
// family prefix ("Microsoft Certified: Azure Administrator Associate") that the catalogue leaves
// out, and punctuates some names differently; both sides are normalised before comparing.
import type { Catalogue, CatalogueCertification } from './catalogue';

const PREFIXES = ['microsoft certified:', 'microsoft 365 certified:', 'github certified:', 'microsoft applied skills:'];

/** `Microsoft Certified: Azure Administrator Associate` → `azure administrator associate`. */
export function normaliseCertificationName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase().replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  for (const prefix of PREFIXES) if (s.startsWith(prefix)) s = s.slice(prefix.length).trim();
  if (s.startsWith('microsoft ') && !s.startsWith('microsoft 365 ')) s = s.slice('microsoft '.length);
  return s;
}

/** A catalogue entry's short label: its exam code when it has one, else its name. */
export function certificationLabel(entry: CatalogueCertification): string {
  return entry.code ?? entry.name;
}

/** True when `held` (a transcript name) is the catalogue entry `entry`. */
export function matchesEntry(entry: CatalogueCertification, held: string): boolean {
  const wanted = normaliseCertificationName(held);
  return [entry.name, ...(entry.alsoKnownAs ?? [])].some((n) => normaliseCertificationName(n) === wanted);
}

/** Normalised name → the catalogue's label for it (first entry wins; the same cert repeats across areas). */
export function labelIndex(catalogue: Catalogue): Map<string, string> {
  const index = new Map<string, string>();
  for (const area of catalogue.areas) {
    for (const metric of area.metrics) {
      for (const step of metric.steps) {
        for (const entry of step.certifications) {
          for (const n of [entry.name, ...(entry.alsoKnownAs ?? [])]) {
            const key = normaliseCertificationName(n);
            if (!index.has(key)) index.set(key, certificationLabel(entry));
          }
        }
      }
    }
  }
  return index;
}
