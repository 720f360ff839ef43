// Finding the transcript share link in whatever the person pasted, and refusing
// anything else without being slowed down by hostile input; what a transcript says about whose it is.
import assert from 'node:assert/strict';
import { findTranscriptLink, LINK_PATTERNS, MAX_MESSAGE_CHARS } from '../../src/certifications/transcript-link';
import { contactEmailOf, transcriptIdentity, transcriptWire } from '../../src/certifications/transcript';
import { identityKeys } from '../../src/storage/identity-keys';
import { nestedRepetitions } from '../support/regex-shape';

describe('transcript link', () => {
  it('finds the link with a locale, without one, and inside a sentence or HTML', () => {
    assert.deepEqual(findTranscriptLink('https://learn.microsoft.com/en-us/users/mot01/transcript/8u6awert43q1plo'), {
      kind: 'found',
      link: { shareId: '8u6awert43q1plo', username: 'mot01', locale: 'en-us' },
    });
    assert.deepEqual(
      findTranscriptLink('here: https://learn.microsoft.com/users/mot01/transcript/8u6awert43q1plo thanks'),
      {
        kind: 'found',
        link: { shareId: '8u6awert43q1plo', username: 'mot01', locale: undefined },
      },
    );
    const html =
      '<p>my link <a href="https://Learn.Microsoft.com/zh-Hant-TW/users/jane.doe-1/transcript/abc123XYZ?tab=credentials">link</a></p>';
    const found = findTranscriptLink(html);
    assert.equal(found.kind === 'found' && found.link.shareId, 'abc123XYZ');
    assert.equal(found.kind === 'found' && found.link.locale, 'zh-hant-tw');
  });

  it('refuses http, other hosts, look-alike hosts and malformed links, saying it is not a valid link', () => {
    for (const bad of [
      'http://learn.microsoft.com/en-us/users/mot01/transcript/8u6awert43q1plo',
      'https://learn.microsoft.com.evil.example/en-us/users/mot01/transcript/8u6awert43q1plo',
      'https://evil.example/learn.microsoft.com/users/mot01/transcript/8u6awert43q1plo',
      'https://learn.microsoft.com/en-us/users/mot01/transcript/',
      'https://learn.microsoft.com/en-us/users/mot01/transcript/abc',
      'https://learn.microsoft.com/en-us/users/mot01/transcript/8u6awert43q1plo%2F..%2Fadmin',
      'https://learn.microsoft.com/en-us/users/mot01',
      `https://learn.microsoft.com/en-us/users/mot01/transcript/${'a'.repeat(65)}`,
    ]) {
      assert.equal(findTranscriptLink(bad).kind, 'invalid', bad);
    }
    assert.equal(findTranscriptLink('refresh').kind, 'none');
    assert.equal(findTranscriptLink('hello there').kind, 'none');
  });

  it('looks only at the start of a huge message, and only a bounded distance from each position in it', () => {
    const link = 'https://learn.microsoft.com/en-us/users/mot01/transcript/8u6awert43q1plo';
    assert.equal(findTranscriptLink(`${'x'.repeat(MAX_MESSAGE_CHARS)} ${link}`).kind, 'none');
    assert.equal(findTranscriptLink(`${'x'.repeat(MAX_MESSAGE_CHARS - link.length - 1)} ${link}`).kind, 'found');
    // Each pattern's every repetition has an upper bound, so each start position can only go a
    // bounded distance: near-misses everywhere cost linear time (`npm run bench -- input` has timings).
    for (const pattern of LINK_PATTERNS) {
      assert.doesNotMatch(pattern.source, /[*+]|\{\d*,\}/, String(pattern));
      assert.deepEqual(nestedRepetitions(pattern.source), [], String(pattern));
    }
  });
});

describe('whose a transcript is, as keyed hashes', () => {
  const keys = identityKeys(() => Promise.resolve(Buffer.alloc(32, 7)));
  const wire = (value: unknown) => transcriptWire.parse(value);

  it('an address matches only itself (case and spaces aside): the same first letter and domain is another address', async () => {
    const adele = await keys.emailKey('adele.v@outlook.com');
    assert.equal(await keys.emailKey('  Adele.V@Outlook.com '), adele);
    assert.notEqual(await keys.emailKey('anna@outlook.com'), adele);
    assert.notEqual(await keys.emailKey('adele.v@outlook.co'), adele);
    assert.match(adele, /^[0-9a-f]{64}$/);
    assert.ok(!adele.includes('adele'));
    const otherInstallation = identityKeys(() => Promise.resolve(Buffer.alloc(32, 8)));
    assert.notEqual(
      await otherInstallation.emailKey('adele.v@outlook.com'),
      adele,
      "another installation's secret, another hash",
    );
  });

  it('the transcript is known by its Learn user name, else its MCID; a contact email that is no address matches nothing', async () => {
    assert.deepEqual(
      transcriptIdentity(wire({ userName: ' AdeleVance-4821 ', certificationData: { mcid: '990011223' } })),
      { kind: 'user-name', value: 'AdeleVance-4821' },
    );
    assert.deepEqual(transcriptIdentity(wire({ certificationData: { mcid: 990011223 } })), {
      kind: 'mcid',
      value: '990011223',
    });
    assert.equal(transcriptIdentity(wire({ contactEmail: 'a@b.example' })), undefined);
    assert.equal(
      await keys.transcriptKey({ kind: 'user-name', value: 'adelevance-4821' }),
      await keys.transcriptKey({ kind: 'user-name', value: 'AdeleVance-4821' }),
    );
    assert.notEqual(
      await keys.transcriptKey({ kind: 'user-name', value: '990011223' }),
      await keys.transcriptKey({ kind: 'mcid', value: '990011223' }),
    );
    assert.equal(contactEmailOf(wire({ contactEmail: 'not-an-address' })), undefined);
    assert.equal(contactEmailOf(wire({ contactEmail: null })), undefined);
    assert.equal(contactEmailOf(wire({ contactEmail: ' a@b.example ' })), 'a@b.example');
  });
});
