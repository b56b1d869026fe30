import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getTemplate, serializeDesign } from '../model';
import { readDesignFromBytes, readDesignFromFile, readDesignFromText, PNG_KEYWORD } from './import';
import { crc32, insertTextChunk, PNG_SIGNATURE } from './png';
import { renderDesignSvg } from './render-svg';

const design = getTemplate('scale-up')!;
const json = serializeDesign(design);
const encode = (text: string) => new TextEncoder().encode(text);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function tinyPng(): Uint8Array {
  const ihdr = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const parts = [
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(new Uint8Array([0, 255])))),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(parts.flatMap((p) => Array.from(p)));
}

function messages(result: ReturnType<typeof readDesignFromText>): string {
  return result.ok ? '' : result.error.map((p) => p.message).join('\n');
}

describe('readDesignFromBytes', () => {
  it('reads a JSON file, with or without a BOM', () => {
    expect(readDesignFromBytes(encode(json), 'x.json')).toEqual({ ok: true, value: design });
    expect(readDesignFromBytes(encode(`\ufeff${json}`))).toEqual({ ok: true, value: design });
  });

  it('reads the design inside a PNG export', () => {
    const png = insertTextChunk(tinyPng(), PNG_KEYWORD, json);
    expect(readDesignFromBytes(png, 'board.png')).toEqual({ ok: true, value: design });
  });

  it('says a PNG without a design has none inside', () => {
    const result = readDesignFromBytes(tinyPng(), 'photo.png');
    expect(messages(result)).toContain('this PNG has no archboard design inside');
  });

  it('says a PNG whose design chunk was damaged is damaged', () => {
    const png = insertTextChunk(tinyPng(), PNG_KEYWORD, json);
    const at = new TextDecoder('latin1').decode(png).indexOf('Scale up');
    png[at] = 0x73; // 'S' → 's'
    expect(messages(readDesignFromBytes(png))).toMatch(/damaged.*checksum/);
  });

  it('runs the embedded JSON through the full parse pipeline', () => {
    const bad = json.replace('"load-balancer"', '"lb"');
    const result = readDesignFromBytes(insertTextChunk(tinyPng(), PNG_KEYWORD, bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.error.map((p) => p.path)).toContain('nodes[2].kind');
  });

  it('reads the design inside an SVG export, by content or by name', () => {
    const svg = renderDesignSvg(design);
    expect(readDesignFromBytes(encode(svg))).toEqual({ ok: true, value: design });
    expect(readDesignFromBytes(encode(svg), 'board.svg')).toEqual({ ok: true, value: design });
  });

  it('says an SVG without a design has none inside, and a cut one is damaged', () => {
    const plain = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    expect(messages(readDesignFromBytes(encode(plain), 'logo.svg'))).toContain(
      'this SVG has no archboard design inside',
    );
    const svg = renderDesignSvg(design);
    const cut = svg.slice(0, svg.indexOf('</archboard:design>') - 10);
    expect(messages(readDesignFromText(cut))).toContain('damaged');
  });

  it('treats a JSON file named .svg as JSON', () => {
    expect(readDesignFromBytes(encode(json), 'mislabelled.svg')).toEqual({
      ok: true,
      value: design,
    });
  });

  it('reports bad JSON with the JSON path', () => {
    const result = readDesignFromText(json.replace('"version": 1', '"version": 99'));
    expect(messages(result)).toMatch(/newer version/);
    expect(
      messages(
        readDesignFromText(
          '{"format":"archboard","version":1,"nodes":[{"id":"a","kind":"lb"}],"edges":[]}',
        ),
      ),
    ).toContain('nodes[0].kind');
  });
});

describe('readDesignFromFile', () => {
  it('refuses a file over 5 MiB before reading it, naming the limit', async () => {
    let read = false;
    const big = {
      size: 5 * 1024 * 1024 + 1,
      type: 'application/json',
      name: 'big.json',
      slice: () => new Blob(['{"format"']),
      arrayBuffer: () => {
        read = true;
        return Promise.resolve(new ArrayBuffer(0));
      },
    } as unknown as Blob & { name: string };
    const result = await readDesignFromFile(big);
    expect(read).toBe(false);
    expect(messages(result)).toMatch(/too large.*5 MiB/);
  });

  it('reads a Blob holding a design, and an empty file is refused', async () => {
    expect(await readDesignFromFile(new Blob([json]))).toEqual({ ok: true, value: design });
    expect(messages(await readDesignFromFile(new Blob([])))).toMatch(/empty/);
  });

  it('never rejects, even when the browser cannot read the file', async () => {
    const broken = {
      size: 10,
      type: '',
      slice: () => {
        throw new Error('NotReadableError');
      },
    } as unknown as Blob;
    expect(messages(await readDesignFromFile(broken))).toContain('could not be read');
  });
});
