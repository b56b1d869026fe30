import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  crc32,
  findTextChunk,
  insertTextChunk,
  insertTextChunkInBlob,
  isPng,
  PNG_SIGNATURE,
  readPngSize,
  readTextChunk,
} from './png';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A real, decodable RGBA PNG of the given size (every pixel opaque white). */
function makePng(width = 3, height = 2): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (1 + width * 4)).fill(255);
  for (let y = 0; y < height; y++) raw[y * (1 + width * 4)] = 0;
  const parts = [
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  let at = 8;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  while (at + 12 <= png.length) {
    const length = view.getUint32(at);
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + length;
  }
  return types;
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('insertTextChunk / readTextChunk', () => {
  it('round-trips UTF-8 text, including astral characters and JSON', () => {
    const text = JSON.stringify({ label: 'Ünïcødé 🚀 \u202e <script>', n: [1, 2] });
    const png = insertTextChunk(makePng(), 'archboard', text);
    expect(readTextChunk(png, 'archboard')).toBe(text);
    expect(isPng(png)).toBe(true);
    expect(readPngSize(png)).toEqual({ width: 3, height: 2 });
  });

  it('places the chunk right after IHDR and keeps every other chunk', () => {
    const png = insertTextChunk(makePng(), 'archboard', '{}');
    expect(chunkTypes(png)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
  });

  it('replaces an earlier chunk with the same keyword instead of adding a second', () => {
    const once = insertTextChunk(makePng(), 'archboard', 'first');
    const twice = insertTextChunk(once, 'archboard', 'second');
    expect(chunkTypes(twice)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(readTextChunk(twice, 'archboard')).toBe('second');
  });

  it('keeps chunks with other keywords and reads each by name', () => {
    const png = insertTextChunk(
      insertTextChunk(makePng(), 'Software', 'archboard'),
      'archboard',
      'x',
    );
    expect(readTextChunk(png, 'Software')).toBe('archboard');
    expect(readTextChunk(png, 'archboard')).toBe('x');
    expect(readTextChunk(png, 'archboar')).toBeUndefined();
  });

  it('writes chunks whose CRCs a strict decoder accepts (zlib-free check of every CRC)', () => {
    const png = insertTextChunk(makePng(), 'archboard', 'é'.repeat(1000));
    const view = new DataView(png.buffer, png.byteOffset);
    let at = 8;
    while (at < png.length) {
      const length = view.getUint32(at);
      expect(view.getUint32(at + 8 + length)).toBe(crc32(png, at + 4, at + 8 + length));
      at += 12 + length;
    }
    expect(at).toBe(png.length);
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(readTextChunk(insertTextChunk(makePng(), 'archboard', text), 'archboard')).toBe(
          text,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to insert into something that is not a PNG, or with a bad keyword', () => {
    expect(() => insertTextChunk(new Uint8Array([1, 2, 3]), 'archboard', 'x')).toThrow(RangeError);
    expect(() => insertTextChunk(makePng().subarray(0, 40), 'archboard', 'x')).toThrow(RangeError);
    expect(() => insertTextChunk(makePng(), '', 'x')).toThrow(RangeError);
    expect(() => insertTextChunk(makePng(), 'a\u0000b', 'x')).toThrow(RangeError);
  });
});

describe('reading malformed PNGs', () => {
  const good = insertTextChunk(makePng(), 'archboard', '{"a":1}');

  it('reports a flipped bit inside the text as damaged, not as other text', () => {
    const flipped = good.slice();
    const textAt = good.indexOf(0x7b); // '{'
    flipped[textAt + 2] = good[textAt + 2]! ^ 0x01;
    expect(findTextChunk(flipped, 'archboard')).toEqual({
      kind: 'damaged',
      reason: expect.stringContaining('checksum') as unknown as string,
    });
    expect(readTextChunk(flipped, 'archboard')).toBeUndefined();
  });

  it('reads nothing from empty, short, non-PNG or huge-length input, and never throws', () => {
    expect(readTextChunk(new Uint8Array(), 'archboard')).toBeUndefined();
    expect(readTextChunk(PNG_SIGNATURE, 'archboard')).toBeUndefined();
    expect(readTextChunk(new TextEncoder().encode('{"format":"archboard"}'), 'archboard')).toBe(
      undefined,
    );
    const hugeLength = good.slice();
    new DataView(hugeLength.buffer).setUint32(8 + 25, 0xffffffff); // the iTXt length field
    expect(findTextChunk(hugeLength, 'archboard')).toEqual({ kind: 'none' });
    expect(readPngSize(new Uint8Array(5))).toBeUndefined();
  });

  it('survives every truncation and random byte corruption without throwing', () => {
    for (let cut = 0; cut <= good.length; cut++) {
      const result = findTextChunk(good.subarray(0, cut), 'archboard');
      expect(['none', 'found', 'damaged']).toContain(result.kind);
    }
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        (edits) => {
          const bytes = good.slice();
          for (const [at, value] of edits) bytes[at] = value;
          const result = findTextChunk(bytes, 'archboard');
          if (result.kind === 'found') expect(typeof result.text).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports compressed iTXt and invalid UTF-8 as damaged', () => {
    const head = new TextEncoder().encode('archboard');
    const compressed = new Uint8Array([...head, 0, 1, 0, 0, 0, 120, 156]);
    const badUtf8 = new Uint8Array([...head, 0, 0, 0, 0, 0, 0xff, 0xfe]);
    for (const data of [compressed, badUtf8]) {
      const base = makePng();
      const png = new Uint8Array([
        ...base.subarray(0, 33),
        ...chunk('iTXt', data),
        ...base.subarray(33),
      ]);
      expect(findTextChunk(png, 'archboard').kind).toBe('damaged');
    }
  });

  it('reads a Latin-1 tEXt chunk', () => {
    const base = makePng();
    const data = new Uint8Array([...new TextEncoder().encode('archboard'), 0, 0x63, 0xe9]);
    const png = new Uint8Array([
      ...base.subarray(0, 33),
      ...chunk('tEXt', data),
      ...base.subarray(33),
    ]);
    expect(readTextChunk(png, 'archboard')).toBe('cé');
  });
});

describe('insertTextChunkInBlob', () => {
  const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
  const blobOf = (bytes: Uint8Array) => new Blob([bytes.slice()]);

  it('gives the same file as insertTextChunk, as a PNG blob', async () => {
    const png = makePng(5, 4);
    const text = JSON.stringify({ title: 'Ünïcode 🚀', nodes: [] });
    const blob = await insertTextChunkInBlob(blobOf(png), 'archboard', text);
    expect(blob.type).toBe('image/png');
    expect(await bytesOf(blob)).toEqual(insertTextChunk(png, 'archboard', text));
    expect(readTextChunk(await bytesOf(blob), 'archboard')).toBe(text);
  });

  it('refuses what does not start with a signature and a sound IHDR', async () => {
    const png = makePng();
    const badCrc = png.slice();
    badCrc[20] = badCrc[20]! ^ 1; // a bit of the width, under IHDR's CRC
    for (const bytes of [new Uint8Array(), png.subarray(0, 20), png.subarray(8), badCrc]) {
      await expect(insertTextChunkInBlob(blobOf(bytes), 'archboard', 'x')).rejects.toThrow(
        RangeError,
      );
    }
    await expect(insertTextChunkInBlob(blobOf(png), 'bad\nkeyword', 'x')).rejects.toThrow(
      RangeError,
    );
  });
});
