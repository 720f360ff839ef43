// The Bot Framework channel's token signer, as the bot sees it: an OpenID metadata document and a
// key set (with Teams' endorsement) at a local URL, and channel tokens signed with that key. Lets
// tests prove that, with MicrosoftAppId set, the bot answers 401 to anything not signed by the
// channel — without fetching Microsoft's real keys from the internet. With a certificate it serves
// https, as a bot with channel authentication on accepts nothing else (the client trusts it itself).
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DevCertificate } from './dev-certificate';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export class BotConnectorAuthStandIn {
  private readonly kid = randomUUID();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: http.Server | https.Server | undefined;
  private baseUrl = '';

  constructor(private readonly options: { tls?: DevCertificate } = {}) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const tls = this.options.tls;
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/.well-known/openidconfiguration') {
        send(200, {
          issuer: BOT_FRAMEWORK_ISSUER,
          jwks_uri: `${this.baseUrl}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
      } else if (req.url === '/v1/.well-known/keys') {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        send(200, {
          keys: [{ ...jwk, kty: 'RSA', use: 'sig', kid: this.kid, endorsements: ['msteams', 'webchat', 'directline'] }],
        });
      } else {
        send(404, { error: 'not found' });
      }
    };
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.baseUrl = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
    return this.baseUrl;
  }

  /** `ToBotFromChannelOpenIdMetadataUrl` for a bot that should trust this signer. */
  get openIdMetadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  /** An `Authorization` header value as the channel sends it to the bot `appId` for `serviceUrl`. */
  channelToken(appId: string, serviceUrl: string, signWith: KeyObject = this.keys.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = {
      iss: BOT_FRAMEWORK_ISSUER,
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    return `Bearer ${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), signWith).toString('base64url')}`;
  }

  /** The same token, signed by a key nobody trusts (same `kid`, so only the signature gives it away). */
  untrustedChannelToken(appId: string, serviceUrl: string): string {
    return this.channelToken(appId, serviceUrl, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
