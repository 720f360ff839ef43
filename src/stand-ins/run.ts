// `node dist/src/stand-ins/run.js`: the sign-in and Learn stand-ins as their own process (used by `npm start`).
// With SIGNIN_STANDIN_TLS_KEY_FILE/_CERT_FILE it is also the personal tab's HTTPS issuer, for the
// tab app TAB_CLIENT_ID / TAB_CLIENT_SECRET / TAB_APP_ID_URI (npm start passes all of them).
import fs from 'node:fs';
import { DEV_IDENTITIES, DEV_TENANTS } from './dev-identities';
import { ADELE_ID, generateOrg } from './graph-org-stand-in';
import { DEV_SHARE_LINKS, LearnStandIn } from './learn-stand-in';
import { SignInStandIn, type TabAppRegistration } from './sign-in-stand-in';

const env = process.env;
const port = Number(env.SIGNIN_STANDIN_PORT ?? 39401);
const httpsPort = Number(env.SIGNIN_STANDIN_HTTPS_PORT ?? port + 1);
const tls =
  env.SIGNIN_STANDIN_TLS_KEY_FILE && env.SIGNIN_STANDIN_TLS_CERT_FILE
    ? {
        key: fs.readFileSync(env.SIGNIN_STANDIN_TLS_KEY_FILE, 'utf8'),
        cert: fs.readFileSync(env.SIGNIN_STANDIN_TLS_CERT_FILE, 'utf8'),
      }
    : undefined;
const tabApps: TabAppRegistration[] =
  env.TAB_CLIENT_ID && env.TAB_CLIENT_SECRET && env.TAB_APP_ID_URI
    ? [{ clientId: env.TAB_CLIENT_ID, clientSecret: env.TAB_CLIENT_SECRET, appIdUri: env.TAB_APP_ID_URI }]
    : [];
// A few hundred people under Adele Vance (her four real reports kept), so "team status" is worth a look.
const orgSize = Number(env.GRAPH_STANDIN_ORG_SIZE ?? 320);
const org = generateOrg({ size: Number.isInteger(orgSize) && orgSize >= 0 && orgSize <= 20_000 ? orgSize : 320 });
const standIn = new SignInStandIn({ log: (line) => console.log(line), tls, tabApps, org });

standIn.start(port, '127.0.0.1', httpsPort).then(
  (url) => {
    // Under `npm start` the supervisor prints one block for everything.
    if (process.env.SIGNIN_STANDIN_QUIET === '1') return;
    const people = DEV_IDENTITIES.map((i) => {
      const where =
        i.kind === 'work' ? (DEV_TENANTS.find((t) => t.id === i.tenantId)?.name ?? '') + ' work' : 'personal';
      return `    ${i.email.padEnd(34)} ${where}`;
    });
    const issuer = standIn.httpsUrl ? [`  tab issuer (HTTPS, throw-away certificate): ${standIn.httpsUrl}`] : [];
    issuer.push(
      `  Graph organization: ${org.entries.size} people and contacts; Adele Vance manages ${org.reports.get(ADELE_ID)?.length ?? 0} directly`,
    );
    console.log(
      [
        `Sign-in stand-in on ${url}  (bot env: OAuthUrl=${url} GRAPH_URL=${url})`,
        ...issuer,
        '  dev identities:',
        ...people,
      ].join('\n'),
    );
  },
  (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} or ${httpsPort} is in use: set SIGNIN_STANDIN_PORT (and SIGNIN_STANDIN_HTTPS_PORT) to free ports.`
        : `Sign-in stand-in failed to start: ${error.message}`,
    );
    process.exit(1);
  },
);

// The Learn stand-in (transcript share links) on its own port, in the same process.
const learnPort = Number(env.LEARN_STANDIN_PORT ?? 39404);
const learn = new LearnStandIn({ slowDelayMs: Number(env.LEARN_STANDIN_SLOW_MS ?? 8000) });
learn.start(learnPort, '127.0.0.1').then(
  (url) => {
    if (process.env.SIGNIN_STANDIN_QUIET === '1') return;
    const links = DEV_SHARE_LINKS.map((l) => `    ${l.who.padEnd(32)} ${l.link}`);
    console.log(
      [`Learn stand-in on ${url}  (bot env: LEARN_API_URL=${url})`, '  transcript share links:', ...links].join('\n'),
    );
  },
  (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${learnPort} is in use: set LEARN_STANDIN_PORT to a free port.`
        : `Learn stand-in failed to start: ${error.message}`,
    );
    process.exit(1);
  },
);

const stop = () => void Promise.all([standIn.stop(), learn.stop()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
