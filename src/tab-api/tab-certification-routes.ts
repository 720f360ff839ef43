// The certifications part of the personal tab, as the card has it: POST /api/tab/certifications/refresh
// (read Learn again), /link (a transcript share link typed into the tab's box) and /reminders (the
// renewal reminders switch). The same service calls and words as the chat; the person comes from the
// validated SSO token only, and each answer is the whole learning view with a notice on top.
import type restify from 'restify';
import { z } from 'zod';
import { TRANSCRIPT_INPUT_MAX_CHARS } from '../cards/card-actions';
import type { Notice } from '../associations/learning-card';
import type { CertificationsTab } from '../certifications/certifications-tab';
import { userMessage } from '../errors';
import { jsonBody } from '../server/json-body';
import type { TabLearningView } from '../tab/tab-wire';
import type { TabUser } from './tab-token-validator';

const linkBody = z.object({ link: z.string().max(TRANSCRIPT_INPUT_MAX_CHARS) }).strict();
const remindersBody = z.object({ on: z.boolean() }).strict();

export interface TabCertificationHelpers {
  certifications: Pick<CertificationsTab, 'refresh' | 'paste' | 'setReminders'> | undefined;
  authenticate: (req: restify.Request, res: restify.Response) => Promise<{ user: TabUser; token: string } | undefined>;
  /** The person's whole learning view, with `notice` on top, in the page's locale. */
  learningView: (user: TabUser, token: string, notice: Notice | null, req: restify.Request) => Promise<TabLearningView>;
  sendJson: (res: restify.Response, status: number, body: unknown) => void;
  sendError: (res: restify.Response, status: number, code: string, message: string) => void;
  guarded: (
    name: string,
    handler: (req: restify.Request, res: restify.Response) => Promise<void>,
  ) => (req: restify.Request, res: restify.Response) => Promise<void>;
}

export function registerTabCertificationRoutes(server: restify.Server, helpers: TabCertificationHelpers): void {
  const { sendJson, sendError, guarded } = helpers;

  /** Authenticates, parses the body with `schema`, runs `act` and answers with the learning view. */
  const route = <T>(
    name: string,
    schema: z.ZodType<T> | undefined,
    act: (c: NonNullable<TabCertificationHelpers['certifications']>, user: TabUser, body: T) => Promise<Notice>,
  ) =>
    guarded(name, async (req, res) => {
      const acting = await helpers.authenticate(req, res);
      if (!acting) return;
      const parsed = schema ? schema.safeParse(req.body) : { success: true as const, data: undefined as T };
      if (!parsed.success) return sendError(res, 400, 'bad-request', userMessage('tab-bad-request'));
      const notice = helpers.certifications ? await act(helpers.certifications, acting.user, parsed.data) : null;
      sendJson(res, 200, await helpers.learningView(acting.user, acting.token, notice, req));
    });

  server.post(
    '/api/tab/certifications/refresh',
    route('certifications-refresh', undefined, (c, user) => c.refresh(user)),
  );
  server.post(
    '/api/tab/certifications/link',
    jsonBody(16 * 1024),
    route('certifications-link', linkBody, (c, user, body) => c.paste(user, body.link)),
  );
  server.post(
    '/api/tab/certifications/reminders',
    jsonBody(1024),
    route('certifications-reminders', remindersBody, (c, user, body) => c.setReminders(user, body.on)),
  );
}
