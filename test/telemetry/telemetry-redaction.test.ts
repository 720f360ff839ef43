// What the span processor lets through to Application Insights, span by span: the
// cases the end-to-end run (telemetry-export.test.ts) cannot provoke on demand.
import assert from 'node:assert/strict';
import { RedactingSpanProcessor, redactText, redactUrl } from '../../src/telemetry-redaction';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhZGVsZUBjb250b3NvLmV4YW1wbGUifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('telemetry redaction', () => {
  it('drops headers, bodies, queries and client addresses; strips URLs; redacts addresses and tokens everywhere', () => {
    const span = {
      name: 'GET /api/profiles/transcript/share/adelev8transcript01?locale=en-us',
      attributes: {
        'http.request.header.authorization': [`Bearer ${JWT}`],
        'http.request.body': '{"text":"hi"}',
        'url.query': 'code=123456&userId=29:1abc',
        'client.address': '203.0.113.9',
        'url.full':
          'https://token.botframework.com/api/usertoken/GetToken?userId=29%3A1abc&connectionName=WorkAccount&code=123456',
        'http.target': '/v1.0/users/adele.vance%40contoso.example/manager',
        'exception.message': `Graph said no to adele.vance@contoso.example with Bearer ${JWT} at https://graph.microsoft.com/v1.0/me?$select=mail`,
        'partnerlink.turn': 'f:1234',
        'http.response.status_code': 200,
      },
      events: [
        {
          name: 'exception',
          attributes: { 'exception.message': 'token EwA' + 'x'.repeat(60) + ' rejected for megan.bowen@outlook.com' },
        },
      ],
    };
    const processor = new RedactingSpanProcessor();
    processor.onStart(span);
    processor.onEnd(span);
    assert.deepEqual(span.attributes, {
      'url.full': 'https://token.botframework.com/api/usertoken/GetToken',
      'http.target': '/v1.0/users/:id/manager',
      'exception.message': 'Graph said no to [email] with Bearer [redacted] at https://graph.microsoft.com/v1.0/me',
      'partnerlink.turn': 'f:1234',
      'http.response.status_code': 200,
    });
    assert.equal(span.name, 'GET /api/profiles/transcript/share/:id');
    assert.equal(span.events[0]?.attributes['exception.message'], 'token [redacted] rejected for [email]');
  });

  it('leaves ordinary labels alone', () => {
    assert.equal(redactText('turn'), 'turn');
    assert.equal(redactUrl('POST /api/messages'), 'POST /api/messages');
    assert.equal(
      redactUrl('https://contoso.table.core.windows.net/partnerlinkAssociations()'),
      'https://contoso.table.core.windows.net/partnerlinkAssociations()',
    );
    assert.equal(redactText(JWT), '[token]');
  });

  describe('Learn share ids and user names never leave, whatever their shape', () => {
    const shareIds = { short: 'k3x9qa', allLetters: 'sharedtranscriptforadele', longest: 'a1b2c3d4'.repeat(8) };
    const usernames = ['meganb', 'adelevance-4821', 'alex.wilber'];

    for (const [shape, shareId] of Object.entries(shareIds)) {
      it(`a ${shareId.length}-character share id (${shape}) is replaced in the Learn API path, the span name and the share link`, () => {
        const span = {
          name: `GET /api/profiles/transcript/share/${shareId}`,
          attributes: {
            'url.full': `https://learn.microsoft.com/api/profiles/transcript/share/${shareId}?locale=en-us`,
            'http.route': `/api/profiles/transcript/share/${shareId}`,
            'exception.message': `Learn answered 404 for https://learn.microsoft.com/en-us/users/meganb/transcript/${shareId} (no longer shared)`,
          },
        };
        new RedactingSpanProcessor().onEnd(span);
        assert.equal(span.name, 'GET /api/profiles/transcript/share/:id');
        assert.deepEqual(span.attributes, {
          'url.full': 'https://learn.microsoft.com/api/profiles/transcript/share/:id',
          'http.route': '/api/profiles/transcript/share/:id',
          'exception.message':
            'Learn answered 404 for https://learn.microsoft.com/en-us/users/:id/transcript/:id (no longer shared)',
        });
        assert.ok(!JSON.stringify(span).includes(shareId));
      });
    }

    for (const username of usernames) {
      it(`the Learn user name ${username} is replaced in a share link, as a URL and inside a message`, () => {
        assert.equal(
          redactUrl(`https://learn.microsoft.com/users/${username}/transcript/abcdef`),
          'https://learn.microsoft.com/users/:id/transcript/:id',
        );
        assert.equal(
          redactText(`pasted /en-us/users/${username}/transcript/abcdef twice`),
          'pasted /en-us/users/:id/transcript/:id twice',
        );
      });
    }

    it('keeps the route itself readable', () => {
      assert.equal(redactUrl('GET /api/profiles/transcript/share'), 'GET /api/profiles/transcript/share');
      assert.equal(redactUrl('/v1.0/users/megan/directReports'), '/v1.0/users/:id/directReports');
      assert.equal(redactText('read /transcript/share/ for the link'), 'read /transcript/share/ for the link');
    });
  });
});
