// The parts of the configuration about app registrations: the personal tab's (Teams SSO, on-behalf-of
// Graph) and the app's own Graph token for a team's members. config.ts parses the keys; this turns them
// into TabConfig and TeamAppConfig.
import fs from 'node:fs';
import path from 'node:path';
import { isLoopbackUrl } from './loopback';

/** The parsed keys these read (config.ts's schema gives them). */
export interface AppRegistrationKeys {
  MicrosoftAppId: string;
  MicrosoftAppPassword?: string | undefined;
  TAB_CLIENT_ID?: string | undefined;
  TAB_CLIENT_SECRET?: string | undefined;
  TAB_APP_ID_URI?: string | undefined;
  TAB_TENANT_ID?: string | undefined;
  TAB_AUTHORITY_HOST: string;
  TAB_AUTHORITY_CA_FILE?: string | undefined;
  TAB_LOCAL_CHAT_URL?: string | undefined;
}

export interface TabConfig {
  clientId: string;
  clientSecret: string;
  /** Accepted as token audience besides the client id (v1 tokens carry it). */
  appIdUri: string | undefined;
  /** Single-tenant deployment: only this organization's tokens. Undefined = every organization. */
  tenantId: string | undefined;
  /** e.g. https://login.microsoftonline.com; tokens must come from `{authorityHost}/{tid}/v2.0`. */
  authorityHost: string;
  /** True when the authority is the local sign-in stand-in (and channel authentication is off): the only case local conveniences switch on. */
  local: boolean;
  /** PEM certificate to trust for the local authority only (never for anything else). */
  authorityCa: string | undefined;
  /** Local mode: where the tab sends people to press the link buttons (the Agents Playground). */
  localChatUrl: string | undefined;
}

/**
 * The authority is the local sign-in stand-in: on this machine AND channel authentication off. A
 * loopback TAB_AUTHORITY_HOST with MicrosoftAppId set switches nothing local on (no extra trusted
 * certificate, no local tab clients, no local chat link).
 */
function isLocalAuthority(parsed: AppRegistrationKeys): boolean {
  return parsed.MicrosoftAppId === '' && isLoopbackUrl(parsed.TAB_AUTHORITY_HOST);
}

export function readCertificate(file: string): string | undefined {
  try {
    const pem = fs.readFileSync(path.resolve(file), 'utf8');
    return pem.includes('-----BEGIN CERTIFICATE-----') ? pem : undefined;
  } catch {
    return undefined;
  }
}

export function tabConfig(parsed: AppRegistrationKeys): TabConfig | undefined {
  if (!parsed.TAB_CLIENT_ID || !parsed.TAB_CLIENT_SECRET) return undefined;
  const local = isLocalAuthority(parsed);
  return {
    clientId: parsed.TAB_CLIENT_ID.toLowerCase(),
    clientSecret: parsed.TAB_CLIENT_SECRET,
    appIdUri: parsed.TAB_APP_ID_URI,
    tenantId: parsed.TAB_TENANT_ID?.toLowerCase(),
    authorityHost: parsed.TAB_AUTHORITY_HOST,
    local,
    authorityCa: local && parsed.TAB_AUTHORITY_CA_FILE ? readCertificate(parsed.TAB_AUTHORITY_CA_FILE) : undefined,
    localChatUrl: local ? parsed.TAB_LOCAL_CHAT_URL : undefined,
  };
}

/** The app's own Graph token (client credentials): a team's members from `teams/{id}/members`. */
export interface TeamAppConfig {
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  local: boolean;
  authorityCa: string | undefined;
}

/** The bot's app registration in production; locally (no MicrosoftAppId) the tab's stand-in registration. */
export function teamAppConfig(parsed: AppRegistrationKeys): TeamAppConfig | undefined {
  const local = isLocalAuthority(parsed);
  const authorityCa = local && parsed.TAB_AUTHORITY_CA_FILE ? readCertificate(parsed.TAB_AUTHORITY_CA_FILE) : undefined;
  if (parsed.MicrosoftAppId && parsed.MicrosoftAppPassword) {
    return {
      clientId: parsed.MicrosoftAppId,
      clientSecret: parsed.MicrosoftAppPassword,
      authorityHost: parsed.TAB_AUTHORITY_HOST,
      local,
      authorityCa,
    };
  }
  if (!parsed.MicrosoftAppId && parsed.TAB_CLIENT_ID && parsed.TAB_CLIENT_SECRET) {
    return {
      clientId: parsed.TAB_CLIENT_ID,
      clientSecret: parsed.TAB_CLIENT_SECRET,
      authorityHost: parsed.TAB_AUTHORITY_HOST,
      local,
      authorityCa,
    };
  }
  return undefined;
}
