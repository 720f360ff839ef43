// What Partner Link keeps of a Microsoft Learn transcript, and the wire shape it reads it from.
// Only certification name, number, status, dates, and passed exams (title, number, date) survive
// parsing. Two fields are looked at once and turned into keyed hashes by the Learn client, never
// kept: the contact email (does it match the associated personal account?) and the transcript's
// identity, its Learn user name or else its MCID (one person per organization per transcript).
// legalName, modules and everything else are never read into an object.
import { z } from 'zod';
import type { TranscriptIdentity } from '../storage/identity-keys';

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
const list = <T extends z.ZodTypeAny>(item: T) =>
  z
    .array(item)
    .max(5000)
    .nullish()
    .transform((v) => (v ?? []).slice(0, MAX_ENTRIES));

/** The part of Learn's transcript JSON that is read. Unknown keys are dropped by zod, PII included. */
export const transcriptWire = z.object({
  userName: z.string().max(200).nullish(),
  contactEmail: z.string().max(320).nullish(),
  certificationData: z
    .object({
      mcid: z.union([z.string().max(100), z.number().int().nonnegative()]).nullish(),
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
  const cert =
    (historical: boolean) =>
    (c: z.infer<typeof certificationWire>): Certification => ({
      name: c.name.trim(),
      number: c.certificationNumber?.trim() || null,
      status: c.status?.trim() || (historical ? 'Expired' : 'Active'),
      earnedOn: date(c.dateEarned),
      expiresOn: date(c.expiration),
      historical,
    });
  return {
    certifications: [
      ...(data?.activeCertifications ?? []).map(cert(false)),
      ...(data?.historicalCertifications ?? []).map(cert(true)),
    ],
    exams: (data?.passedExams ?? []).map((e) => ({
      title: e.examTitle.trim(),
      number: e.examNumber?.trim() || null,
      takenOn: date(e.examDateTaken),
    })),
  };
}

/** Whose transcript this is, as Learn says: its user name, else its MCID; undefined when it names neither. */
export function transcriptIdentity(wire: TranscriptWire): TranscriptIdentity | undefined {
  const userName = wire.userName?.trim();
  if (userName) return { kind: 'user-name', value: userName };
  const mcid = wire.certificationData?.mcid;
  const value = typeof mcid === 'number' ? String(mcid) : mcid?.trim();
  return value ? { kind: 'mcid', value } : undefined;
}

/** The contact email, when it looks like an address (anything else matches nothing). */
export function contactEmailOf(wire: TranscriptWire): string | undefined {
  const email = wire.contactEmail?.trim();
  return email && email.lastIndexOf('@') > 0 ? email : undefined;
}
