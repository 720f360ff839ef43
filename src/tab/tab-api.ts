// The tab's talk with its server: the page's configuration, the session (token in memory only,
// never in storage; Teams when inside it; the person's locale and time zone for dates) and one
// fetch wrapper whose errors are the server's plain sentences, never stack traces.
import type * as TeamsJs from '@microsoft/teams-js';

export interface TabConfig {
  enabled: boolean;
  message?: string;
  local: boolean;
  localSignIn: { authorizeUrl: string; clientId: string; scope: string } | null;
  chat: { teamsDeepLink: string | null; localChatUrl: string | null };
  text: { notInTeams: string; linkInTeams: string; linkLocally: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const UNREACHABLE =
  "Partner Link can't be reached right now. Nothing was changed. Please try again in a few minutes.";

/** What the page knows once it started. */
export const session: {
  config: TabConfig;
  token: string | undefined;
  teams: typeof TeamsJs | undefined;
  /** The person's locale (Teams' app.locale, else the browser's) and time zone: the server writes dates in them, as the chat card does. */
  dateQuery: string;
} = {
  config: undefined as unknown as TabConfig,
  token: undefined,
  teams: undefined,
  dateQuery: '',
};

/** The sentence to show for a failure: the server's, else that it can't be reached. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : UNREACHABLE;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
      },
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: { message?: string } }) | undefined;
  if (!response.ok || body === undefined) throw new ApiError(response.status, body?.error?.message ?? UNREACHABLE);
  return body;
}
