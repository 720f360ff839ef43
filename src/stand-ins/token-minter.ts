// The tokens the Microsoft identity platform hands out, as the stand-in's services share them: one
// signing key (published by the Entra issuer), work-account JWTs, opaque personal-account tokens,
// and the register of what was issued to whom (Graph and the token service look tokens up here).
import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { CONSUMER_TENANT_ID } from '../associations/model';
import type { DevIdentity, TokenForm } from './dev-identities';
import { parseJson } from './stand-in-http';

export const TOKEN_LIFETIME_S = 3600;
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export interface IssuedToken {
  identity: DevIdentity;
  expiresAt: number;
}

/** An app-only Graph token (client-credentials grant): no person behind it. */
export interface IssuedAppToken {
  kind: 'app';
  appId: string;
  tenantId: string;
  expiresAt: number;
}

export class TokenMinter {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = randomUUID();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly appIssued = new Map<string, IssuedAppToken>();

  /** A Graph access token for `identity`, remembered so Graph can tell who holds it. */
  mint(identity: DevIdentity): string {
    // Entra access tokens are JWTs; personal-account Graph tokens are usually opaque (see tokenForm).
    const form: TokenForm = identity.tokenForm ?? (identity.kind === 'work' ? 'jwt' : 'opaque');
    const issuer =
      identity.tenantId === CONSUMER_TENANT_ID
        ? `https://login.live.com/${identity.tenantId}/`
        : `https://sts.windows.net/${identity.tenantId}/`;
    const token =
      form === 'opaque'
        ? `EwA${randomBytes(96).toString('base64url')}`
        : this.workJwt(identity, GRAPH_AUDIENCE, issuer, form === 'jwt-without-tid' ? { tid: undefined } : {});
    this.issued.set(token, { identity, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
    return token;
  }

  /** A Graph token for an app (client credentials), remembered as {kind:'app'}; opaque to its holder. */
  mintApp(caller: { appId: string; tenantId: string }): string {
    const token = `app.${randomBytes(48).toString('base64url')}`;
    this.appIssued.set(token, {
      kind: 'app',
      appId: caller.appId,
      tenantId: caller.tenantId,
      expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
    });
    // A long `npm start` run: app tokens are fetched about hourly per tenant; drop expired ones.
    if (this.appIssued.size > 1000)
      for (const [key, value] of this.appIssued) if (value.expiresAt < Date.now()) this.appIssued.delete(key);
    return token;
  }

  /** The app a live app token was issued to, or undefined. */
  appHolder(token: string | undefined): IssuedAppToken | undefined {
    const issued = token ? this.appIssued.get(token) : undefined;
    return issued && issued.expiresAt >= Date.now() ? issued : undefined;
  }

  /** The identity a live token was issued to, or undefined (unknown or expired). */
  holder(token: string | undefined): IssuedToken | undefined {
    const issued = token ? this.issued.get(token) : undefined;
    return issued && issued.expiresAt >= Date.now() ? issued : undefined;
  }

  expiresAt(token: string): number | undefined {
    return this.issued.get(token)?.expiresAt;
  }

  workJwt(identity: DevIdentity, audience: string, issuer: string, extra: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      aud: audience,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_S,
      tid: identity.tenantId,
      oid: identity.objectId,
      upn: identity.email,
      preferred_username: identity.email,
      name: identity.noDisplayName ? undefined : identity.displayName,
      scp: audience.startsWith('api://') ? 'access_as_user' : 'User.Read',
      ver: audience.startsWith('api://') || issuer.endsWith('/v2.0') ? '2.0' : '1.0',
      ...extra,
    };
    return signJwt({ alg: 'RS256', typ: 'JWT', kid: this.kid }, payload, this.keys.privateKey);
  }

  /** The claims of a JWT this stand-in signed, or undefined. */
  verifyJwt(token: string): Record<string, unknown> | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      this.keys.publicKey,
      Buffer.from(signature, 'base64url'),
    );
    return ok
      ? (parseJson(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown> | undefined)
      : undefined;
  }

  /** The published key set (JWKS). */
  jwks(): { keys: object[] } {
    return { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }
}

export function signJwt(header: object, payload: object, key: KeyObject | string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}
