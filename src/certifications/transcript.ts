// What Partner Link keeps of a Microsoft Learn transcript (issue 8.1), and the wire shape it reads
// it from (domain-facts §3). Only certification name, number, status, dates, and passed exams
// (title, number, date) survive parsing; contactEmail is looked at once for the ownership check
// and dropped; legalName, mcid, modules and everything else are never read into an object.
import { z } from 'zod';

export interface Certification {
  name: string;
  /** Learn's certification number (a credential id, not the exam code). */
  number: string | null;
  status: string;
  earnedOn: Date | null;
  /** Null: no expiry (Fundamentals). */
  expiresOn: Date | null;
  /** Listed under Learn's historicalCertifications (expired or retired). */
  historical: boolean;
}

export interface PassedExam {
  title: string;
  number: string | null;
  takenOn: Date | null;
}

export interface CertificationRecord {
  certifications: Certification[];
  exams: PassedExam[];
}

/** Entries kept per list (a hostile transcript cannot make the cache grow without bound). */
export const MAX_ENTRIES = 500;

const str = (max: number) => z.string().max(max);
const optionalStr = (max: number) => z.string().max(max).nullish();
const certificationWire = z.object({
  name: str(300).min(1),
  certificationNumber: optionalStr(100),
  status: optionalStr(60),
  dateEarned: optionalStr(60),
  expiration: optionalStr(60),
});
const examWire = z.object({ examTitle: str(300).min(1), examNumber: optionalStr(60), examDateTaken: optionalStr(60) });
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(5000).nullish().transform((v) => (v ?? []).slice(0, MAX_ENTRIES));

/** The part of Learn's transcript JSON that is read. Unknown keys are dropped by zod, PII included. */
export const transcriptWire = z.object({
  contactEmail: z.string().max(320).nullish(),
  certificationData: z
    .object({
      activeCertifications: list(certificationWire),
      historicalCertifications: list(certificationWire),
      passedExams: list(examWire),
    })
    .nullish(),
});
export type TranscriptWire = z.infer<typeof transcriptWire>;

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The kept fields only. */
export function toRecord(wire: TranscriptWire): CertificationRecord {
  const data = wire.certificationData;
  const cert = (historical: boolean) => (c: z.infer<typeof certificationWire>): Certification => ({
    name: c.name.trim(),
    number: c.certificationNumber?.trim() || null,
    status: c.status?.trim() || (historical ? 'Expired' : 'Active'),
    earnedOn: date(c.dateEarned),
    expiresOn: date(c.expiration),
    historical,
  });
  return {
    certifications: [...(data?.activeCertifications ?? []).map(cert(false)), ...(data?.historicalCertifications ?? []).map(cert(true))],
    exams: (data?.passedExams ?? []).map((e) => ({ title: e.examTitle.trim(), number: e.examNumber?.trim() || null, takenOn: date(e.examDateTaken) })),
  };
}

/**
 * Does the transcript's contact email fit the associated personal account? We keep only a masked
 * address (`a***@outlook.com`: first letter and domain), so this can only be sure of a difference:
 *  - 'different': the first letter or the domain differ — certainly another address (possibly the
 *    same person's other address, e.g. a work email; the bot asks the person, it does not accuse);
 *  - 'consistent': first letter and domain agree (not proof of the same address);
 *  - 'unknown': no contact email on the transcript, or nothing to compare with.
 */
export type ContactEmailCheck = 'consistent' | 'different' | 'unknown';

export function checkContactEmail(contactEmail: string | null | undefined, maskedEmail: string): ContactEmailCheck {
  const masked = /^(.)\*\*\*@(.+)$/u.exec(maskedEmail.trim());
  const at = contactEmail?.trim().lastIndexOf('@') ?? -1;
  if (!masked || !contactEmail || at <= 0) return 'unknown';
  const email = contactEmail.trim();
  const sameFirst = [...email][0]?.toLowerCase() === masked[1]?.toLowerCase();
  const sameDomain = email.slice(at + 1).toLowerCase() === masked[2]?.toLowerCase();
  return sameFirst && sameDomain ? 'consistent' : 'different';
}
