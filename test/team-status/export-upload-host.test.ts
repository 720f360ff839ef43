// Where the team CSV may go. The upload and content URLs come in the fileConsent/invoke, so anyone who
// can send the bot an invoke could name any host: only OneDrive for Business (*-my.sharepoint.com,
// and *.sharepoint.cn for 21Vianet) over https is accepted, and this machine only with the local
// stand-ins. A refusal tells the person, logs one line and uploads nothing. End to end over HTTP with
// the Teams channel stand-in as Teams and its OneDrive.
import assert from 'node:assert/strict';
import { generateOrg } from '../../src/stand-ins/graph-org-stand-in';
import { isAllowedFileUrl } from '../../src/team-status/file-consent';
import { work } from '../support/dev-people';
import { TabHarness } from '../support/tab-harness';
import { replyTexts } from '../support/teams-chat';

const production = { allowLoopback: false };
const local = { allowLoopback: true };
const REFUSED = /isn't your OneDrive, so I uploaded nothing/;

describe('the team CSV is uploaded to OneDrive for Business only', function () {
  this.timeout(60_000);

  it('accepts https OneDrive for Business and 21Vianet hosts', () => {
    for (const url of [
      'https://contoso-my.sharepoint.com/personal/alex_contoso_com/Documents/Applications/Partner%20Link/team.csv',
      'https://contoso-my.sharepoint.com/:x:/g/personal/alex_contoso_com/EabCdEf',
      'https://contoso-my.sharepoint.cn/personal/alex_contoso_partner_onmschina_cn/Documents/team.csv',
      'https://contoso.sharepoint.cn/sites/x/team.csv',
    ]) {
      assert.equal(isAllowedFileUrl(url, production), true, url);
    }
  });

  it('refuses the cloud metadata address, private addresses, other hosts, http and look-alikes', () => {
    for (const url of [
      'https://169.254.169.254/metadata/identity/oauth2/token',
      'http://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/upload',
      'https://192.168.1.20/upload',
      'https://172.16.0.1/upload',
      'https://[fd00::1]/upload',
      'https://[::ffff:a9fe:a9fe]/upload',
      'https://files.example.test/upload',
      'https://contoso.sharepoint.com/sites/x/team.csv',
      'https://contoso-my.sharepoint.com.attacker.example/upload',
      'https://attacker.example/contoso-my.sharepoint.com/upload',
      'https://contoso-my.sharepoint.com@attacker.example/upload',
      'https://user:pw@contoso-my.sharepoint.com/upload',
      'https://contoso-my.sharepoint.com:8443/upload',
      'http://contoso-my.sharepoint.com/upload',
      'ftp://contoso-my.sharepoint.com/upload',
      'not a url',
    ]) {
      assert.equal(isAllowedFileUrl(url, production), false, url);
      assert.equal(isAllowedFileUrl(url, local), false, `${url} (local)`);
    }
  });

  it('accepts this machine only with the local stand-ins', () => {
    for (const url of [
      'http://127.0.0.1:41234/_onedrive/upload/x',
      'http://localhost:41234/x',
      'http://[::1]:41234/x',
    ]) {
      assert.equal(isAllowedFileUrl(url, local), true, url);
      assert.equal(isAllowedFileUrl(url, production), false, `${url} (production)`);
    }
  });

  describe('an accepted file consent naming another host', () => {
    const h = new TabHarness(() => ({}), generateOrg({ size: 600, branching: 150 }));
    before(() => h.start());
    after(() => h.stop());

    /** Alex's team card → Export CSV → the consent Teams would send, with `tamper` applied to it. */
    async function acceptWith(tamper: (info: { uploadUrl: string; contentUrl: string }) => void) {
      const { chat, cardId } = await h.teamCardChat(work('alex'));
      const pressed = await chat.press(cardId, 'Export CSV');
      const consent = pressed.replies
        .flatMap((r) => r.attachments ?? [])
        .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
      assert.ok(consent, replyTexts(pressed.replies));
      const value = h.channel.acceptFileConsent(
        consent.name ?? 'team.csv',
        (consent.content as { acceptContext: unknown }).acceptContext,
      );
      tamper(value.uploadInfo);
      const logged = h.logLines.length;
      const answered = await chat.send({ type: 'invoke', name: 'fileConsent/invoke', value });
      return { answered, uniqueId: value.uploadInfo.uniqueId, log: h.logLines.slice(logged).join('') };
    }

    const cases: [string, (info: { uploadUrl: string; contentUrl: string }) => void][] = [
      [
        'the cloud metadata address as the upload URL',
        (info) => (info.uploadUrl = 'https://169.254.169.254/metadata/identity/oauth2/token'),
      ],
      ['a private address as the upload URL', (info) => (info.uploadUrl = 'https://10.0.0.5/_onedrive/upload')],
      ['another host as the upload URL', (info) => (info.uploadUrl = 'https://files.example.test/upload')],
      [
        "Teams' upload URL but a private address as the content URL",
        (info) => (info.contentUrl = 'https://192.168.1.20/team.csv'),
      ],
    ];
    for (const [what, tamper] of cases) {
      it(`${what}: the manager is told, one line is logged, nothing is uploaded and no file card is shown`, async () => {
        const { answered, uniqueId, log } = await acceptWith(tamper);
        assert.equal(answered.status, 200);
        assert.match(replyTexts(answered.replies), REFUSED);
        assert.equal(
          answered.replies
            .flatMap((r) => r.attachments ?? [])
            .filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info').length,
          0,
        );
        assert.equal(h.channel.uploadedFile(uniqueId)?.bytes, undefined, 'not a byte reached the upload URL');
        assert.match(log, /"event":"team\.export\.upload-refused"/);
      });
    }
  });
});
