// Issue 7.1 and 7.2: what anyone on the internet can send before the Bot Framework token is checked.
// The bot runs as its own process (as App Service runs it) so its memory can be watched: compressed
// bombs, bodies over the limit (chunked, or with a Content-Length that lies), and multipart or form
// uploads must be refused with a 4xx, leave the process small and healthy, and write no file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort, listeningAddress, peakResidentMb, runBot, type BotProcess } from '../support/bot-process';

interface Answer {
  /** The HTTP status, or 'no answer' when the connection failed before one arrived. */
  status: number | 'no answer';
  body: string;
  /** Milliseconds until the status line arrived. */
  ms: number;
  /** Body bytes the client had handed to its socket when the answer came. */
  sent: number;
}

type Body = Buffer | { chunk: Buffer; upTo: number };

/** One raw HTTP request on its own connection. A streamed body keeps coming until answered or upTo bytes. */
function request(port: number, method: string, urlPath: string, headers: Record<string, string | number>, body?: Body): Promise<Answer> {
  return new Promise((resolve) => {
    const started = Date.now();
    let sent = 0;
    let status: Answer['status'] = 'no answer';
    let ms = 0;
    let text = '';
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve({ status, body: text, ms: ms || Date.now() - started, sent });
      req.destroy();
    };
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false });
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      ms = Date.now() - started;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d.slice(0, 2_000)));
      res.on('end', settle);
      res.on('error', settle);
      res.on('close', settle);
    });
    req.on('error', () => setTimeout(settle, status === 'no answer' ? 0 : 200));
    req.on('close', () => setTimeout(settle, 200));
    if (body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(body)) {
      sent = body.length;
      req.end(body);
    } else {
      const pump = () => {
        while (status === 'no answer' && !req.destroyed && sent < body.upTo) {
          sent += body.chunk.length;
          if (!req.write(body.chunk)) return void req.once('drain', pump);
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
    bot = runBot({ PORT: String(await freePort()), HOST: '127.0.0.1', SQLITE_PATH: path.join(tmp, 'p.db'), TMPDIR: path.join(tmp, 'tmp') });
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
      assert.ok(peak - baselinePeakMb < mb, `peak memory grew by ${Math.round(peak - baselinePeakMb)} MB (from ${Math.round(baselinePeakMb)} MB)`);
    }
  };

  it('issue 7.1: three compressed bombs at once (~500 MB inflated each) are answered 4xx within seconds; the process stays small and healthy', async () => {
    const bomb = gzipBomb(500);
    assert.ok(bomb.length < 512 * 1024, `the bomb is under the old limit (${bomb.length} bytes)`);
    const answers = await Promise.all([
      request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'content-length': bomb.length }, bomb),
      request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }, { chunk: bomb, upTo: bomb.length }),
      request(port, 'POST', '/api/tab/remove', { 'content-type': JSON_TYPE, 'content-encoding': 'GZIP', 'content-length': bomb.length }, bomb),
    ]);
    await assertSmallAndHealthy(150);
    for (const answer of answers) {
      // The bound: answered within a second or two (generous on a shared machine).
      assert.ok(answer.ms < 5_000, `answered after ${answer.ms} ms`);
      assert.equal(answer.status, 415, JSON.stringify(answer));
      assert.match(answer.body, /uncompressed/);
    }
  });

  it('issue 7.1: other encodings (deflate, br) are refused the same way; identity is plain JSON', async () => {
    const activity = Buffer.from(JSON.stringify({ type: 'typing' }));
    for (const encoding of ['deflate', 'br', 'gzip, identity']) {
      const answer = await request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'content-encoding': encoding, 'content-length': activity.length }, activity);
      assert.equal(answer.status, 415, `${encoding}: ${JSON.stringify(answer)}`);
    }
    const plain = await request(port, 'POST', '/nowhere', { 'content-type': JSON_TYPE, 'content-encoding': 'identity', 'content-length': activity.length }, activity);
    assert.equal(plain.status, 404, 'an identity-encoded JSON body is not refused for its encoding');
  });

  it('issue 7.1: a body over the limit is refused with 413 while it streams: chunked, declared too large, or a Content-Length that lies', async () => {
    const chunk = Buffer.alloc(64 * 1024, '[');
    const streamed = await Promise.all([
      request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' }, { chunk, upTo: 200 * 1024 * 1024 }),
      request(port, 'POST', '/api/tab/remove', { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' }, { chunk, upTo: 200 * 1024 * 1024 }),
    ]);
    for (const answer of streamed) {
      assert.equal(answer.status, 413, JSON.stringify(answer));
      assert.match(answer.body, /too large/);
      assert.ok(answer.sent < 200 * 1024 * 1024, 'the server answered and stopped reading long before the client was done');
    }
    // Declared too large: refused from the headers, before any of it is read.
    const declared = await request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'content-length': 1024 * 1024 * 1024 }, { chunk, upTo: 1024 * 1024 * 1024 });
    assert.equal(declared.status, 413);
    // Declares little, sends a lot: only the declared bytes are the body (not JSON here), the rest is refused too.
    const lying = await request(port, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'content-length': 100 }, Buffer.alloc(2 * 1024 * 1024, '{'));
    assert.equal(typeof lying.status === 'number' && lying.status >= 400 && lying.status < 500, true, JSON.stringify(lying));
    await assertSmallAndHealthy(150);
  });

  it('issue 7.2: multipart, form and other non-JSON bodies get 415 on every route, and no file is written', async () => {
    const boundary = 'partnerlinktest';
    const file = Buffer.alloc(8 * 1024 * 1024, 'x');
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="upload"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`),
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
        answers.push({ what: `${method} ${route} with ${type}`, answer: await request(port, method, route, { 'content-type': type, 'content-length': body.length }, body) });
      }
      const chunked = await request(port, method, route, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' }, { chunk: multipart, upTo: multipart.length });
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
