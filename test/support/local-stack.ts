// Starts the whole `npm start` stack (node dist/src/dev/start.js) on free ports with a fresh SQLite
// file, waits until the Playground answers, and stops it — as a person would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './free-port';
import { NODE_FLAGS } from '../../src/node-flags';

export { freePort };

export class LocalStack {
  private child: ChildProcess | undefined;
  private output = '';
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-stack-'));
  ports = { bot: 0, signIn: 0, issuer: 0, playground: 0, learn: 0 };

  get playgroundUrl(): string {
    return `http://127.0.0.1:${this.ports.playground}`;
  }

  get botUrl(): string {
    return `http://127.0.0.1:${this.ports.bot}`;
  }

  async start(timeoutMs = 60_000): Promise<this> {
    this.ports = {
      bot: await freePort(),
      signIn: await freePort(),
      issuer: await freePort(),
      playground: await freePort(),
      learn: await freePort(),
    };
    const child = spawn(process.execPath, [...NODE_FLAGS, path.join(process.cwd(), 'dist', 'src', 'dev', 'start.js')], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        PORT: String(this.ports.bot),
        SIGNIN_STANDIN_PORT: String(this.ports.signIn),
        SIGNIN_STANDIN_HTTPS_PORT: String(this.ports.issuer),
        PLAYGROUND_PORT: String(this.ports.playground),
        LEARN_STANDIN_PORT: String(this.ports.learn),
        SQLITE_PATH: path.join(this.dir, 'partner-link.db'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start stack exited early (${child.exitCode}):\n${this.output}`);
      const up = await fetch(this.playgroundUrl).then(
        (r) => r.ok,
        () => false,
      );
      const bot = await fetch(`${this.botUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up && bot) return this;
      if (Date.now() > deadline) throw new Error(`npm start stack did not come up in ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  log(): string {
    return this.output;
  }

  /** Ctrl-C, as a person would; resolves with the supervisor's exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const code = await exited;
    fs.rmSync(this.dir, { recursive: true, force: true });
    return code;
  }
}
