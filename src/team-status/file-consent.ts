// CSV export in a 1:1 chat, in Teams' file consent wire format (bots "send and receive files",
// supportsFiles in the manifest; 1:1 only):
//  1. the bot sends a FileConsentCard (contentType application/vnd.microsoft.teams.card.file.consent)
//     with the file's name and size and an acceptContext: the view state only (scope, filter, page,
//     team), never the data — the file is computed again, re-authorized, when the person accepts;
//  2. Teams sends an invoke `fileConsent/invoke` with value {type:'fileUpload', action:'accept'|'decline',
//     context, uploadInfo:{name, uploadUrl, contentUrl, uniqueId, fileType}};
//  3. on accept the bot PUTs the bytes to uploadUrl with `Content-Range: bytes 0-{n-1}/{n}` and then
//     sends a FileInfoCard (application/vnd.microsoft.teams.card.file.info) pointing at contentUrl.
// The upload and content URLs come in the invoke, so they are checked against the hosts Teams' file
// consent really uses before anything is computed or sent: OneDrive for Business (https on
// `*-my.sharepoint.com`, and `*.sharepoint.cn` for 21Vianet; Teams bots support no files in GCC-High
// or DoD). http to this machine only with the local stand-ins. Anything else (the cloud metadata
// address, private addresses, any other host) is refused, and not a byte is uploaded.
import { z } from 'zod';
import { isLoopbackHost } from '../loopback';
import { TEAM_FILTERS, TEAM_SCOPES } from './model';

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Largest CSV uploaded (10,000 rows of at most ~200 bytes each fit well under it). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** What the consent card carries back: the view, not the data. */
export const exportContextSchema = z.strictObject({
  kind: z.literal('teamExport'),
  scope: z.enum(TEAM_SCOPES),
  filter: z.enum(TEAM_FILTERS),
  managerOid: guid,
  tenant: guid,
  teamId: guid.optional(),
});
export type ExportContext = z.infer<typeof exportContextSchema>;

const uploadInfoSchema = z.object({
  name: z.string().min(1).max(255),
  uploadUrl: z.string().min(1).max(4000),
  contentUrl: z.string().min(1).max(4000),
  uniqueId: z.string().min(1).max(200),
  fileType: z.string().max(20).optional(),
});

export const fileConsentInvokeSchema = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: exportContextSchema,
  uploadInfo: uploadInfoSchema.optional(),
});
export type FileConsentInvoke = z.infer<typeof fileConsentInvokeSchema>;

export function fileConsentCard(fileName: string, sizeInBytes: number, context: ExportContext) {
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: fileName,
    content: {
      description: 'Team status of the current view (CSV): names and link and certification counts, no addresses.',
      sizeInBytes,
      acceptContext: context,
      declineContext: context,
    },
  };
}

export function fileInfoCard(uploadInfo: z.infer<typeof uploadInfoSchema>) {
  return {
    contentType: FILE_INFO_CONTENT_TYPE,
    contentUrl: uploadInfo.contentUrl,
    name: uploadInfo.name,
    content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? 'csv' },
  };
}

/** OneDrive for Business (`contoso-my.sharepoint.com`) and 21Vianet's SharePoint (`contoso-my.sharepoint.cn`). */
const ONEDRIVE_HOST =
  /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?-my\.sharepoint\.com$|^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.sharepoint\.cn$/;

export interface FileUrlRules {
  /** Local use with the stand-ins (channel authentication off): this machine over http(s) as well. */
  allowLoopback: boolean;
}

/** True when `raw` is somewhere Teams' file consent may send the file: see the module header. */
export function isAllowedFileUrl(raw: string, rules: FileUrlRules): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  if (url.username || url.password) return false;
  if (rules.allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname))
    return true;
  return url.protocol === 'https:' && url.port === '' && ONEDRIVE_HOST.test(url.hostname);
}

/** The host of a refused URL, for the log line (bounded; never the path, which names the file). */
export function hostForLog(raw: string): string {
  return (URL.canParse(raw) ? new URL(raw).host : 'not a URL').slice(0, 100);
}

export type UploadOutcome = { ok: true } | { ok: false; reason: 'bad-url' | 'too-large' | 'refused' | 'unreachable' };

/** PUTs the whole file to Teams' upload URL in one range, as Teams' own sample does. */
export async function uploadToConsentUrl(
  uploadUrl: string,
  bytes: Buffer,
  rules: FileUrlRules,
  fetchImpl: typeof fetch = fetch,
): Promise<UploadOutcome> {
  if (!isAllowedFileUrl(uploadUrl, rules)) return { ok: false, reason: 'bad-url' };
  const url = new URL(uploadUrl);
  if (bytes.length === 0 || bytes.length > MAX_UPLOAD_BYTES) return { ok: false, reason: 'too-large' };
  try {
    const response = await fetchImpl(url, {
      method: 'PUT',
      redirect: 'manual',
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-length': String(bytes.length),
        'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
      },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? { ok: true } : { ok: false, reason: 'refused' };
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
}
