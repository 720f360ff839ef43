// What may leave the process in a trace. Every span passes through RedactingSpanProcessor before the
// Azure Monitor exporter sees it: header, cookie, body and query attributes are dropped; URLs lose
// their query string and id-like path segments (conversation ids, addresses); Learn share ids and
// user names are replaced by route, whatever their shape (`/transcript/share/{id}`, `/transcript/{id}`,
// `/users/{name}/`), in URLs and in free text alike; email addresses, bearer tokens, JWTs and other
// long opaque strings are replaced in every attribute, event and name.
// Pure and dependency-free (types only), so it is tested without starting OpenTelemetry.
import type { AttributeValue, Attributes } from '@opentelemetry/api';

/** Attribute keys that are dropped whatever their value. */
const DROPPED_KEY =
  /authorization|cookie|\.header\.|\.body|(^|\.)query$|\.query\.|client_ip|client\.address|peer\.ip|network\.peer\.address|enduser\.|user\.email|user\.name|user_agent\.original/i;
/** Keys whose value is a URL or a path: the query goes, id-like segments are replaced. */
const URL_KEYS = new Set(['url.full', 'http.url', 'http.target', 'url.path', 'url.original', 'http.route']);

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const URL_QUERY = /((?:https?:\/\/|\/)[^\s?#"'<>]*)\?[^\s#"'<>]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gi;
const OPAQUE = /[A-Za-z0-9_+=-]{40,}/g;
/**
 * The segment after `/users/`, `/transcript/share/` or `/transcript/` is personal or secret by route:
 * a share id may be 6 characters of letters only, and a Learn user name is a person's handle.
 * The word `share` itself stays (a share id is at least 6 characters), so the route stays readable.
 */
const BY_ROUTE = /\/(users|transcript\/share|transcript(?!\/share(?![^/\s?#"'<>])))\/[^/\s?#"'<>]+/gi;

/** Replaces secrets and personal addresses anywhere in a string (exception messages, names, values). */
export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[token]')
    .replace(URL_QUERY, '$1')
    .replace(BY_ROUTE, '/$1/:id')
    .replace(EMAIL, '[email]')
    .replace(OPAQUE, '[redacted]');
}

const idLike = (segment: string) => /@|%40/i.test(segment) || (segment.length >= 16 && /\d/.test(segment));

/** A URL or path without its query and fragment, and with id-like and by-route segments replaced by ":id". */
export function redactUrl(value: string): string {
  const cut = value.search(/[?#]/);
  const bare = cut === -1 ? value : value.slice(0, cut);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(bare)?.[0] ?? '';
  const path = bare
    .slice(origin.length)
    .split('/')
    .map((segment) => (idLike(segment) ? ':id' : segment))
    .join('/');
  return redactText(`${origin}${path}`);
}

function redactValue(key: string, value: AttributeValue): AttributeValue {
  if (typeof value === 'string') return URL_KEYS.has(key) ? redactUrl(value) : redactText(value);
  if (Array.isArray(value))
    return value.map((v: unknown) => (typeof v === 'string' ? redactText(v) : v)) as AttributeValue;
  return value;
}

/** Redacts an attribute bag in place (the SDK's own object, so the exporter sees the result). */
export function redactAttributes(attributes: Attributes | undefined): void {
  if (!attributes) return;
  const bag = attributes as Record<string, AttributeValue | undefined>;
  for (const key of Object.keys(bag)) {
    const value = bag[key];
    if (DROPPED_KEY.test(key)) delete bag[key];
    else if (value !== undefined) bag[key] = redactValue(key, value);
  }
}

/** The parts of an SDK span the processor touches (structural, so no SDK types are loaded here). */
interface MutableSpanView {
  name: string;
  attributes: Attributes;
  events?: { name: string; attributes?: Attributes }[];
}

/**
 * A span processor that redacts at start (attributes given to startSpan) and again at end (those
 * set later, events), before the batch exporter's processor runs.
 */
export class RedactingSpanProcessor {
  onStart(span: object): void {
    this.redact(span as MutableSpanView);
  }

  onEnd(span: object): void {
    this.redact(span as MutableSpanView);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private redact(span: MutableSpanView): void {
    redactAttributes(span.attributes);
    for (const event of span.events ?? []) {
      redactAttributes(event.attributes);
      event.name = redactText(event.name);
    }
    const name = redactUrl(span.name);
    // The SDK's span name is a plain field; reassign only when something changed.
    if (name !== span.name) (span as { name: string }).name = name;
  }
}
