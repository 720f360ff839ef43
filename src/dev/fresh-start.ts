// `npm start -- --fresh`: start as on a fresh clone. The local SQLite database (SQLITE_PATH, by
// default data/partner-link.db) is removed with its write-ahead files, so every link, the audit log
// (and with it Partner Center's 30-day and yearly rules), certifications and reminders start over.
// The stand-ins (sign-in, Graph, Learn, Teams) keep nothing between starts anyway. Only a Partner
// Link database on this machine is ever removed: with STORE=azure, or a file that is not one, nothing
// is touched and start-up stops (exit 78) saying why.
import fs from 'node:fs';
import path from 'node:path';
import { isPartnerLinkDatabase } from '../storage/open-stores';

export type FreshOutcome =
  | { kind: 'removed'; files: string[] }
  | { kind: 'nothing-to-remove'; file: string }
  | { kind: 'refused'; reason: string };

/** Removes the local database `env` points at (relative paths from `root`, where the bot runs). */
export function freshStart(env: NodeJS.ProcessEnv, root: string): FreshOutcome {
  if (env.STORE?.trim().toLowerCase() === 'azure') {
    return {
      kind: 'refused',
      reason:
        '--fresh removes the local SQLite data only. With STORE=azure the data is in Azure Storage and is left as it is (for Azurite: stop it and remove its folder). Nothing was removed.',
    };
  }
  const file = path.resolve(root, env.SQLITE_PATH?.trim() || path.join('data', 'partner-link.db'));
  const shown = path.relative(root, file).startsWith('..') ? file : path.relative(root, file);
  if (!fs.existsSync(file)) return { kind: 'nothing-to-remove', file: shown };
  let ours = false;
  try {
    ours = fs.statSync(file).isFile() && isPartnerLinkDatabase(file);
  } catch {
    ours = false;
  }
  if (!ours)
    return {
      kind: 'refused',
      reason: `SQLITE_PATH (${shown}) is not a Partner Link database, so --fresh leaves it alone. Nothing was removed.`,
    };
  const removed: string[] = [];
  for (const candidate of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (!fs.existsSync(candidate)) continue;
    fs.rmSync(candidate);
    removed.push(path.relative(root, candidate).startsWith('..') ? candidate : path.relative(root, candidate));
  }
  return { kind: 'removed', files: removed };
}

/** What `npm start` accepts after `--`: only --fresh. */
export function startOptions(argv: readonly string[]): { fresh: boolean } | { unknown: string } {
  const unknown = argv.find((a) => a !== '--fresh');
  return unknown === undefined ? { fresh: argv.includes('--fresh') } : { unknown };
}
