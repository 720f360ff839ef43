// Reads every row of every table of the bot's SQLite file, as a person with the file would: for
// "nothing readable is left" assertions. Opened read-only next to the running bot (WAL mode).
import { Database } from '../../src/storage/sqlite/sqlite';

export type Rows = Record<string, Record<string, unknown>[]>;

export function allRows(file: string): Rows {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare<[], Record<string, unknown>>(`SELECT * FROM "${name}"`).all()]),
    );
  } finally {
    db.close();
  }
}

/** Every table's rows as one text, values only, lower-cased: what `grep -i` on a dump would search. */
export function dumpText(rows: Rows): string {
  return Object.entries(rows)
    .map(
      ([table, list]) =>
        `${table}: ${list
          .map((row) =>
            Object.values(row)
              .map((v) => String(v))
              .join(' | '),
          )
          .join('\n')}`,
    )
    .join('\n')
    .toLowerCase();
}
