// The sign-in stand-in's inbox: where, locally, proactive messages go that the Agents Playground
// cannot show (it shows only its current user's chats; see src/proactive/local-inbox-sender.ts).
//  - POST /_local/inbox {conversationId, recipientId, activity}: kept, answered 201 {id};
//  - GET  /inbox: a page listing what each person was sent, newest first (their text, the card's
//    text, facts and buttons, as plain lines).
// Bounded: at most MAX_MESSAGES kept (the oldest go first), each cut to a few lines of limited length.
import { z } from 'zod';
import { escapeHtml } from './sign-in-pages';
import { html, json, parseJson, type StandInReply, type StandInRequest, type StandInService } from './stand-in-http';

export const MAX_MESSAGES = 500;
const MAX_LINES = 60;
const MAX_LINE = 1_000;

export interface InboxMessage {
  id: string;
  at: Date;
  recipientId: string;
  lines: string[];
}

/** Who an id is, for the page: a name and an address, when the stand-in knows them. */
export type NameOf = (id: string) => { name: string; address?: string } | undefined;

const delivery = z.object({
  conversationId: z.string().max(1_000).optional(),
  recipientId: z.string().min(1).max(200),
  activity: z.object({
    type: z.string().max(50).optional(),
    text: z.string().max(20_000).optional(),
    attachments: z
      .array(z.object({ contentType: z.string().max(200).optional(), content: z.unknown() }))
      .max(10)
      .optional(),
  }),
});

/** What a person would read in the message: its text, then each card's words, in order. */
export function readableLines(activity: z.infer<typeof delivery>['activity']): string[] {
  const lines: string[] = [];
  const add = (line: string) => {
    if (lines.length < MAX_LINES && line.trim()) lines.push(line.trim().slice(0, MAX_LINE));
  };
  if (activity.text) add(activity.text);
  const visit = (node: unknown, depth: number): void => {
    if (depth > 20 || lines.length >= MAX_LINES || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string' && record.text !== activity.text)
      add(record.text);
    if (record.type === 'FactSet' && Array.isArray(record.facts))
      for (const fact of record.facts as { title?: unknown; value?: unknown }[])
        add(`${typeof fact.title === 'string' ? fact.title : ''}: ${typeof fact.value === 'string' ? fact.value : ''}`);
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string')
      add(`[${record.title}]`);
    for (const [key, value] of Object.entries(record))
      if (key !== 'facts' && value && typeof value === 'object') visit(value, depth + 1);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content, 0);
  return lines;
}

export class LocalInbox implements StandInService {
  private readonly kept: InboxMessage[] = [];
  private counter = 0;

  constructor(private readonly nameOf: NameOf = () => undefined) {}

  /** What was delivered so far, oldest first. */
  messages(): InboxMessage[] {
    return [...this.kept];
  }

  handle(request: StandInRequest): StandInReply | undefined {
    if (request.path === '/_local/inbox' && request.method === 'POST') {
      const parsed = delivery.safeParse(parseJson(request.body));
      if (!parsed.success)
        return json(400, {
          error: { code: 'BadArgument', message: 'Expected {conversationId, recipientId, activity}.' },
        });
      const message = {
        id: `inbox-${++this.counter}`,
        at: new Date(),
        recipientId: parsed.data.recipientId,
        lines: readableLines(parsed.data.activity),
      };
      this.kept.push(message);
      if (this.kept.length > MAX_MESSAGES) this.kept.splice(0, this.kept.length - MAX_MESSAGES);
      return json(201, { id: message.id });
    }
    if (request.path === '/inbox' && request.method === 'GET') return html(200, this.page());
    return undefined;
  }

  private page(): string {
    const people = new Map<string, InboxMessage[]>();
    for (const message of [...this.kept].reverse())
      people.set(message.recipientId, [...(people.get(message.recipientId) ?? []), message]);
    const sections = [...people].map(([id, messages]) => {
      const who = this.nameOf(id);
      const title = who
        ? `${escapeHtml(who.name)}${who.address ? ` <small>${escapeHtml(who.address)}</small>` : ''}`
        : escapeHtml(id);
      const items = messages
        .map(
          (m) =>
            `<li><time datetime="${m.at.toISOString()}">${m.at.toISOString().slice(0, 19).replace('T', ' ')} UTC</time>${m.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</li>`,
        )
        .join('');
      return `<section><h2>${title}</h2><ol>${items}</ol></section>`;
    });
    const body = sections.length ? sections.join('') : '<p>Nothing yet.</p>';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>Partner Link local inbox</title><style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#242424}li{margin:.75rem 0;border-left:4px solid #5b5fc7;padding-left:.75rem;list-style:none}ol{padding:0}time{color:#616161;font-size:.85rem}p{margin:.25rem 0}</style></head><body><h1>Partner Link local inbox</h1><p>Messages Partner Link sent to people the Agents Playground cannot show (it shows only its current user's chats), newest first. Locally only: in Teams each person gets them in their chat with Partner Link.</p>${body}</body></html>`;
  }
}
