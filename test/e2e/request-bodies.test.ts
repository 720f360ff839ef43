// What anyone on the internet can send before the Bot Framework token is checked. The bot runs as
// its own process (as App Service runs it) so its memory can be watched: compressed bombs, bodies
// over the limit (chunked, or with a Content-Length that lies), and multipart or form uploads must
// be refused with a 4xx the client can read, leave the process small and healthy, and write no file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort, listeningAddress, peakResidentMb, runBot, type BotProcess } from '../support/bot-process';
import { parseAnswer, rawExchange } from '../support/raw-connection';

interface Answer {
  /** The HTTP status, or 'no answer' when the connection failed before one arrived. */
  status: number | 'no answer';
  /** The Connection header of the answer. */
  connection: string | undefined;
  body: string;
  /** Body bytes the client had handed to its socket when the answer came. */
  sent: number;
  /** The client's error, if the connection failed before the whole answer was read. */
  error?: string;
}

type Body = Buffer | { chunk: Buffer; upTo: number };

/** One raw HTTP request on its own connection. A streamed body keeps coming until answered or upTo bytes. */
function request(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string | number>,
  body?: Body,
): Promise<Answer> {
  return new Promise((resolve) => {
    let sent = 0;
    let status: Answer['status'] = 'no answer';
    let connection: string | undefined;
    let text = '';
    let error: string | undefined;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve({ status, connection, body: text, sent, ...(error === undefined ? {} : { error }) });
      req.destroy();
    };
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false });
    // Settles on events only: once an answer began, when it ended (or failed); before that, when the request failed.
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      connection = res.headers.connection;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d.slice(0, 2_000)));
      res.on('end', settle);
      res.on('error', (e: NodeJS.ErrnoException) => ((error ??= e.code ?? e.message), settle()));
      res.on('close', settle);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
      if (status === 'no answer') settle();
    });
    req.on('close', () => status === 'no answer' && settle());
    if (body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(body)) {
      sent = body.length;
      req.end(body);
    } else {
      const pump = () => {
        while (status === 'no answer' && !req.destroyed && sent < body.upTo) {
          sent += body.chunk.length;
          if (!req.write(body.chunk)) return void req.once('drain', () => setImmediate(pump)); // read before writing more
        }
        if (status === 'no answer' && !req.destroyed) req.end();
      };
      pump();
    }
  });
}

/** About `inflatedMb` MB of zeros as concatenated gzip members (gunzip reads them all): ~1 KB per MB. */
function gzipBomb(inflatedMb: number): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(inflatedMb / 10) }, () => member));
}

const JSON_TYPE = 'application/json; charset=utf-8';

describe('request bodies before authentication', function () {
  this.timeout(120_000);
  let bot: BotProcess;
  let port: number;
  let tmp: string;
  let baselinePeakMb: number | undefined;
  const health = async () => (await request(port, 'GET', '/healthz', {})).status;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-link-bodies-'));
    fs.mkdirSync(path.join(tmp, 'tmp'));
    // TMPDIR is where a multipart parser would write its files: the test watches that folder.
    bot = runBot({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(tmp, 'p.db'),
      TMPDIR: path.join(tmp, 'tmp'),
    });
    port = (await listeningAddress(bot)).port;
    assert.equal(await health(), 200);
    baselinePeakMb = peakResidentMb(bot.child.pid);
  });

  after(async () => {
    if (bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The process is alive, answers /healthz, and its peak memory grew by less than `mb` since it started. */
  const assertSmallAndHealthy = async (mb: number) => {
    assert.equal(bot.child.exitCode, null, `the bot died: ${bot.err().slice(-500)}`);
    assert.equal(await health(), 200);
    const peak = peakResidentMb(bot.child.pid);
    if (peak !== undefined && baselinePeakMb !== undefined) {
      assert.ok(
        peak - baselinePeakMb < mb,
        `peak memory grew by ${Math.round(peak - baselinePeakMb)} MB (from ${Math.round(baselinePeakMb)} MB)`,
      );
    }
  };

  it('three compressed bombs at once (~500 MB inflated each) are refused with 415; the process stays small and healthy', async () => {
    const bomb = gzipBomb(500);
    assert.ok(bomb.length < 512 * 1024, `the bomb is under the old limit (${bomb.length} bytes)`);
    const answers = await Promise.all([
      request(
        port,
        'POST',
        '/api/messages',
        { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'content-length': bomb.length },
        bomb,
      ),
      request(
        port,
        'POST',
        '/api/messages',
        { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' },
        { chunk: bomb, upTo: bomb.length },
      ),
      request(
        port,
        'POST',
        '/api/tab/remove',
        { 'content-type': JSON_TYPE, 'content-encoding': 'GZIP', 'content-length': bomb.length },
        bomb,
      ),
    ]);
    await assertSmallAndHealthy(150);
    for (const answer of answers) {
      assert.equal(answer.status, 415, JSON.stringify(answer));
      assert.match(answer.body, /uncompressed/);
    }
  });

  it('other encodings (deflate, br) are refused the same way; identity is plain JSON', async () => {
    const activity = Buffer.from(JSON.stringify({ type: 'typing' }));
    for (const encoding of ['deflate', 'br', 'gzip, identity']) {
      const answer = await request(
        port,
        'POST',
        '/api/messages',
        { 'content-type': JSON_TYPE, 'content-encoding': encoding, 'content-length': activity.length },
        activity,
      );
      assert.equal(answer.status, 415, `${encoding}: ${JSON.stringify(answer)}`);
    }
    const plain = await request(
      port,
      'POST',
      '/nowhere',
      { 'content-type': JSON_TYPE, 'content-encoding': 'identity', 'content-length': activity.length },
      activity,
    );
    assert.equal(plain.status, 404, 'an identity-encoded JSON body is not refused for its encoding');
  });

  it('a body over the limit is refused with 413 while it streams: chunked, declared too large, or a Content-Length that lies', async () => {
    const chunk = Buffer.alloc(64 * 1024, '[');
    const streamed = await Promise.all([
      request(
        port,
        'POST',
        '/api/messages',
        { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' },
        { chunk, upTo: 200 * 1024 * 1024 },
      ),
      request(
        port,
        'POST',
        '/api/tab/remove',
        { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' },
        { chunk, upTo: 200 * 1024 * 1024 },
      ),
    ]);
    for (const answer of streamed) {
      assert.equal(answer.status, 413, JSON.stringify(answer));
      assert.equal(answer.connection, 'close', JSON.stringify(answer));
      assert.match(answer.body, /too large/);
      assert.ok(
        answer.sent < 200 * 1024 * 1024,
        'the server answered and stopped reading long before the client was done',
      );
    }
    // Declared too large: refused from the headers, before any of it is read.
    const declared = await request(
      port,
      'POST',
      '/api/messages',
      { 'content-type': JSON_TYPE, 'content-length': 1024 * 1024 * 1024 },
      { chunk, upTo: 1024 * 1024 * 1024 },
    );
    assert.equal(declared.status, 413, JSON.stringify(declared));
    assert.equal(declared.connection, 'close', JSON.stringify(declared));
    // Declares little, sends a lot: only the declared bytes are the body (not JSON here), the rest is refused too.
    const lying = await request(
      port,
      'POST',
      '/api/messages',
      { 'content-type': JSON_TYPE, 'content-length': 100 },
      Buffer.alloc(2 * 1024 * 1024, '{'),
    );
    assert.equal(lying.status, 400, JSON.stringify(lying));
    assert.equal(lying.connection, 'close', JSON.stringify(lying));
    assert.match(lying.body, /not valid UTF-8 JSON/);
    await assertSmallAndHealthy(150);
  });

  it('a client still sending when it is refused reads the whole answer with Connection: close, and the connection closes without a reset', async () => {
    const chunk = Buffer.alloc(64 * 1024, '{');
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const post = (header: string) =>
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${JSON_TYPE}\r\n${header}\r\n\r\n`;
    const clients = [
      {
        what: 'a chunked body over the limit',
        head: post('Transfer-Encoding: chunked'),
        chunk: framed,
        status: 413,
        says: /too large/,
      },
      {
        what: 'a body declared too large',
        head: post('Content-Length: 1073741824'),
        chunk,
        status: 413,
        says: /too large/,
      },
      {
        what: 'a Content-Length that lies',
        head: post('Content-Length: 100'),
        chunk,
        status: 400,
        says: /not valid UTF-8 JSON/,
      },
      {
        what: 'a chunked body whose framing is broken',
        head: post('Transfer-Encoding: chunked'),
        chunk: Buffer.alloc(64 * 1024, 'not a chunk size\r\n'),
        status: 400,
        says: /not valid HTTP/,
      },
      { what: 'bytes that are not HTTP', head: 'NOT HTTP AT ALL\r\n', chunk, status: 400, says: /not valid HTTP/ },
    ];
    for (const client of clients) {
      const exchange = await rawExchange(port, client.head, client.chunk, 256 * 1024 * 1024);
      const answer = parseAnswer(exchange.received);
      const seen = `${client.what}: ${JSON.stringify({ ...exchange, received: exchange.received.slice(0, 400) })}`;
      assert.equal(answer.status, client.status, seen);
      assert.equal(answer.headers.connection, 'close', seen);
      assert.match(answer.body, client.says, seen);
      assert.equal(exchange.ending, 'closed', `the connection was reset, not closed: ${seen}`);
    }
    await assertSmallAndHealthy(150);
  });

  it('a client that goes on sending after its 413 is cut off: the server discards only a bounded amount', async () => {
    const chunk = Buffer.alloc(64 * 1024, '[');
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const head = `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${JSON_TYPE}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const upTo = 512 * 1024 * 1024;
    const exchange = await rawExchange(port, head, framed, upTo, true);
    const seen = JSON.stringify({ ...exchange, received: exchange.received.slice(0, 400) });
    assert.equal(parseAnswer(exchange.received).status, 413, seen);
    assert.notEqual(exchange.ending, 'closed', `the server dropped the connection: ${seen}`);
    assert.ok(exchange.sent < upTo, `the server stopped discarding long before the client was done: ${seen}`);
    await assertSmallAndHealthy(150);
  });

  it('multipart, form and other non-JSON bodies get 415 on every route, and no file is written', async () => {
    const boundary = 'partnerlinktest';
    const file = Buffer.alloc(8 * 1024 * 1024, 'x');
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="upload"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const bodies: { type: string; body: Buffer }[] = [
      { type: `multipart/form-data; boundary=${boundary}`, body: multipart },
      { type: 'application/x-www-form-urlencoded', body: Buffer.from('type=message&text=hi') },
      { type: 'text/plain', body: Buffer.from('{"type":"message"}') },
      { type: 'application/json; charset=iso-8859-1', body: Buffer.from('{"type":"message"}') },
      { type: 'application/octet-stream', body: Buffer.from('{}') },
    ];
    const routes: [string, string][] = [
      ['POST', '/api/messages'],
      ['POST', '/api/tab/remove'],
      ['GET', '/healthz'],
      ['GET', '/tab'],
      ['POST', '/nowhere'],
    ];
    const before = fs.readdirSync(path.join(tmp, 'tmp')).length;
    const answers: { what: string; answer: Answer }[] = [];
    for (const [method, route] of routes) {
      for (const { type, body } of bodies) {
        answers.push({
          what: `${method} ${route} with ${type}`,
          answer: await request(port, method, route, { 'content-type': type, 'content-length': body.length }, body),
        });
      }
      const chunked = await request(
        port,
        method,
        route,
        { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
        { chunk: multipart, upTo: multipart.length },
      );
      answers.push({ what: `${method} ${route} with chunked multipart`, answer: chunked });
    }
    assert.deepEqual(fs.readdirSync(path.join(tmp, 'tmp')).length, before, 'no file was written to the temp folder');
    await assertSmallAndHealthy(150);
    for (const { what, answer } of answers) {
      assert.equal(answer.status, 415, `${what}: ${JSON.stringify(answer).slice(0, 300)}`);
      assert.match(answer.body, /Only JSON request bodies/);
    }
  });
});
