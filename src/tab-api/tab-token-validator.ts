// Who is using the tab: the Teams SSO token (authentication.getAuthToken), checked properly — RS256
// signature against the issuer's published keys, issuer `{authority}/{tid}/v2.0`, audience (the tab
// app's client id or Application ID URI), expiry, the access_as_user scope, and the tenant. The
// acting user is the token's tid + oid and nothing else. The token must come from a host client the
// app registration pre-authorizes (azp / appid, see tab-host-clients.ts). Locally the issuer is the sign-in stand-in
// with its own keys: the same checks run, nothing is bypassed. Tokens are never logged or kept.
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';
import { CONSUMER_TENANT_ID } from '../associations/model';
import type { TabConfig } from '../config';
import { acceptedTabClients } from './tab-host-clients';
import { fetchTrusting } from '../http/trusted-https';

export type TabAuthProblem =
  | 'missing'
  | 'malformed'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'scope'
  | 'client'
  | 'tenant'
  | 'personal-account'
  | 'issuer-unreachable';

export class TabAuthError extends Error {
  constructor(
    readonly problem: TabAuthProblem,
    readonly detail: string = problem,
  ) {
    super(`tab token refused: ${detail}`);
    this.name = 'TabAuthError';
  }
}

export interface TabUser {
  tenantId: string;
  objectId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entra tolerates a few minutes of clock skew; two is plenty between Microsoft and App Service. */
const CLOCK_TOLERANCE_S = 120;
const SCOPE = 'access_as_user';

export class TabTokenValidator {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly audiences: string[];
  private readonly clients: ReadonlySet<string>;

  constructor(private readonly config: TabConfig) {
    const jwksUrl = new URL(`${config.authorityHost}/common/discovery/v2.0/keys`);
    this.keys = createRemoteJWKSet(jwksUrl, {
      timeoutDuration: 5000,
      ...(config.authorityCa ? { [customFetch]: fetchTrusting(config.authorityCa) } : {}),
    });
    this.audiences = [config.clientId, ...(config.appIdUri ? [config.appIdUri] : [])];
    this.clients = acceptedTabClients(config.local);
  }

  /** The acting user of a request, from its `Authorization: Bearer` header; throws TabAuthError. */
  async validate(authorization: string | undefined): Promise<TabUser> {
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/.exec(authorization?.trim() ?? '');
    if (!authorization) throw new TabAuthError('missing');
    if (!match?.[1]) throw new TabAuthError('malformed', 'not a Bearer JWT');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], this.keys, {
        algorithms: ['RS256'],
        audience: this.audiences,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    const { tid, oid, iss, scp, ver, azp, appid } = payload as JWTPayload & {
      tid?: unknown;
      oid?: unknown;
      scp?: unknown;
      ver?: unknown;
      azp?: unknown;
      appid?: unknown;
    };
    if (typeof tid !== 'string' || !GUID.test(tid) || typeof oid !== 'string' || !GUID.test(oid))
      throw new TabAuthError('malformed', 'tid/oid are not ids');
    const tenantId = tid.toLowerCase();
    // v2 tokens only: the issuer names the tenant the token was issued in.
    if (iss !== `${this.config.authorityHost}/${tid}/v2.0`)
      throw new TabAuthError('issuer', `issuer ${String(iss).slice(0, 120)}`);
    if (typeof scp !== 'string' || !scp.split(' ').includes(SCOPE)) throw new TabAuthError('scope');
    // Which app asked for the token: `azp` in v2 tokens, `appid` in v1 ones.
    const client = ver === '1.0' ? appid : azp;
    if (typeof client !== 'string' || !this.clients.has(client.toLowerCase()))
      throw new TabAuthError('client', `client ${String(client).slice(0, 40)}`);
    if (tenantId === CONSUMER_TENANT_ID) throw new TabAuthError('personal-account');
    if (this.config.tenantId && tenantId !== this.config.tenantId) throw new TabAuthError('tenant');
    return { tenantId, objectId: oid.toLowerCase() };
  }
}

function toAuthError(error: unknown): TabAuthError {
  if (error instanceof errors.JWTExpired) return new TabAuthError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new TabAuthError('audience');
    if (error.claim === 'nbf' || error.claim === 'iat') return new TabAuthError('not-yet-valid');
    return new TabAuthError('malformed', `claim ${error.claim} ${error.reason}`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new TabAuthError('signature', error.code);
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  )
    return new TabAuthError('malformed', error.code);
  // The keys could not be fetched (network, timeout, a bad answer): not the person's fault.
  return new TabAuthError(
    'issuer-unreachable',
    error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown',
  );
}
