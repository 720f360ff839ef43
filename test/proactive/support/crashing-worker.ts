// Starts crash-child.ts: a worker pass in a child process over the test's SQLite file that SIGKILLs
// itself the `on`-th time it reaches `point`; resolves with how the child ended.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NODE_FLAGS } from '../../../src/node-flags';
import type { CrashPoint } from '../../../src/proactive/proactive-worker';
import type { Harness } from '../../support/harness';

export function crashingWorker(
  h: Harness,
  point: CrashPoint,
  on: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(__dirname, 'crash-child.js')], {
    env: {
      ...process.env,
      SQLITE_PATH: h.sqlitePath,
      CRASH_AT: point,
      CRASH_ON: String(on),
      NOW_MS: String(h.clock.now().getTime()),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}
