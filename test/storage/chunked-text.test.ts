// Text kept over several binary properties of one Table entity: round trip, the one-entity cap, and
// a damaged or hostile entity read as "nothing" rather than a crash or an 8 MiB+ allocation.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { CHUNK_BYTES, MAX_CHUNKED_BYTES, fromChunks, toChunks } from '../../src/storage/azure/chunked-text';

describe('chunked text for Azure Table entities', () => {
  it('splits text over properties of at most 60,000 bytes and joins it back, multi-byte characters across a boundary included', () => {
    const text = `${'a'.repeat(CHUNK_BYTES - 1)}😀${'é'.repeat(70_000)}`;
    const chunks = toChunks('d', text);
    assert.equal(chunks.dChunks, 4);
    for (let i = 0; i < 4; i += 1) assert.ok((chunks[`d${i}`] as Uint8Array).length <= CHUNK_BYTES);
    assert.equal(fromChunks('d', chunks), text);
    assert.equal(fromChunks('d', toChunks('d', '')), '');
    assert.equal(fromChunks('r', toChunks('r', text, { deflate: true })), text);
  });

  it('refuses text that would not fit one entity, and reads a damaged entity as nothing', () => {
    assert.throws(() => toChunks('d', 'x'.repeat(MAX_CHUNKED_BYTES + 1)), /do not fit one Table entity/);
    const chunks: Record<string, unknown> = { ...toChunks('d', 'x'.repeat(CHUNK_BYTES * 2)) };
    delete chunks.d1;
    assert.equal(fromChunks('d', chunks), undefined);
    assert.equal(fromChunks('d', { dChunks: 'two' }), undefined);
  });

  it('a deflated chunk that would inflate past 8 MiB is read as nothing', () => {
    const bomb = deflateRawSync(Buffer.alloc(9 * 1024 * 1024));
    assert.ok(bomb.length < CHUNK_BYTES);
    assert.equal(fromChunks('r', { rChunks: 1, r0: new Uint8Array(bomb), rDeflated: 1 }), undefined);
  });
});
