// The Teams app package an admin uploads: valid against the Teams schema offline, flat, filled with
// this deployment's values, and refused with a clear line per problem otherwise.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { buildAppPackage, iconProblems, PackageError, readPackageSettings } from '../../src/teams-app/app-package';

const MANIFEST_DIR = path.join(process.cwd(), 'manifest');
const ENV = {
  TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppId: 'AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  BOT_DOMAIN: 'partner-link-contoso.azurewebsites.net',
};

/** A small RGB or RGBA PNG of one colour. */
function png(width: number, height: number, rgba: [number, number, number, number], alpha = true): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = alpha ? 6 : 2;
  const pixel = Buffer.from(alpha ? rgba : rgba.slice(0, 3));
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => pixel)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('Teams app package', () => {
  it('is a flat zip of manifest.json and the two icons, valid against the Teams schema, filled for this deployment', async () => {
    const { zip } = await buildAppPackage(readPackageSettings(ENV), MANIFEST_DIR, '1.2.3');
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const text = Buffer.from(files['manifest.json'] ?? new Uint8Array()).toString('utf8');
    assert.doesNotMatch(text, /\$\{\{/, 'no placeholder left');
    const manifest = JSON.parse(text) as {
      id: string;
      version: string;
      bots: { botId: string }[];
      staticTabs: { contentUrl?: string }[];
      validDomains: string[];
      webApplicationInfo: { id: string; resource: string };
    };
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest as never), []);
    assert.equal(manifest.id, ENV.TEAMS_APP_ID);
    assert.equal(manifest.version, '1.2.3');
    assert.equal(manifest.bots[0]?.botId, ENV.MicrosoftAppId.toLowerCase());
    assert.equal(manifest.staticTabs[0]?.contentUrl, `https://${ENV.BOT_DOMAIN}/tab`);
    assert.deepEqual(manifest.validDomains, [ENV.BOT_DOMAIN, 'token.botframework.com']);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: ENV.MicrosoftAppId.toLowerCase(),
      resource: `api://${ENV.BOT_DOMAIN}/botid-${ENV.MicrosoftAppId.toLowerCase()}`,
    });
    assert.deepEqual(iconProblems(Buffer.from(files['color.png'] ?? []), Buffer.from(files['outline.png'] ?? [])), []);
  });

  it('declares the RSC permission TeamMember.Read.Group (Application) and supportsFiles, and still validates offline', async () => {
    const { zip } = await buildAppPackage(readPackageSettings(ENV), MANIFEST_DIR, '1.2.3');
    const manifest = JSON.parse(Buffer.from(unzipSync(zip)['manifest.json'] ?? new Uint8Array()).toString('utf8')) as {
      bots: { supportsFiles: boolean; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
      authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
    };
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest as never), []);
    assert.deepEqual(manifest.authorization?.permissions?.resourceSpecific, [
      { name: 'TeamMember.Read.Group', type: 'Application' },
    ]);
    assert.equal(manifest.bots[0]?.supportsFiles, true, 'file consent cards (CSV export in 1:1) need supportsFiles');
    const personal = manifest.bots[0]?.commandLists.find((list) => list.scopes.includes('personal'));
    assert.ok(personal?.commands.some((c) => c.title === 'team status'));
  });

  it('says what is missing or wrong, one line per setting', () => {
    assert.throws(
      () => readPackageSettings({ MicrosoftAppId: 'not-a-guid', BOT_DOMAIN: 'https://bot.example.com/' }),
      (error: unknown) => {
        assert.ok(error instanceof PackageError);
        assert.deepEqual(error.problems.map((p) => p.split(' ')[0]).sort(), [
          'BOT_DOMAIN',
          'MicrosoftAppId',
          'TEAMS_APP_ID',
        ]);
        assert.ok(error.problems.some((p) => /^TEAMS_APP_ID is required: .*GUID/.test(p)));
        assert.ok(error.problems.some((p) => /^BOT_DOMAIN must be the public host name.*without https/.test(p)));
        return true;
      },
    );
  });

  it('refuses icons Teams would reject: wrong sizes, an opaque or coloured outline', () => {
    const color = png(192, 192, [79, 82, 178, 255], false);
    assert.deepEqual(iconProblems(color, png(32, 32, [0, 0, 0, 0])), []);
    assert.match(
      iconProblems(png(96, 96, [0, 0, 0, 255]), png(32, 32, [0, 0, 0, 0])).join(),
      /color\.png must be 192×192 pixels \(it is 96×96\)/,
    );
    assert.match(
      iconProblems(color, png(32, 32, [255, 255, 255, 255], false)).join(),
      /outline\.png must have a transparent background/,
    );
    assert.match(iconProblems(color, png(32, 32, [255, 0, 0, 255])).join(), /outline\.png must be mostly transparent/);
    assert.match(iconProblems(color, Buffer.from('GIF89a')).join(), /outline\.png is not a PNG file/);
  });

  it('the manifest is on the newest Teams schema @microsoft/app-manifest bundles, and validates with no network', async () => {
    const bundled = fs
      .readdirSync(path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams'))
      .filter((v) => /^v1\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const newest = bundled.at(-1) ?? '';
    assert.match(newest, /^1\.\d+$/);
    const template = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.template.json'), 'utf8')) as {
      $schema: string;
      manifestVersion: string;
    };
    assert.equal(template.manifestVersion, newest);
    assert.equal(
      template.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
    // Offline: any download attempt fails the build.
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input: string | URL | Request) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('no network in this test'));
    };
    try {
      const { manifest } = await buildAppPackage(readPackageSettings(ENV), MANIFEST_DIR, '1.0.0');
      assert.equal(manifest.manifestVersion, newest);
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(fetched, [], 'nothing downloaded');
  });

  it('refuses a manifest the Teams schema rejects, naming the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-manifest-'));
    try {
      for (const file of ['color.png', 'outline.png'])
        fs.copyFileSync(path.join(MANIFEST_DIR, file), path.join(dir, file));
      const template = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.template.json'), 'utf8')) as {
        name: { short: string };
      };
      template.name.short = 'Partner Link for the whole organization';
      fs.writeFileSync(path.join(dir, 'manifest.template.json'), JSON.stringify(template));
      await assert.rejects(buildAppPackage(readPackageSettings(ENV), dir, '1.0.0'), (error: unknown) => {
        assert.ok(error instanceof PackageError);
        assert.match(error.problems.join('\n'), /\/name\/short must NOT have more than 30 characters/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
