// `npm start`: runs the product locally as one supervised group — the local sign-in stand-in
// (token service + sign-in page + Graph) and the bot pointed at it. Ctrl-C stops both; a child that
// dies takes the group down with a clear message; a busy port is named with the variable to change.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

interface Child {
  name: string;
  portVariable: string;
  port: number;
  script: string;
  env: NodeJS.ProcessEnv;
}

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

async function main(): Promise<void> {
  const botPort = portFrom('PORT', 3978);
  const signInPort = portFrom('SIGNIN_STANDIN_PORT', 39401);
  const signInUrl = `http://127.0.0.1:${signInPort}`;
  const children: Child[] = [
    { name: 'sign-in stand-in', portVariable: 'SIGNIN_STANDIN_PORT', port: signInPort, script: 'stand-ins/run.js', env: { SIGNIN_STANDIN_PORT: String(signInPort) } },
    {
      name: 'bot',
      portVariable: 'PORT',
      port: botPort,
      script: 'index.js',
      env: {
        PORT: String(botPort),
        HOST: '127.0.0.1',
        MicrosoftAppId: '',
        OAuthUrl: signInUrl,
        GRAPH_URL: signInUrl,
        SQLITE_PATH: process.env.SQLITE_PATH ?? 'data/partner-link.db',
      },
    },
  ];
  for (const child of children) await assertFree(child.port, child.portVariable, child.name);

  const running: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const proc of running) if (proc.exitCode === null) proc.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
    Promise.all(running.map((proc) => (proc.exitCode === null ? new Promise((r) => proc.once('exit', r)) : Promise.resolve()))).then(
      () => process.exit(code),
      () => process.exit(code),
    );
  };
  for (const child of children) {
    const proc = spawn(process.execPath, [path.join(__dirname, '..', child.script)], {
      env: { ...process.env, ...child.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`\nThe ${child.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything. Its log is above.`);
      stopAll(1);
    });
    running.push(proc);
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  console.log(
    [
      '',
      'Partner Link is running locally (no Azure account needed):',
      `  bot endpoint      http://127.0.0.1:${botPort}/api/messages   (channel authentication off)`,
      `  sign-in stand-in  ${signInUrl}   (token service, sign-in page, Microsoft Graph)`,
      '  dev identities    listed by the sign-in stand-in above; work accounts in Contoso and Fabrikam, four personal accounts',
      '  stop              Ctrl-C',
      '',
    ].join('\n'),
  );
}

void main();
