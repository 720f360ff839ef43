// Issue 10.5: what the span processor lets through to Application Insights, span by span: the
// cases the end-to-end run (telemetry-export.test.ts) cannot provoke on demand.
import assert from 'node:assert/strict';
import { RedactingSpanProcessor, redactText, redactUrl } from '../../src/telemetry-redaction';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhZGVsZUBjb250b3NvLmV4YW1wbGUifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('issue 10.5: telemetry redaction', () => {
  it('issue 10.5: drops headers, bodies, queries and client addresses; strips URLs; redacts addresses and tokens everywhere', () => {
    const span = {
      name: 'GET /api/profiles/transcript/share/adelev8transcript01?locale=en-us',
      attributes: {
        'http.request.header.authorization': [`Bearer ${JWT}`],
        'http.request.body': '{"text":"hi"}',
        'url.query': 'code=123456&userId=29:1abc',
        'client.address': '203.0.113.9',
        'url.full': 'https://token.botframework.com/api/usertoken/GetToken?userId=29%3A1abc&connectionName=WorkAccount&code=123456',
        'http.target': '/v1.0/users/adele.vance%40contoso.example/manager',
        'exception.message': `Graph said no to adele.vance@contoso.example with Bearer ${JWT} at https://graph.microsoft.com/v1.0/me?$select=mail`,
        'partnerlink.turn': 'f:1234',
        'http.response.status_code': 200,
      },
      events: [{ name: 'exception', attributes: { 'exception.message': 'token EwA' + 'x'.repeat(60) + ' rejected for megan.bowen@outlook.com' } }],
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

  it('issue 10.5: leaves ordinary labels alone', () => {
    assert.equal(redactText('turn'), 'turn');
    assert.equal(redactUrl('POST /api/messages'), 'POST /api/messages');
    assert.equal(redactUrl('https://contoso.table.core.windows.net/partnerlinkAssociations()'), 'https://contoso.table.core.windows.net/partnerlinkAssociations()');
    assert.equal(redactText(JWT), '[token]');
  });
});
