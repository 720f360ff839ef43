// The forecast as the chat asks for it: gathers the input from the stores (each person's cached
// transcript, counted only when it is verified — email-matched or approved —, the people who left,
// the partner admins' settings), runs the pure forecast, and says what the figures count (how many
// linked people with verified transcripts, read between which dates). The whole organization for a
// partner admin; the people a manager manages (their ids come from team status, already
// authorized); and, for a person's own card, which of their renewals would hurt an area if it lapsed
// (read only when the person has a certification that lapses within the year). The organization's
// forecast is kept a minute per organization (a partner admin's change of settings drops it), so
// asking again, or many people's cards, cost one computation.
import type { Catalogue } from '../certifications/catalogue';
import {
  countsForCredit,
  type CachedCertifications,
  type CertificationStore,
} from '../certifications/certification-store';
import { heldCertifications, type PersonCertifications } from '../certifications/credit';
import { forecastSkilling, type Forecast, type RenewalFix, type Risk } from './forecast';
import { DAY_MS } from './forecast-dates';
import type { ForecastSettingsStore, OrganizationSettings } from './forecast-settings';

export interface ForecastServiceDeps {
  catalogue: Catalogue;
  certifications: Pick<CertificationStore, 'cached' | 'cachedInTenant'>;
  settings: ForecastSettingsStore;
  now: () => Date;
  /** How long an organization's forecast is reused (default 60 s): partner admins asking again, people's own cards. */
  cacheMs?: number;
}

/** What the figures count: linked people with verified transcripts, read between these dates. */
export interface Basis {
  people: number;
  readFrom: Date | null;
  readTo: Date | null;
}

export interface ForecastResult {
  forecast: Forecast;
  basis: Basis;
  settings: OrganizationSettings;
}

/** One of the person's renewals that keeps an area from a risk. */
export interface YourRenewal {
  risk: Risk;
  renewal: RenewalFix;
}

/** Above this many people, a team is read with the organization's one query rather than person by person. */
const PER_PERSON_READS_MAX = 1_000;
/** Organizations whose forecast is kept (a minute each): a deployment usually serves one. */
const CACHED_TENANTS_MAX = 10;

/** The verified people among cached transcripts, and when they were read. */
export function verifiedPeople(rows: readonly { objectId: string; cached: CachedCertifications }[]): {
  people: PersonCertifications[];
  basis: Basis;
} {
  const people: PersonCertifications[] = [];
  let readFrom: Date | null = null;
  let readTo: Date | null = null;
  for (const { objectId, cached } of rows) {
    if (!countsForCredit(cached.ownership) || !cached.record || !cached.fetchedAt) continue;
    people.push({ personId: objectId.toLowerCase(), certifications: heldCertifications(cached.record) });
    if (!readFrom || cached.fetchedAt < readFrom) readFrom = cached.fetchedAt;
    if (!readTo || cached.fetchedAt > readTo) readTo = cached.fetchedAt;
  }
  return { people, basis: { people: people.length, readFrom, readTo } };
}

export class ForecastService {
  private readonly cache = new Map<string, { until: number; result: Promise<ForecastResult> }>();

  constructor(private readonly deps: ForecastServiceDeps) {}

  /** The whole organization's forecast (a partner admin's view), worked out at most once a minute per organization. */
  organization(tenantId: string): Promise<ForecastResult> {
    const key = tenantId.toLowerCase();
    const now = this.deps.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.result;
    if (!hit && this.cache.size >= CACHED_TENANTS_MAX) this.cache.delete(this.cache.keys().next().value as string);
    const result = this.deps.certifications
      .cachedInTenant(key)
      .then((rows) => this.run(tenantId, verifiedPeople(rows)));
    this.cache.set(key, { until: now + (this.deps.cacheMs ?? 60_000), result });
    result.catch(() => this.cache.delete(key));
    return result;
  }

  /** The forecast of these people only (a manager's team, its ids from team status). */
  async team(tenantId: string, objectIds: readonly string[]): Promise<ForecastResult> {
    const wanted = new Set(objectIds.map((id) => id.toLowerCase()));
    let rows: { objectId: string; cached: CachedCertifications }[];
    if (wanted.size > PER_PERSON_READS_MAX) {
      rows = (await this.deps.certifications.cachedInTenant(tenantId.toLowerCase())).filter((r) =>
        wanted.has(r.objectId.toLowerCase()),
      );
    } else {
      rows = [];
      for (const objectId of wanted) {
        const cached = await this.deps.certifications.cached({ tenantId: tenantId.toLowerCase(), objectId });
        if (cached) rows.push({ objectId, cached });
      }
    }
    return this.run(tenantId, verifiedPeople(rows));
  }

  /** The person's renewals that keep an area from a risk (their own card); none when their transcript does not count. `cached` reads their certifications. */
  async yourRenewals(
    person: { tenantId: string; objectId: string },
    cached: CertificationStore['cached'] = (key) => this.deps.certifications.cached(key),
  ): Promise<YourRenewal[]> {
    const now = this.deps.now();
    const own = await cached({ tenantId: person.tenantId.toLowerCase(), objectId: person.objectId.toLowerCase() });
    const mine = verifiedPeople(own ? [{ objectId: person.objectId, cached: own }] : []).people[0];
    // Nothing of theirs lapses within the year forecast: the organization need not be read.
    const lapses = mine?.certifications.some(
      (c) => c.expiresOn && c.expiresOn > now && c.expiresOn.getTime() <= now.getTime() + 400 * DAY_MS,
    );
    if (!mine || !lapses) return [];
    const { forecast } = await this.organization(person.tenantId);
    const id = person.objectId.toLowerCase();
    const found: YourRenewal[] = [];
    // A gate or falling to 0 says more than a loss beyond the threshold; earlier risks first.
    const risks = forecast.areas.flatMap((a) => a.views.flatMap((v) => v.risks));
    const weight = (r: Risk) => (r.reasons.includes('loss') && r.reasons.length === 1 ? 1 : 0);
    for (const risk of risks.sort((a, b) => weight(a) - weight(b) || a.on.getTime() - b.on.getTime())) {
      for (const renewal of risk.helpers) {
        if (
          renewal.personId !== id ||
          found.some((f) => f.risk.areaId === risk.areaId && f.renewal.certification === renewal.certification)
        )
          continue;
        found.push({ risk, renewal });
      }
    }
    return found;
  }

  /** A partner admin changed a setting: the next forecast reads it. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId.toLowerCase());
  }

  private async run(
    tenantId: string,
    verified: { people: PersonCertifications[]; basis: Basis },
  ): Promise<ForecastResult> {
    // Both reads at once (one round trip on Azure Storage).
    const [settings, left] = await Promise.all([this.deps.settings.get(tenantId), this.deps.settings.left(tenantId)]);
    const { anniversary, lossThreshold, assignedTrack } = settings;
    const forecast = forecastSkilling({
      today: this.deps.now(),
      catalogue: this.deps.catalogue,
      people: verified.people,
      left,
      settings: {
        ...(anniversary ? { anniversary } : {}),
        ...(lossThreshold !== undefined ? { lossThreshold } : {}),
        ...(assignedTrack ? { assignedTrack } : {}),
      },
    });
    return { forecast, basis: verified.basis, settings };
  }
}
