// The bot as its own process (`node dist/src/index.js`, what `npm run serve` and App Service run),
// for tests about the process itself: where it listens, exit codes, and its memory under attack.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENTRY = path.join(process.cwd(), 'dist', 'src', 'index.js');

import { freePort } from './free-port';
import { NODE_FLAGS } from '../../src/node-flags';

export { freePort };

export interface BotProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  out(): string;
  err(): string;
}

/** Starts the bot with only PATH and `env` in its environment. */
export function runBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** How long a bot process may take to start listening: generous, for a shared, busy machine (about 2 s when idle). */
export const START_TIMEOUT_MS = 90_000;

/** Resolves when the process logs where it listens (that address, as logged); rejects if it exits or takes longer than `timeoutMs`. */
export function listeningAddress(
  bot: BotProcess,
  timeoutMs = START_TIMEOUT_MS,
): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      bot.child.stdout?.removeListener('data', check);
      bot.child.removeListener('exit', exited);
    };
    const check = () => {
      const line = bot
        .out()
        .split('\n')
        .find((l) => l.includes('"event":"listening"'));
      if (line === undefined) return false;
      stop();
      const address = (JSON.parse(line) as { address: string }).address;
      const at = address.lastIndexOf(':');
      resolve({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
      return true;
    };
    const fail = (why: string) => {
      stop();
      reject(new Error(`the bot did not start listening (${why}); stdout: ${bot.out()} stderr: ${bot.err()}`));
    };
    const exited = () => void (check() || fail(`it exited with ${bot.child.exitCode}`));
    const timer = setTimeout(() => fail(`not within ${timeoutMs} ms`), timeoutMs);
    bot.child.stdout?.on('data', check);
    bot.child.once('exit', exited);
    if (!check() && (bot.child.exitCode !== null || bot.child.signalCode !== null)) exited();
  });
}

/** Resident memory of a process in MB (Linux /proc), or undefined where that cannot be read. */
export function residentMb(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Peak resident memory (VmHWM) of a process in MB: the high-water mark since it started. */
export function peakResidentMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** A non-loopback IPv4 address of this machine (still this machine), if it has one. */
export function thisMachineLanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}
