// The designation catalogue as data: which certifications earn skilling points in each
// solution area, and by which rule. The product ships catalogue.json (derived from the research
// file designations.json, keeping its sources and as-of dates); an operator can replace it with
// CATALOGUE_PATH. Either file is validated with zod at start-up, one clear line per problem.
import fs from 'node:fs';
import { z } from 'zod';
import shipped from './catalogue.json';

const isoDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date written YYYY-MM-DD');
const text = z.string().trim().min(1, 'must not be empty').max(2000, 'is too long (2000 characters at most)');

const certificationSchema = z
  .object({
    code: z.string().trim().min(1).max(40).nullable(),
    name: z.string().trim().min(3, 'must name the certification as Learn does').max(200),
    /** Other names Learn shows for the same certification on a transcript. */
    alsoKnownAs: z.array(z.string().trim().min(3).max(200)).max(10).optional(),
    credentialType: z.string().max(40).optional(),
    codeSource: z.string().max(200).optional(),
    note: z.string().max(500).optional(),
    retires: isoDate.optional(),
    /** After this day the certification no longer earns points, whatever the transcript says. */
    pcsEligibleUntil: isoDate.optional(),
  })
  .strict();

const points = z.number().finite().min(0, 'must not be negative').max(100, 'must be at most 100');
const gateTrack = z
  .object({
    minPeople: z.number().int('must be a whole number of people').min(1, 'must be at least 1').max(1000),
    points,
  })
  .strict();
const scoringTrack = z.object({ pointsPerPerson: points.refine((v) => v > 0, 'must be more than 0') }).strict();

const stepSchema = z.discriminatedUnion('kind', [
  z
    .object({
      id: z.string().min(1).max(40),
      kind: z.literal('gate'),
      certifications: z.array(certificationSchema).min(1, 'must list at least one certification').max(100),
      enterprise: gateTrack,
      smb: gateTrack,
    })
    .strict(),
  z
    .object({
      id: z.string().min(1).max(40),
      kind: z.literal('scoring'),
      certifications: z.array(certificationSchema).min(1, 'must list at least one certification').max(100),
      enterprise: scoringTrack,
      smb: scoringTrack,
    })
    .strict(),
]);

const metricSchema = z
  .object({
    id: z.string().min(1).max(40),
    name: text,
    max: z.number().finite().positive('must be more than 0').max(100, 'must be at most 100'),
    steps: z.array(stepSchema).min(1, 'must have at least one step').max(10),
  })
  .strict()
  .superRefine((metric, ctx) => {
    const last = metric.steps.length - 1;
    metric.steps.forEach((step, i) => {
      if (i < last && step.kind !== 'gate')
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'kind'],
          message: 'must be "gate": only the last step of a metric scores per person',
        });
      if (i === last && step.kind !== 'scoring')
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'kind'],
          message: 'must be "scoring": the last step of a metric scores per person',
        });
    });
  });

const areaSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a short lower-case id (letters, digits, -)'),
    name: text,
    designation: text,
    asOf: text,
    trackChoice: z.enum(['assigned', 'higher-of-both']),
    pointsRule: text.optional(),
    uncertain: z.array(text).max(50).optional(),
    previouslyEligible2023: z.array(text).max(50).optional(),
    sources: z.array(text).min(1, 'must cite at least one source').max(20),
    metrics: z.array(metricSchema).min(1, 'must have at least one metric').max(5),
  })
  .strict()
  .superRefine((area, ctx) => {
    const seen = new Set<string>();
    area.metrics.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `repeats the metric id "${m.id}"` });
      seen.add(m.id);
    });
  });

const catalogueSchema = z
  .object({
    catalogueVersion: z.literal(1, 'must be 1 (the catalogue format this Partner Link reads)'),
    asOf: isoDate,
    derivedFrom: text,
    primarySource: text.optional(),
    warning: text.optional(),
    commonRules: z.array(text).max(50).optional(),
    interpretation: z.array(text).max(50).optional(),
    areas: z.array(areaSchema).min(1, 'must list at least one solution area').max(20),
  })
  .strict()
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.areas.forEach((a, i) => {
      if (seen.has(a.id))
        ctx.addIssue({ code: 'custom', path: ['areas', i, 'id'], message: `repeats the area id "${a.id}"` });
      seen.add(a.id);
    });
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueArea = Catalogue['areas'][number];
export type CatalogueMetric = CatalogueArea['metrics'][number];
export type CatalogueStep = CatalogueMetric['steps'][number];
export type CatalogueCertification = CatalogueStep['certifications'][number];
export type Track = 'enterprise' | 'smb';

/** A replacement catalogue larger than this is refused (it is read once, at start-up). */
export const CATALOGUE_MAX_BYTES = 1024 * 1024;

export class CatalogueError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `The designation catalogue ${source} cannot be used; fix these problems (see README "Designation catalogue"):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'CatalogueError';
  }
}

function where(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
      '',
    ) || '(the whole file)'
  );
}

/** Validates catalogue JSON already parsed; `source` names it in the error (a path, or "shipped"). */
export function parseCatalogue(value: unknown, source: string): Catalogue {
  const result = catalogueSchema.safeParse(value);
  if (!result.success)
    throw new CatalogueError(
      source,
      result.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`),
    );
  return result.data;
}

/** The shipped catalogue, or the operator's file at `path` (CATALOGUE_PATH). Throws CatalogueError. */
export function loadCatalogue(path?: string): Catalogue {
  if (path === undefined) return parseCatalogue(shipped, 'shipped with Partner Link');
  let raw: string;
  try {
    const size = fs.statSync(path).size;
    if (size > CATALOGUE_MAX_BYTES)
      throw new CatalogueError(path, [`(the whole file): is ${size} bytes; at most ${CATALOGUE_MAX_BYTES} are read`]);
    raw = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(path, [
      `(the whole file): cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check CATALOGUE_PATH`,
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new CatalogueError(path, [`(the whole file): is not valid JSON (${(error as Error).message.slice(0, 200)})`]);
  }
  return parseCatalogue(parsed, path);
}
