// A throw-away TLS certificate for the stand-in's HTTPS listener (127.0.0.1 and localhost), made at
// start-up and never written into the repository. msal-node only talks to https authorities, so the
// local issuer needs one; the bot trusts exactly this certificate (TAB_AUTHORITY_CA_FILE), nothing
// is trusted globally.
import { generate } from 'selfsigned';

export interface DevCertificate {
  /** PEM private key. */
  key: string;
  /** PEM certificate; also what a client adds to its trusted CAs. */
  cert: string;
}

export async function createDevCertificate(): Promise<DevCertificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Partner Link local sign-in stand-in' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
