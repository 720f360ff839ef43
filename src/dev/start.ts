// `npm start`: runs the product locally as one supervised group — the local sign-in stand-in
// (token service + sign-in page + Graph), the bot pointed at it, and the Microsoft 365 Agents
// Playground (a Teams-like chat client) pointed at the bot, with its telemetry off. Ctrl-C stops both; a child that
// dies takes the group down with a clear message; a busy port is named with the variable to change.
// The bot runs with channel authentication off, so nothing of the group may be reachable from another
// machine: the Playground (whose CLI has no host option) is started with a preload that keeps its
// listens on 127.0.0.1 (loopback-only.ts), and once everything is up the group's listening sockets
// are read from /proc; one beyond loopback stops everything.
// `npm start -- --fresh` starts with no local data (fresh-start.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../node-flags';
import { CONTOSO } from '../stand-ins/dev-identities';
import { createDevCertificate } from '../stand-ins/dev-certificate';
import { DEV_PARTNER_ADMIN_GROUP_ID } from '../stand-ins/graph-org-stand-in';
import { DEV_SHARE_LINKS } from '../stand-ins/learn-stand-in';
import { isLoopbackAddress, listenersOf } from './listening-sockets';
import { freshStart, startOptions } from './fresh-start';

interface Child {
  name: string;
  portVariable: string;
  port: number;
  /** Arguments to node: a script and its options. */
  args: string[];
  env: NodeJS.ProcessEnv;
}

const ROOT = path.join(__dirname, '..', '..', '..');
/** The personal tab's local app registration (the stand-in knows it; nothing in Azure). */
const LOCAL_TAB_CLIENT_ID = '0f5e2a1b-7c3d-4e8f-9a0b-1c2d3e4f5a6b';

function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  const port = raw ? Number(raw) : fallback;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${variable} must be a port number (got "${raw}").`);
    process.exit(78);
  }
  return port;
}

function assertFree(port: number, variable: string, what: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => {
      console.error(`Port ${port} (${what}) is already in use. Stop what uses it, or set ${variable} to a free port.`);
      process.exit(1);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until every child accepts connections; returns the first one that did not in time. */
async function waitUntilListening(children: Child[], timeoutMs: number): Promise<Child | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (const child of children) {
    while (!(await listening(child.port))) {
      if (Date.now() > deadline) return child;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const options = startOptions(process.argv.slice(2));
  if ('unknown' in options) {
    console.error(
      `npm start does not know the option "${options.unknown.slice(0, 80)}". Its only option is --fresh (npm start -- --fresh): start with no local data.`,
    );
    process.exit(78);
  }
  const botPort = portFrom('PORT', 3978);
  const signInPort = portFrom('SIGNIN_STANDIN_PORT', 39401);
  const playgroundPort = portFrom('PLAYGROUND_PORT', 56150);
  const issuerPort = portFrom('SIGNIN_STANDIN_HTTPS_PORT', signInPort + 1);
  const learnPort = portFrom('LEARN_STANDIN_PORT', 39404);
  const signInUrl = `http://127.0.0.1:${signInPort}`;
  // The tab's issuer is the stand-in over HTTPS (msal-node refuses http): a certificate made now, a
  // secret made now, both in a temporary folder that goes away with the group.
  const tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-dev-tls-'));
  process.on('exit', () => fs.rmSync(tlsDir, { recursive: true, force: true }));
  const certificate = await createDevCertificate();
  fs.writeFileSync(path.join(tlsDir, 'stand-in.key'), certificate.key, { mode: 0o600 });
  fs.writeFileSync(path.join(tlsDir, 'stand-in.crt'), certificate.cert);
  const tabApp = {
    TAB_CLIENT_ID: LOCAL_TAB_CLIENT_ID,
    TAB_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    TAB_APP_ID_URI: `api://localhost/${LOCAL_TAB_CLIENT_ID}`,
  };
  const playgroundCli = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const children: Child[] = [
    {
      name: 'sign-in stand-in',
      portVariable: 'SIGNIN_STANDIN_PORT',
      port: signInPort,
      args: [...NODE_FLAGS, path.join(__dirname, '..', 'stand-ins', 'run.js')],
      env: {
        SIGNIN_STANDIN_PORT: String(signInPort),
        SIGNIN_STANDIN_QUIET: '1',
        SIGNIN_STANDIN_HTTPS_PORT: String(issuerPort),
        LEARN_STANDIN_PORT: String(learnPort),
        SIGNIN_STANDIN_TLS_KEY_FILE: path.join(tlsDir, 'stand-in.key'),
        SIGNIN_STANDIN_TLS_CERT_FILE: path.join(tlsDir, 'stand-in.crt'),
        ...tabApp,
      },
    },
    {
      name: 'bot',
      portVariable: 'PORT',
      port: botPort,
      args: [...NODE_FLAGS, path.join(__dirname, '..', 'index.js')],
      env: {
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        PORT: String(botPort),
        HOST: '127.0.0.1',
        MicrosoftAppId: '',
        OAuthUrl: signInUrl,
        GRAPH_URL: signInUrl,
        LEARN_API_URL: `http://127.0.0.1:${learnPort}`,
        SQLITE_PATH: process.env.SQLITE_PATH ?? 'data/partner-link.db',
        ...tabApp,
        TAB_TENANT_ID: CONTOSO.id,
        TAB_AUTHORITY_HOST: `https://127.0.0.1:${issuerPort}`,
        TAB_AUTHORITY_CA_FILE: path.join(tlsDir, 'stand-in.crt'),
        TAB_LOCAL_CHAT_URL: `http://127.0.0.1:${playgroundPort}`,
        // The seeded partner-admin group (Patti): self-declared transcripts go to her for approval.
        PARTNER_ADMIN_GROUP_ID: process.env.PARTNER_ADMIN_GROUP_ID ?? DEV_PARTNER_ADMIN_GROUP_ID,
      },
    },
    {
      name: 'Agents Playground',
      portVariable: 'PLAYGROUND_PORT',
      port: playgroundPort,
      // `-r`: every listen of this process on 127.0.0.1 (its CLI has no host option).
      args: [
        '-r',
        path.join(__dirname, 'loopback-only.js'),
        playgroundCli,
        '-e',
        `http://127.0.0.1:${botPort}/api/messages`,
        '-p',
        String(playgroundPort),
        '--disable-telemetry',
      ],
      // No browser window of its own, and no usage statistics sent anywhere.
      env: {
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(ROOT, '.m365agentsplayground.yml'),
      },
    },
  ];
  for (const child of children) await assertFree(child.port, child.portVariable, child.name);
  await assertFree(issuerPort, 'SIGNIN_STANDIN_HTTPS_PORT', 'sign-in stand-in, HTTPS tab issuer');
  await assertFree(learnPort, 'LEARN_STANDIN_PORT', 'Learn stand-in');
  // Only now, with every port free (no earlier npm start still using the database): start over.
  if (options.fresh) {
    const fresh = freshStart(process.env, ROOT);
    if (fresh.kind === 'refused') {
      console.error(fresh.reason);
      process.exit(78);
    }
    console.log(
      fresh.kind === 'removed'
        ? `Starting fresh: removed ${fresh.files.join(', ')} (every link, the audit log and its 30-day rule, certifications and reminders).`
        : `Starting fresh: ${fresh.file} does not exist yet, so there is nothing to remove.`,
    );
  }

  const running: { child: Child; proc: ChildProcess }[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { proc } of running) if (proc.exitCode === null) proc.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
    Promise.all(
      running.map(({ proc }) =>
        proc.exitCode === null ? new Promise((r) => proc.once('exit', r)) : Promise.resolve(),
      ),
    ).then(
      () => process.exit(code),
      () => process.exit(code),
    );
  };
  for (const child of children) {
    const proc = spawn(process.execPath, child.args, {
      cwd: ROOT,
      env: { ...process.env, ...child.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `\nThe ${child.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything. Its log is above.`,
      );
      stopAll(1);
    });
    running.push({ child, proc });
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  const notReady = await waitUntilListening(children, 60_000);
  if (stopping) return;
  if (notReady) {
    console.error(
      `\nThe ${notReady.name} did not start listening on port ${notReady.port} within a minute; stopping everything. Its log is above.`,
    );
    stopAll(1);
    return;
  }
  const exposed = exposedListener(running);
  if (exposed) {
    console.error(
      `\n${exposed}; stopping everything. The bot runs with channel authentication off, so nothing of npm start may be reachable from another machine.`,
    );
    stopAll(1);
    return;
  }
  console.log(
    [
      '',
      'Partner Link is running locally (no Azure account, no internet needed):',
      `  open              http://127.0.0.1:${playgroundPort}   (Agents Playground: you chat as Adele Vance of Contoso; say "hi")`,
      `  tab               http://127.0.0.1:${botPort}/tab   (personal tab; sign in as a Contoso work account)`,
      `  bot endpoint      http://127.0.0.1:${botPort}/api/messages   (channel authentication off)`,
      `  sign-in stand-in  ${signInUrl}   (token service, sign-in page, Microsoft Graph)`,
      `  inbox             ${signInUrl}/inbox   (reminders for everyone the Playground cannot show: all but Adele)`,
      '  sign in as        work: adele.vance@contoso.example   personal: adele.v@outlook.com',
      '                    (others, to see the refusals: alex.wilber@contoso.example, diego.siciliani@fabrikam.example, alexw@hotmail.com)',
      `  Learn stand-in    http://127.0.0.1:${learnPort}   (transcripts; its page lists the dev share links)`,
      `  transcript link   ${DEV_SHARE_LINKS[0]?.link ?? ''}   (Adele's: paste it in the chat once Learning is associated)`,
      process.env.STORE?.trim().toLowerCase() === 'azure'
        ? '  data              Azure Storage (STORE=azure, AZURE_STORAGE_PREFIX ' +
          (process.env.AZURE_STORAGE_PREFIX?.trim() || 'partnerlink') +
          ')'
        : '  data              ' + (process.env.SQLITE_PATH ?? 'data/partner-link.db') + ' (kept across restarts)',
      '  stop              Ctrl-C',
      '',
    ].join('\n'),
  );
}

/**
 * The first listening socket of the group (any process of it, or one it started) that is not on
 * 127.0.0.0/8 or ::1, described in one line; undefined when there is none. Linux only: where /proc is
 * absent (macOS, Windows) the check is skipped, and the preload alone keeps the Playground on loopback.
 */
function exposedListener(running: readonly { child: Child; proc: ChildProcess }[]): string | undefined {
  const pids = running.map(({ proc }) => proc.pid).filter((pid): pid is number => pid !== undefined);
  const listeners = listenersOf(pids);
  const wide = listeners?.find((l) => !isLoopbackAddress(l.address));
  if (!wide) return undefined;
  const owner =
    running.find(({ proc }) => proc.pid === wide.pid)?.child.name ?? `a process the group started (pid ${wide.pid})`;
  const where = wide.address.includes(':') ? `[${wide.address}]:${wide.port}` : `${wide.address}:${wide.port}`;
  return `The ${owner} listens on ${where}, beyond this machine`;
}

void main();
