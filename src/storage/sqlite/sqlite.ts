// The embedded SQL engine: Node's own `node:sqlite`, with nothing to compile or download at install.
// A thin typed layer over `DatabaseSync` gives the stores what they need and `node:sqlite` leaves to
// the caller: typed statements, `pragma`, nested transactions (savepoints), and BLOBs read back as
// Buffers (node:sqlite returns plain Uint8Arrays).
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

type Params = readonly unknown[] | Record<string, unknown>;

const MAX_STATEMENTS = 256;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement whose parameters and row shape are typed by the caller. */
export class Statement<P extends Params = unknown[], R = unknown> {
  constructor(private readonly statement: StatementSync) {}

  run(...params: ArgsOf<P>): RunResult {
    const result = this.statement.run(...bind(params));
    return { changes: Number(result.changes), lastInsertRowid: result.lastInsertRowid };
  }

  get(...params: ArgsOf<P>): R | undefined {
    const row = this.statement.get(...bind(params));
    return row === undefined ? undefined : (withBuffers(row) as R);
  }

  all(...params: ArgsOf<P>): R[] {
    return this.statement.all(...bind(params)).map((row) => withBuffers(row) as R);
  }
}

/** Positional parameters are spread; a single object of named parameters is passed as it is. */
type ArgsOf<P> = P extends readonly unknown[] ? P : [P];

/** A transaction ready to run: call it (deferred), or `.immediate()`. */
export type Transaction<T> = (() => T) & { immediate: () => T };

export interface OpenOptions {
  readonly?: boolean;
}

export class Database {
  private readonly db: DatabaseSync;
  private depth = 0;
  private closed = false;
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    readonly file: string,
    options: OpenOptions = {},
  ) {
    this.db = new DatabaseSync(file, { readOnly: options.readonly ?? false });
  }

  /**
   * The statement for `sql`, compiled once and kept (the stores prepare per call, many of them on
   * every turn): at most MAX_STATEMENTS texts, all dropped when full. Safe to share: each run, get
   * or all completes before it returns, and SQLite compiles a kept statement again if the schema changed.
   */
  prepare<P extends Params = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return new Statement<P, R>(statement);
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** `PRAGMA name` read as one value, or `PRAGMA name = value` set. */
  pragma(statement: string): unknown {
    const row = this.db.prepare(`PRAGMA ${statement}`).get();
    return row === undefined ? undefined : Object.values(row)[0];
  }

  /** A deterministic SQL function, for migrations that need work SQL cannot do. */
  function(name: string, fn: (value: unknown) => unknown): void {
    this.db.function(name, { deterministic: true }, (value) => fn(value) as SQLInputValue);
  }

  /**
   * Wraps `work` in a transaction: committed when it returns, rolled back when it throws. Call the
   * result to run it deferred, or `.immediate()` to take the write lock at the start (no lock-upgrade
   * deadlock between two writers). Nested calls use savepoints: an inner failure undoes only the inner work.
   */
  transaction<T>(work: () => T): Transaction<T> {
    const run = (mode: 'DEFERRED' | 'IMMEDIATE'): T => this.inTransaction(work, mode);
    return Object.assign(() => run('DEFERRED'), { immediate: () => run('IMMEDIATE') });
  }

  private inTransaction<T>(work: () => T, mode: 'DEFERRED' | 'IMMEDIATE'): T {
    const savepoint = `partner_link_${this.depth}`;
    this.db.exec(this.depth === 0 ? `BEGIN ${mode}` : `SAVEPOINT ${savepoint}`);
    this.depth += 1;
    try {
      const result = work();
      this.depth -= 1;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.depth -= 1;
      if (this.depth === 0) {
        // SQLite may have rolled back already (SQLITE_FULL, SQLITE_IOERR): then there is nothing to undo.
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // no transaction left open
        }
      } else {
        this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      }
      throw error;
    }
  }

  get open(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }
}

function bind(params: readonly unknown[]): SQLInputValue[] {
  return params as SQLInputValue[];
}

/** A plain object (node:sqlite gives null-prototype rows), with BLOBs as Buffers. */
function withBuffers(row: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    plain[key] =
      value instanceof Uint8Array && !Buffer.isBuffer(value)
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : value;
  }
  return plain;
}
