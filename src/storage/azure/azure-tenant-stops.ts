// Which tenants' admins stopped the bot (BotDisabledByAdmin), as every turn asks it: a turn from a
// stopped tenant lifts the stop. The stop rows are a handful at most, so this instance reads them
// all in one query and answers from that snapshot for STOPS_FRESH_MS, rather than one read per turn.
//
// Several instances: a stop this instance records or lifts makes it read the rows again on the next
// question; one recorded by another instance is seen here within STOPS_FRESH_MS. A stop is recorded
// when Teams answers that the tenant's admin disabled the bot, and only a turn from that tenant
// lifts it, which needs the admin to enable the bot again: such a turn comes long after a minute,
// and one that came sooner would leave the lifting to the next turn after it. Sending never uses
// this snapshot (enqueue and claimDue read the stops themselves).
export const STOPS_FRESH_MS = 60_000;

export class TenantStopSnapshot {
  private snapshot: { stopped: ReadonlySet<string>; until: number } | undefined;
  private loading: Promise<ReadonlySet<string>> | undefined;
  /** Counts this instance's own changes: a read begun before one is not kept. */
  private generation = 0;

  constructor(
    private readonly readAll: () => Promise<ReadonlyMap<string, string>>,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  async isStopped(tenantId: string): Promise<boolean> {
    const current = this.snapshot;
    if (current && current.until > this.clock()) return current.stopped.has(tenantId);
    return (await this.load()).has(tenantId);
  }

  /** This instance recorded or lifted a stop: the next question reads the rows again. */
  changed(): void {
    this.generation += 1;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  private load(): Promise<ReadonlySet<string>> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const started = this.clock();
    const loading = this.readAll().then((stops) => {
      const stopped = new Set(stops.keys());
      if (generation === this.generation) this.snapshot = { stopped, until: started + STOPS_FRESH_MS };
      return stopped;
    });
    this.loading = loading;
    // A failed read is not kept: the next question tries again.
    const done = () => {
      if (this.loading === loading) this.loading = undefined;
    };
    loading.then(done, done);
    return loading;
  }
}
