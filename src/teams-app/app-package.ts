// The Teams app package a partner's admin uploads (Teams admin center → Manage apps → Upload, or
// Developer Portal): manifest/manifest.template.json filled with this deployment's values, checked
// offline against the Teams manifest schema, with both icons checked the way Teams wants them
// (nothing else checks icons locally), zipped flat: manifest.json, color.png, outline.png.
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { PngError, readPng } from './png';

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const httpsUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'must be an https URL');

export const packageSettingsSchema = z.object({
  TEAMS_APP_ID: guid.describe('the Teams app id: any GUID, generated once per organization and kept for every update'),
  MicrosoftAppId: guid.describe("the bot's Entra app id (the same as the bot's configuration)"),
  BOT_DOMAIN: z
    .string()
    .trim()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      'must be the public host name of the bot, without https:// or a path (e.g. partner-link-contoso.azurewebsites.net)',
    )
    .describe('the public host name where the bot and its tab are served, e.g. partner-link-contoso.azurewebsites.net'),
  APP_VERSION: z
    .string()
    .trim()
    .regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.0.0')
    .optional(),
  DEVELOPER_NAME: z.string().trim().min(1).max(32).default('Partner Link'),
  DEVELOPER_WEBSITE_URL: httpsUrl.optional(),
  PRIVACY_URL: httpsUrl.optional(),
  TERMS_OF_USE_URL: httpsUrl.optional(),
});
export type PackageSettings = z.infer<typeof packageSettingsSchema>;

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package was not written; fix these:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

export function readPackageSettings(env: NodeJS.ProcessEnv): PackageSettings {
  const parsed = packageSettingsSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new PackageError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const value = env[key];
      const what = (packageSettingsSchema.shape as Record<string, { description?: string } | undefined>)[key]
        ?.description;
      if (value === undefined || value.trim() === '') return `${key} is required${what ? `: ${what}` : ''}`;
      return `${key} ${issue.message} (got "${value.slice(0, 80)}")`;
    }),
  );
}

/** Fills every `${{NAME}}` in the template's strings; a name without a value is an error, never left in. */
export function fillTemplate(template: unknown, values: Record<string, string>): unknown {
  const missing = new Set<string>();
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\$\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, (_all, name: string) => {
        const value = values[name];
        if (value === undefined) missing.add(name);
        return value ?? '';
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const filled = fill(template);
  if (missing.size > 0)
    throw new PackageError([...missing].map((name) => `the manifest template uses \${{${name}}}, which has no value`));
  return filled;
}

/** Teams: color 192×192 full colour; outline 32×32, white on a transparent background. */
export function iconProblems(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const read = (name: string, file: Buffer) => {
    try {
      return readPng(file);
    } catch (error) {
      problems.push(`${name} ${error instanceof PngError ? error.message : 'cannot be read'}`);
      return undefined;
    }
  };
  const c = read('color.png', color);
  if (c && (c.width !== 192 || c.height !== 192))
    problems.push(`color.png must be 192×192 pixels (it is ${c.width}×${c.height})`);
  const o = read('outline.png', outline);
  if (o) {
    if (o.width !== 32 || o.height !== 32)
      problems.push(`outline.png must be 32×32 pixels (it is ${o.width}×${o.height})`);
    else if (!o.hasAlpha) problems.push('outline.png must have a transparent background (save it as RGBA)');
    else {
      let transparent = 0;
      let nonWhite = 0;
      for (let y = 0; y < o.height; y++) {
        for (let x = 0; x < o.width; x++) {
          const [r, g, b, a] = o.pixel(x, y);
          if (a === 0) transparent += 1;
          else if (a > 32 && (r < 224 || g < 224 || b < 224)) nonWhite += 1;
        }
      }
      if (transparent < (o.width * o.height) / 4)
        problems.push('outline.png must be mostly transparent: white strokes on a transparent background');
      if (nonWhite > 0)
        problems.push(`outline.png must use only white (and transparency); ${nonWhite} pixels are coloured`);
    }
  }
  return problems;
}

export interface AppPackage {
  manifest: TeamsManifest;
  zip: Uint8Array;
}

export async function buildAppPackage(
  settings: PackageSettings,
  manifestDir: string,
  defaultVersion: string,
): Promise<AppPackage> {
  const site = `https://${settings.BOT_DOMAIN}/tab`;
  const values: Record<string, string> = {
    TEAMS_APP_ID: settings.TEAMS_APP_ID.toLowerCase(),
    MicrosoftAppId: settings.MicrosoftAppId.toLowerCase(),
    BOT_DOMAIN: settings.BOT_DOMAIN.toLowerCase(),
    APP_VERSION: settings.APP_VERSION ?? defaultVersion,
    DEVELOPER_NAME: settings.DEVELOPER_NAME,
    DEVELOPER_WEBSITE_URL: settings.DEVELOPER_WEBSITE_URL ?? site,
    PRIVACY_URL: settings.PRIVACY_URL ?? site,
    TERMS_OF_USE_URL: settings.TERMS_OF_USE_URL ?? site,
  };
  const template: unknown = JSON.parse(fs.readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8'));
  const manifest = fillTemplate(template, values) as TeamsManifest;
  const color = fs.readFileSync(path.join(manifestDir, 'color.png'));
  const outline = fs.readFileSync(path.join(manifestDir, 'outline.png'));
  const problems = [
    ...(await AppManifestUtils.validateAgainstSchema(manifest)).map(
      (p) => `manifest.json${p.trim().startsWith('must') ? ' ' : ''}${p}`,
    ),
    ...iconProblems(color, outline),
  ];
  if (problems.length > 0) throw new PackageError(problems);
  const zip = zipSync(
    { 'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)), 'color.png': color, 'outline.png': outline },
    { mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { manifest, zip };
}
