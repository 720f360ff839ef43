// The Teams channel as the bot sees it: the Bot Connector API at `serviceUrl`. Stores what the bot
// sends (new activities, replies, in-place updates; typing indicators apart, as they are never part
// of the chat, but in arrival order with the rest) so tests and benchmarks can read the chat, and
// creates 1:1 conversations (`POST /v3/conversations`) the way Teams does: one 1:1 per person,
// reused, or 403 ForbiddenOperationException when the app is not installed for that person; faults
// (teams-channel-faults.ts) add 429 with Retry-After there too. It also plays the user's OneDrive
// for Teams' file consent flow: `acceptFileConsent` is what Teams puts in the fileConsent/invoke
// when the person presses Allow (uploadInfo with an uploadUrl here), and the bot's PUT of the
// bytes with Content-Range to that uploadUrl is stored and readable with `uploadedFile`.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireActivity } from '../channel/wire';
import { ChannelFaults, type ChannelFault } from './teams-channel-faults';

export type ChannelActivity = WireActivity & { id: string; conversationId: string; deleted?: boolean };

export class TeamsChannelStandIn {
  private readonly byId = new Map<string, ChannelActivity>();
  private readonly order: string[] = [];
  private readonly history = new Map<string, ChannelActivity[]>();
  private readonly authorizations: (string | undefined)[] = [];
  private readonly wireLog: { conversationId: string; type: string; id?: string }[] = [];
  private readonly events = new EventEmitter();
  /** Failure injection and the log of received requests (see teams-channel-faults.ts). */
  readonly faults = new ChannelFaults();
  /** `${tenantId}|${userId}` → the person's 1:1 conversation id. */
  private readonly personalChats = new Map<string, string>();
  private readonly notInstalled = new Set<string>();
  private readonly created: ConversationParametersSeen[] = [];
  private readonly uploads = new Map<string, { name: string; bytes: Buffer | undefined; contentRanges: string[] }>();
  private server: http.Server | undefined;
  private baseUrl = '';

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'stand-in failure' } }));
      });
    });
    server.keepAliveTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /**
   * The invoke Teams sends when the person presses Allow on a FileConsentCard: `name: fileConsent/invoke`,
   * value {type:'fileUpload', action:'accept', context, uploadInfo:{name, uploadUrl, contentUrl, uniqueId, fileType}}.
   * The uploadUrl is a one-time session on this stand-in (OneDrive's upload session in Teams).
   */
  acceptFileConsent(
    fileName: string,
    context: unknown,
  ): { type: 'fileUpload'; action: 'accept'; context: unknown; uploadInfo: FileUploadInfo } {
    const uniqueId = randomUUID().toUpperCase();
    this.uploads.set(uniqueId, { name: fileName, bytes: undefined, contentRanges: [] });
    const dot = fileName.lastIndexOf('.');
    return {
      type: 'fileUpload',
      action: 'accept',
      context,
      uploadInfo: {
        name: fileName,
        uploadUrl: `${this.baseUrl}/_onedrive/upload/${uniqueId}`,
        contentUrl: `${this.baseUrl}/_onedrive/files/${encodeURIComponent(fileName)}`,
        uniqueId,
        fileType: dot >= 0 ? fileName.slice(dot + 1) : '',
      },
    };
  }

  /** What the bot uploaded to an accepted consent's uploadUrl (undefined until the PUT completes). */
  uploadedFile(uniqueId: string): { name: string; bytes: Buffer | undefined; contentRanges: string[] } | undefined {
    return this.uploads.get(uniqueId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The chat as it stands now (updates applied, deleted ones left out), oldest first. */
  activities(conversationId?: string): ChannelActivity[] {
    return this.order
      .map((id) => this.byId.get(id) as ChannelActivity)
      .filter((a) => !a.deleted && (conversationId === undefined || a.conversationId === conversationId));
  }

  /**
   * Every activity POSTed to a conversation, in the order it arrived: messages (with their id) and
   * typing indicators, which the chat itself does not keep (see `activities`).
   */
  wire(conversationId: string): { type: string; id?: string }[] {
    return this.wireLog
      .filter((w) => w.conversationId === conversationId)
      .map(({ type, id }) => (id ? { type, id } : { type }));
  }

  /** Every version of an activity that was updated in place (oldest first). */
  updates(activityId: string): ChannelActivity[] {
    return [...(this.history.get(activityId) ?? [])];
  }

  /** Authorization headers the bot sent, in order (undefined when none). */
  authorizationHeaders(): (string | undefined)[] {
    return [...this.authorizations];
  }

  waitForActivities(conversationId: string, count: number, timeoutMs = 5000): Promise<ChannelActivity[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const current = this.activities(conversationId);
        if (current.length >= count) {
          clearTimeout(timer);
          this.events.off('activity', check);
          resolve(current);
        }
      };
      const timer = setTimeout(() => {
        this.events.off('activity', check);
        const got = this.activities(conversationId).map(
          (a) => a.text ?? a.attachments?.map((x) => x.contentType).join(',') ?? a.type,
        );
        reject(
          new Error(
            `Expected ${count} activities in ${conversationId} within ${timeoutMs} ms; got ${got.length}: ${JSON.stringify(got)}`,
          ),
        );
      }, timeoutMs);
      this.events.on('activity', check);
      check();
    });
  }

  /** An existing 1:1 chat (the app installed for this person): createConversation returns it. */
  registerPersonalChat(tenantId: string, userId: string, conversationId: string): void {
    this.personalChats.set(personalKey(tenantId, userId), conversationId);
  }

  /** The person's 1:1 chat id, if there is one. */
  personalChatOf(tenantId: string, userId: string): string | undefined {
    return this.personalChats.get(personalKey(tenantId, userId));
  }

  /** Teams answers 403 to a 1:1 for this person: the app is not installed in their personal scope. */
  refusePersonalChat(userId: string): void {
    this.notInstalled.add(userId);
  }

  /** The app was installed for this person (e.g. through Graph): Teams opens their 1:1 from now on. */
  allowPersonalChat(userId: string): void {
    this.notInstalled.delete(userId);
  }

  /** The createConversation requests the bot made, oldest first. */
  createConversationRequests(): ConversationParametersSeen[] {
    return [...this.created];
  }

  clear(): void {
    this.byId.clear();
    this.order.length = 0;
    this.history.clear();
    this.authorizations.length = 0;
    this.wireLog.length = 0;
    this.faults.clear();
  }

  /** OneDrive's upload session: one PUT with `Content-Range: bytes 0-{n-1}/{n}` (the whole file, as the Teams sample does). */
  private async receiveUpload(uniqueId: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const session = this.uploads.get(uniqueId);
    if (!session)
      return answer(404, {
        error: { code: 'itemNotFound', message: 'The upload session does not exist or has expired.' },
      });
    if (req.method !== 'PUT') return answer(405, { error: { code: 'invalidRequest', message: 'Upload with PUT.' } });
    const range = String(req.headers['content-range'] ?? '');
    const body = Buffer.from(await readBody(req), 'utf8');
    const parsed = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    session.contentRanges.push(range);
    if (
      !parsed ||
      Number(parsed[1]) !== 0 ||
      Number(parsed[2]) !== body.length - 1 ||
      Number(parsed[3]) !== body.length
    ) {
      return answer(400, {
        error: { code: 'invalidRange', message: 'Content-Range must describe the bytes sent: bytes 0-{n-1}/{n}.' },
      });
    }
    session.bytes = body;
    return answer(201, { id: uniqueId, name: session.name, size: body.length, file: {} });
  }

  /** Teams creates (or reuses) only 1:1 chats for bots: one member, isGroup false, tenant in channelData. */
  private createConversation(
    parameters: ConversationParametersSeen,
    send: (status: number, body: unknown) => void,
  ): void {
    this.created.push(parameters);
    const member = parameters.members?.length === 1 ? parameters.members[0]?.id : undefined;
    const tenantId = parameters.channelData?.tenant?.id ?? parameters.tenantId;
    if (parameters.isGroup === true || !member || !tenantId || !parameters.bot?.id) {
      return send(400, { error: { code: 'BadArgument', message: 'Incorrect conversation creation parameters' } });
    }
    if (this.notInstalled.has(member)) {
      return send(403, {
        error: { code: 'ForbiddenOperationException', message: "Bot isn't installed in user's personal scope" },
      });
    }
    const key = personalKey(tenantId, member);
    const id = this.personalChats.get(key) ?? `a:1${randomUUID().replace(/-/g, '')}`;
    this.personalChats.set(key, id);
    return send(201, { id });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let dropResponse = false;
    const send = (status: number, body: unknown) => {
      // A lost response: the request arrived (and took effect), the answer never leaves.
      if (dropResponse) return void req.socket.destroy();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://channel');
    const upload = /^\/_onedrive\/upload\/([0-9A-F-]{36})$/.exec(url.pathname);
    if (upload) return this.receiveUpload(upload[1] ?? '', req, res);
    const match = /\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?$/.exec(url.pathname);
    if (!match) return send(404, { error: { code: 'NotFound', message: `No route ${req.method} ${url.pathname}` } });
    this.authorizations.push(req.headers.authorization);
    const conversationId = match[1] ? decodeURIComponent(match[1]) : undefined;
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const body =
      req.method === 'POST' || req.method === 'PUT'
        ? ((JSON.parse((await readBody(req)) || '{}') as WireActivity) ?? {})
        : {};
    if (req.method === 'POST' && conversationId && body.type === 'typing') {
      // Typing is no message: Teams shows it for a few seconds and keeps nothing in the chat.
      this.wireLog.push({ conversationId, type: 'typing' });
      return send(200, {});
    }
    const taken = this.faults.take(req.method ?? '', conversationId);
    const delay =
      taken !== undefined && taken !== 'drop' && ('delayMs' in taken || 'until' in taken) ? taken : undefined;
    const fault = delay ? undefined : (taken as ChannelFault | 'drop' | undefined);
    this.faults.record(req.method ?? '', conversationId, fault === 'drop' ? 'dropped' : (fault?.status ?? 'handled'));
    if (fault !== undefined && fault !== 'drop') return ChannelFaults.answer(res, fault);
    if (delay && 'delayMs' in delay) await new Promise((resolve) => setTimeout(resolve, delay.delayMs));
    if (delay && 'until' in delay) await delay.until.catch(() => undefined);
    dropResponse = fault === 'drop';

    if (req.method === 'POST' && !conversationId)
      return this.createConversation(body as ConversationParametersSeen, send);
    if (!conversationId) return send(404, { error: { code: 'NotFound', message: 'conversation id missing' } });
    if (req.method === 'POST') {
      const id = `act-${randomUUID()}`;
      this.byId.set(id, { ...body, id, conversationId });
      this.order.push(id);
      this.wireLog.push({ conversationId, type: body.type ?? 'message', id });
      this.events.emit('activity');
      return send(200, { id });
    }
    if (!activityId) return send(405, { error: { code: 'MethodNotAllowed', message: 'use POST' } });
    const existing = this.byId.get(activityId);
    if (!existing || existing.conversationId !== conversationId)
      return send(404, { error: { code: 'ActivityNotFound', message: 'Unknown activity' } });
    if (req.method === 'PUT') {
      this.history.set(activityId, [...(this.history.get(activityId) ?? []), existing]);
      this.byId.set(activityId, { ...body, id: activityId, conversationId });
      this.events.emit('activity');
      return send(200, { id: activityId });
    }
    if (req.method === 'DELETE') {
      this.byId.set(activityId, { ...existing, deleted: true });
      return send(200, {});
    }
    return send(405, { error: { code: 'MethodNotAllowed', message: `${req.method} not supported` } });
  }
}

export interface FileUploadInfo {
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

export interface ConversationParametersSeen {
  isGroup?: boolean;
  bot?: { id?: string; name?: string };
  members?: { id?: string; name?: string }[];
  tenantId?: string;
  channelData?: { tenant?: { id?: string } };
  activity?: unknown;
}

function personalKey(tenantId: string, userId: string): string {
  return `${tenantId.toLowerCase()}|${userId}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
