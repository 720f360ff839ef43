// A real Azurite (the Azure Storage emulator, a dev dependency) for the Azure adapters' tests and the
// store benchmark: started by the test run itself on free ports (port 0, read back from its output),
// in a temporary folder, with telemetry off; stopped and its folder removed afterwards. One instance
// is shared by a mocha run (sharedAzurite); each test uses its own prefix so tables never collide.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AzureStorageAuth } from '../../src/storage/storage-config';
import { refuseInUnitRun } from './unit-run';

/** Azurite's well-known development account (public, documented; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  tableUrl: string;
  queueUrl: string;
  connectionString: string;
  auth: AzureStorageAuth;
  /** STORE=azure settings for a bot process, with a fresh prefix unless one is given. */
  env(prefix?: string): Record<string, string>;
  stop(): Promise<void>;
}

/** A fresh table/queue name prefix: isolates one test's data in the shared account. */
export function uniquePrefix(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

export async function startAzurite(): Promise<Azurite> {
  refuseInUnitRun('Azurite');
  const location = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-azurite-'));
  const main = require.resolve('azurite/dist/src/azurite.js');
  const child = spawn(
    process.execPath,
    // --silent: no access log line per request (the ready lines below are printed all the same).
    [
      main,
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
      '--location',
      location,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      '0',
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If this process ends without stop() (a crash, Ctrl-C), Azurite ends with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  let onData: (chunk: Buffer) => void = () => undefined;
  const ports = await new Promise<{ queue: number; table: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start within 30 s:\n${output.slice(-2000)}`)),
      30_000,
    );
    onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const queue = /Queue service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      const table = /Table service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (queue && table) {
        clearTimeout(timer);
        resolve({ queue: Number(queue[1]), table: Number(table[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}) before it was ready:\n${output.slice(-2000)}`));
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    fs.rmSync(location, { recursive: true, force: true });
    throw error;
  });
  // Keep draining its output so a full pipe never stalls it, without keeping or searching it any more.
  child.stdout?.off('data', onData);
  child.stderr?.off('data', onData);
  output = '';
  child.stdout?.resume();
  child.stderr?.resume();
  const tableUrl = `http://127.0.0.1:${ports.table}/${ACCOUNT}`;
  const queueUrl = `http://127.0.0.1:${ports.queue}/${ACCOUNT}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};TableEndpoint=${tableUrl};QueueEndpoint=${queueUrl};`;
  return {
    tableUrl,
    queueUrl,
    connectionString,
    auth: { kind: 'connection-string', connectionString },
    env: (prefix = uniquePrefix()) => ({
      STORE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: connectionString,
      AZURE_STORAGE_PREFIX: prefix,
    }),
    stop: async () => {
      await stopChild(child);
      fs.rmSync(location, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let shared: Promise<Azurite> | undefined;

/** One Azurite for the whole mocha run, started on first use and stopped by the global teardown. */
export function sharedAzurite(): Promise<Azurite> {
  shared ??= startAzurite();
  return shared;
}

/** Called from mochaGlobalTeardown: nothing is left running. */
export async function stopSharedAzurite(): Promise<void> {
  if (!shared) return;
  const running = shared;
  shared = undefined;
  await (await running.catch(() => undefined))?.stop();
}
