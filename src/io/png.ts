/**
 * PNG chunk utilities: embed a design's JSON in a PNG and read it back.
 *
 * Pure byte work (no DOM), so it runs in node tests. The text goes in an uncompressed
 * `iTXt` chunk (UTF-8, any length up to the PNG chunk limit) placed right after `IHDR`,
 * so a reader finds it before the image data. Reading never throws: a malformed PNG
 * (short, wrong signature, a chunk length past the end, a bad CRC) reads as "no text"
 * or "damaged".
 */

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** PNG's own cap on a chunk's data length (2^31 − 1). */
const MAX_CHUNK_LENGTH = 0x7fffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it) of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset of the chunk's data. */
  dataStart: number;
  dataLength: number;
  /** Offset just past the chunk's CRC. */
  end: number;
}

function isCrcOk(png: Uint8Array, chunk: Chunk): boolean {
  return crc32(png, chunk.start + 4, chunk.end - 4) === readUint32(png, chunk.end - 4);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

/**
 * The chunks of a PNG, in order, stopping at `IEND` or at the first chunk that does not
 * fit in the bytes. `complete` is false when the walk stopped early (a malformed file).
 */
function listChunks(png: Uint8Array): { chunks: Chunk[]; complete: boolean } {
  const chunks: Chunk[] = [];
  if (!isPng(png)) return { chunks, complete: false };
  let at = PNG_SIGNATURE.length;
  while (at + 12 <= png.length) {
    const dataLength = readUint32(png, at);
    if (dataLength > MAX_CHUNK_LENGTH || at + 12 + dataLength > png.length) break;
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    const dataStart = at + 8;
    const end = dataStart + dataLength + 4;
    chunks.push({ type, start: at, dataStart, dataLength, end });
    at = end;
    if (type === 'IEND') return { chunks, complete: true };
  }
  return { chunks, complete: false };
}

const encoder = new TextEncoder();

/** A PNG keyword: 1–79 printable Latin-1 characters, no leading, trailing or double spaces. */
function isValidKeyword(keyword: string): boolean {
  return (
    /^[\x21-\x7e\xa1-\xff](?:[\x21-\x7e\xa1-\xff]| (?! ))*$/.test(keyword) &&
    keyword.length <= 79 &&
    !keyword.endsWith(' ')
  );
}

function buildChunk(type: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const chunk = new Uint8Array(12 + data.length);
  writeUint32(chunk, 0, data.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  writeUint32(chunk, 8 + data.length, crc32(chunk, 4, 8 + data.length));
  return chunk;
}

/**
 * An uncompressed `iTXt` chunk `keyword` → `text` (UTF-8), length and CRC included.
 *
 * @throws RangeError when the keyword is not a valid PNG keyword or the text is too long.
 */
export function textChunk(keyword: string, text: string): Uint8Array<ArrayBuffer> {
  if (!isValidKeyword(keyword)) throw new RangeError(`invalid PNG keyword "${keyword}"`);
  const keywordBytes = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
  const textBytes = encoder.encode(text);
  // keyword \0 compression-flag compression-method language-tag \0 translated-keyword \0 text
  const data = new Uint8Array(keywordBytes.length + 5 + textBytes.length);
  data.set(keywordBytes, 0);
  data.set(textBytes, keywordBytes.length + 5);
  if (data.length > MAX_CHUNK_LENGTH) throw new RangeError('text too long for a PNG chunk');
  return buildChunk('iTXt', data);
}

/**
 * A copy of `png` with an uncompressed `iTXt` chunk `keyword` → `text` (UTF-8) inserted
 * right after `IHDR`. Existing `iTXt`/`tEXt` chunks with the same keyword are dropped, so
 * inserting twice leaves one.
 *
 * @throws RangeError when `png` is not a well-formed PNG, the keyword is not a valid PNG
 *   keyword, or the text is too long for one chunk. (Callers build the PNG themselves.)
 */
export function insertTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const chunk = textChunk(keyword, text);
  const { chunks, complete } = listChunks(png);
  const ihdr = chunks[0];
  if (!complete || !ihdr || ihdr.type !== 'IHDR') throw new RangeError('not a well-formed PNG');
  const keywordBytes = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
  const kept = chunks.filter((c) => !isTextChunkFor(png, c, keywordBytes));
  const size = PNG_SIGNATURE.length + chunk.length + kept.reduce((n, c) => n + c.end - c.start, 0);
  const out = new Uint8Array(size);
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const c of kept) {
    out.set(png.subarray(c.start, c.end), at);
    at += c.end - c.start;
    if (c === ihdr) {
      out.set(chunk, at);
      at += chunk.length;
    }
  }
  return out;
}

/** Bytes of the signature and the `IHDR` chunk, which every PNG starts with. */
const HEADER_LENGTH = PNG_SIGNATURE.length + 12 + 13;

/**
 * `png` with the `iTXt` chunk of {@link textChunk} right after `IHDR`, without reading the
 * image data: the result is a `Blob` of the original's parts around the new chunk, so a
 * picture of many megabytes is never copied. For a PNG the browser just encoded (it has no
 * text chunk of ours to replace); use {@link insertTextChunk} for bytes of unknown origin.
 *
 * @throws RangeError when `png` does not start with a signature and an `IHDR` chunk, or as
 *   {@link textChunk}.
 */
export async function insertTextChunkInBlob(
  png: Blob,
  keyword: string,
  text: string,
): Promise<Blob> {
  const chunk = textChunk(keyword, text);
  const head = new Uint8Array(await png.slice(0, HEADER_LENGTH).arrayBuffer());
  const ihdr = listChunks(head).chunks[0];
  if (
    head.length < HEADER_LENGTH ||
    ihdr?.type !== 'IHDR' ||
    ihdr.end !== HEADER_LENGTH ||
    !isCrcOk(head, ihdr)
  ) {
    throw new RangeError('not a well-formed PNG');
  }
  return new Blob([png.slice(0, HEADER_LENGTH), chunk, png.slice(HEADER_LENGTH)], {
    type: 'image/png',
  });
}

function isTextChunkFor(png: Uint8Array, chunk: Chunk, keywordBytes: Uint8Array): boolean {
  if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') return false;
  if (chunk.dataLength <= keywordBytes.length) return false;
  for (let i = 0; i < keywordBytes.length; i++) {
    if (png[chunk.dataStart + i] !== keywordBytes[i]) return false;
  }
  return png[chunk.dataStart + keywordBytes.length] === 0;
}

/** What {@link findTextChunk} found. */
export type TextChunkResult =
  | { kind: 'found'; text: string }
  | { kind: 'none' }
  /** A chunk with the keyword exists but cannot be trusted: bad CRC, compressed, bad UTF-8. */
  | { kind: 'damaged'; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Finds the `iTXt` (or `tEXt`) chunk with `keyword`. Never throws; bounds every length by
 * the bytes actually present.
 */
export function findTextChunk(png: Uint8Array, keyword: string): TextChunkResult {
  try {
    const keywordBytes = Uint8Array.from(keyword, (c) => c.charCodeAt(0) & 0xff);
    const { chunks } = listChunks(png);
    const chunk = chunks.find((c) => isTextChunkFor(png, c, keywordBytes));
    if (!chunk) return { kind: 'none' };
    if (!isCrcOk(png, chunk)) return { kind: 'damaged', reason: 'its checksum does not match' };
    const data = png.subarray(chunk.dataStart, chunk.dataStart + chunk.dataLength);
    let at = keywordBytes.length + 1;
    if (chunk.type === 'tEXt') {
      // tEXt is Latin-1.
      return { kind: 'found', text: decodeLatin1(data.subarray(at)) };
    }
    const compressed = data[at];
    if (compressed !== 0) return { kind: 'damaged', reason: 'it is compressed' };
    at += 2; // compression flag and method
    const languageEnd = data.indexOf(0, at);
    if (languageEnd < 0) return { kind: 'damaged', reason: 'its header is cut short' };
    const translatedEnd = data.indexOf(0, languageEnd + 1);
    if (translatedEnd < 0) return { kind: 'damaged', reason: 'its header is cut short' };
    return { kind: 'found', text: decoder.decode(data.subarray(translatedEnd + 1)) };
  } catch {
    return { kind: 'damaged', reason: 'its text is not valid UTF-8' };
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/**
 * The text of the `iTXt`/`tEXt` chunk named `keyword`, or undefined when there is none or
 * it is damaged. Never throws.
 */
export function readTextChunk(png: Uint8Array, keyword: string): string | undefined {
  const found = findTextChunk(png, keyword);
  return found.kind === 'found' ? found.text : undefined;
}

/** Width and height from the `IHDR` chunk, or undefined for a malformed PNG. */
export function readPngSize(png: Uint8Array): { width: number; height: number } | undefined {
  const { chunks } = listChunks(png);
  const ihdr = chunks[0];
  if (!ihdr || ihdr.type !== 'IHDR' || ihdr.dataLength < 8) return undefined;
  return { width: readUint32(png, ihdr.dataStart), height: readUint32(png, ihdr.dataStart + 4) };
}
