// The CSV in a 1:1 chat through Teams' file consent wire format, against the Teams channel
// stand-in over HTTP: consent card → fileConsent/invoke accept (uploadInfo from the stand-in) → PUT
// with Content-Range to the uploadUrl → FileInfoCard. The upload URL must be OneDrive for Business
// (https), or this machine's for the stand-in; the consent context carries the view state, never the data.
import assert from 'node:assert/strict';
import { TeamsChannelStandIn } from '../../src/stand-ins/teams-channel-stand-in';
import {
  exportContextSchema,
  FILE_CONSENT_CONTENT_TYPE,
  fileConsentCard,
  fileConsentInvokeSchema,
  fileInfoCard,
  uploadToConsentUrl,
} from '../../src/team-status/file-consent';
import { teamCsv } from '../../src/team-status/team-csv';

/** The stand-in's OneDrive is on this machine: allowed only with the local stand-ins. */
const LOCAL = { allowLoopback: true };
const CONTEXT = {
  kind: 'teamExport' as const,
  scope: 'direct' as const,
  filter: 'all' as const,
  managerOid: '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a02',
  tenant: '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d',
};

describe('CSV export through file consent (fileConsent/invoke, upload with Content-Range)', () => {
  const channel = new TeamsChannelStandIn();
  before(() => channel.start());
  after(() => channel.stop());

  it('the consent card carries the view only; an accepted consent uploads the exact bytes to the uploadUrl and yields a FileInfoCard', async () => {
    const csv = Buffer.from(
      teamCsv([
        {
          name: 'Avery Abbott 1',
          trainingLinked: true,
          learningLinked: false,
          activeCertifications: 2,
          expiringSoon: 1,
        },
      ]),
      'utf8',
    );
    const card = fileConsentCard('team-status-direct-all-2026-11-25.csv', csv.length, CONTEXT);
    assert.equal(card.contentType, FILE_CONSENT_CONTENT_TYPE);
    assert.deepEqual(exportContextSchema.parse(card.content.acceptContext), CONTEXT);
    assert.doesNotMatch(JSON.stringify(card), /Avery/, 'no data on the consent card');
    const invoke = fileConsentInvokeSchema.parse(channel.acceptFileConsent(card.name, card.content.acceptContext));
    assert.equal(invoke.action, 'accept');
    const info = invoke.uploadInfo;
    assert.ok(info);
    assert.deepEqual(await uploadToConsentUrl(info.uploadUrl, csv, LOCAL), { ok: true });
    const stored = channel.uploadedFile(info.uniqueId);
    assert.equal(stored?.bytes?.toString('utf8'), csv.toString('utf8'));
    assert.deepEqual(stored?.contentRanges, [`bytes 0-${csv.length - 1}/${csv.length}`]);
    assert.deepEqual(fileInfoCard(info), {
      contentType: 'application/vnd.microsoft.teams.card.file.info',
      contentUrl: info.contentUrl,
      name: card.name,
      content: { uniqueId: info.uniqueId, fileType: 'csv' },
    });
  });

  it('a forged context or an upload URL elsewhere is refused before any byte leaves', async () => {
    assert.equal(
      fileConsentInvokeSchema.safeParse({ type: 'fileUpload', action: 'accept', context: { ...CONTEXT, rows: ['x'] } })
        .success,
      false,
    );
    assert.deepEqual(await uploadToConsentUrl('http://files.example.test/upload', Buffer.from('a'), LOCAL), {
      ok: false,
      reason: 'bad-url',
    });
    assert.deepEqual(await uploadToConsentUrl('https://user:pw@contoso-my.sharepoint.com/x', Buffer.from('a'), LOCAL), {
      ok: false,
      reason: 'bad-url',
    });
    const invoke = fileConsentInvokeSchema.parse(channel.acceptFileConsent('x.csv', CONTEXT));
    // A second, different upload to an unknown session: the stand-in answers 404, the bot reports it.
    assert.deepEqual(
      await uploadToConsentUrl(
        `${invoke.uploadInfo?.uploadUrl.slice(0, -36) ?? ''}00000000-0000-0000-0000-000000000000`,
        Buffer.from('a'),
        LOCAL,
      ),
      { ok: false, reason: 'refused' },
    );
  });
});
