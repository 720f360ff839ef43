// Which catalogue entry a certification on a transcript is. Learn names certifications with a
// family prefix ("Microsoft Certified: Azure Administrator Associate") that the catalogue leaves
// out, and punctuates some names differently; both sides are normalised before comparing.
import type { CatalogueCertification } from './catalogue';

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
