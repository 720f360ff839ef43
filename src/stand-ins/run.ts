// `node dist/src/stand-ins/run.js`: the sign-in stand-in as its own process (used by `npm start`).
import { DEV_IDENTITIES, DEV_TENANTS } from './dev-identities';
import { SignInStandIn } from './sign-in-stand-in';

const port = Number(process.env.SIGNIN_STANDIN_PORT ?? 39401);
const standIn = new SignInStandIn({ log: (line) => console.log(line) });

standIn.start(port, '127.0.0.1').then(
  (url) => {
    // Under `npm start` the supervisor prints one block for everything.
    if (process.env.SIGNIN_STANDIN_QUIET === '1') return;
    const people = DEV_IDENTITIES.map((i) => {
      const where = i.kind === 'work' ? (DEV_TENANTS.find((t) => t.id === i.tenantId)?.name ?? '') + ' work' : 'personal';
      return `    ${i.email.padEnd(34)} ${where}`;
    });
    console.log([`Sign-in stand-in on ${url}  (bot env: OAuthUrl=${url} GRAPH_URL=${url})`, '  dev identities:', ...people].join('\n'));
  },
  (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: set SIGNIN_STANDIN_PORT to a free port.` : `Sign-in stand-in failed to start: ${error.message}`);
    process.exit(1);
  },
);

const stop = () => void standIn.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
