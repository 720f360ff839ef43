// The certification cache as stored text: the kept fields with ISO dates, re-checked with zod on
// the way back (a damaged row reads as "no cache", never as a crash).
import { z } from 'zod';
import type { CertificationRecord } from './transcript';

const date = z
  .string()
  .nullable()
  .transform((v, ctx) => {
    if (v === null) return null;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date' });
      return z.NEVER;
    }
    return new Date(ms);
  });
const stored = z.object({
  certifications: z.array(
    z.object({
      name: z.string(),
      number: z.string().nullable(),
      status: z.string(),
      earnedOn: date,
      expiresOn: date,
      historical: z.boolean(),
    }),
  ),
  exams: z.array(z.object({ title: z.string(), number: z.string().nullable(), takenOn: date })),
});

export function recordToJson(record: CertificationRecord): string {
  // Only the kept fields, whatever else the object might carry.
  return JSON.stringify({
    certifications: record.certifications.map((c) => ({
      name: c.name,
      number: c.number,
      status: c.status,
      earnedOn: c.earnedOn?.toISOString() ?? null,
      expiresOn: c.expiresOn?.toISOString() ?? null,
      historical: c.historical,
    })),
    exams: record.exams.map((e) => ({ title: e.title, number: e.number, takenOn: e.takenOn?.toISOString() ?? null })),
  });
}

export function recordFromJson(text: string | null): CertificationRecord | null {
  if (text === null) return null;
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
