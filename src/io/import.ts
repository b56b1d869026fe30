/**
 * Opening designs from files and pasted text: JSON files, PNG and SVG exports (which carry
 * the design inside). Every path ends in the one parse pipeline, `parseDesign`; this module
 * only finds the JSON bytes and refuses oversized files before reading them.
 */
import { LIMITS, parseDesign, type Design, type Problem, type Result } from '../model';
import { findTextChunk, isPng } from './png';
import { PNG_KEYWORD, SVG_METADATA } from './embedding';
import { decodeBase64 } from './text';

export { PNG_KEYWORD };

const MiB = 1024 * 1024;

/**
 * Largest file of each kind read at all. The design inside is still capped at
 * {@link LIMITS.maxFileBytes} by `parseDesign`; images are allowed more because the
 * picture around the design (a 2× PNG of a big board) can outweigh it many times.
 */
export const MAX_IMPORT_BYTES = {
  json: LIMITS.maxFileBytes,
  svg: 16 * MiB,
  png: 64 * MiB,
} as const;

type Imported = Result<Design, Problem[]>;

function refuse(message: string): { ok: false; error: Problem[] } {
  return { ok: false, error: [{ path: '', message }] };
}

function formatSize(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooLarge(kind: string, size: number, limit: number): { ok: false; error: Problem[] } {
  return refuse(
    `this ${kind} is too large (${formatSize(size)}): archboard opens ${kind}s up to ${limit / MiB} MiB`,
  );
}

/** Where an SVG keeps the design: `found` with the JSON bytes, `none`, or `damaged`. */
export type EmbeddedDesign =
  { kind: 'found'; bytes: Uint8Array } | { kind: 'none' } | { kind: 'damaged'; reason: string };

const SVG_DESIGN_PATTERN = new RegExp(
  `<${SVG_METADATA.element}\\b[^>]*>([^<]*)</${SVG_METADATA.element}>`,
);

/** The design JSON embedded in an SVG export (see `renderDesignSvg`). Never throws. */
export function extractSvgDesign(svg: string): EmbeddedDesign {
  const match = SVG_DESIGN_PATTERN.exec(svg);
  if (!match) {
    return svg.includes(`<${SVG_METADATA.element}`)
      ? { kind: 'damaged', reason: 'its design element is cut short' }
      : { kind: 'none' };
  }
  const bytes = decodeBase64(match[1] ?? '');
  if (!bytes) return { kind: 'damaged', reason: 'its design data is not valid base64' };
  return { kind: 'found', bytes };
}

function startsLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}

/** True when the text looks like an SVG document rather than JSON. */
function looksLikeSvg(text: string): boolean {
  if (startsLikeJson(text)) return false;
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<') && head.includes('<svg'));
}

function readSvgText(svg: string): Imported {
  const embedded = extractSvgDesign(svg);
  if (embedded.kind === 'none') {
    return refuse(
      'this SVG has no archboard design inside (only SVGs exported by archboard carry one)',
    );
  }
  if (embedded.kind === 'damaged') {
    return refuse(`the archboard design inside this SVG is damaged: ${embedded.reason}`);
  }
  return parseDesign(embedded.bytes);
}

function readPngBytes(bytes: Uint8Array): Imported {
  const found = findTextChunk(bytes, PNG_KEYWORD);
  if (found.kind === 'none') {
    return refuse(
      'this PNG has no archboard design inside (only PNGs exported by archboard carry one)',
    );
  }
  if (found.kind === 'damaged') {
    return refuse(`the archboard design inside this PNG is damaged: ${found.reason}`);
  }
  return parseDesign(found.text);
}

/**
 * A design from a file's bytes: a PNG or SVG export (the design inside) or a JSON file.
 * Pure; never throws. `name` only helps tell an SVG from JSON.
 */
export function readDesignFromBytes(bytes: Uint8Array, name = ''): Imported {
  try {
    if (isPng(bytes)) {
      if (bytes.length > MAX_IMPORT_BYTES.png) {
        return tooLarge('PNG', bytes.length, MAX_IMPORT_BYTES.png);
      }
      return readPngBytes(bytes);
    }
    // Lenient decoding only to sniff the kind; JSON goes to parseDesign as bytes (fatal UTF-8).
    const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096));
    if (looksLikeSvg(head) || (/\.svg$/i.test(name) && !startsLikeJson(head))) {
      if (bytes.length > MAX_IMPORT_BYTES.svg) {
        return tooLarge('SVG', bytes.length, MAX_IMPORT_BYTES.svg);
      }
      return readSvgText(new TextDecoder('utf-8').decode(bytes));
    }
    return parseDesign(bytes);
  } catch {
    return refuse('this file could not be read');
  }
}

/** A design from pasted text: design JSON, or the text of an SVG export. Never throws. */
export function readDesignFromText(text: string): Imported {
  try {
    if (looksLikeSvg(text)) {
      if (text.length > MAX_IMPORT_BYTES.svg) {
        return tooLarge('SVG', text.length, MAX_IMPORT_BYTES.svg);
      }
      return readSvgText(text);
    }
    return parseDesign(text);
  } catch {
    return refuse('this text could not be read');
  }
}

/**
 * A design from a file the person picked, dropped or pasted. Checks the size before
 * reading the file (the limit depends on the kind, found from the first bytes), then reads
 * it through {@link readDesignFromBytes}. Never throws, never rejects.
 */
export async function readDesignFromFile(file: Blob & { name?: string }): Promise<Imported> {
  try {
    const name = typeof file.name === 'string' ? file.name : '';
    const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
    const kind = isPng(head)
      ? 'png'
      : /\.svg$/i.test(name) || file.type === 'image/svg+xml'
        ? 'svg'
        : 'json';
    const limit = MAX_IMPORT_BYTES[kind];
    if (file.size > limit) {
      return tooLarge(kind === 'json' ? 'file' : kind.toUpperCase(), file.size, limit);
    }
    if (file.size === 0) return parseDesign(new Uint8Array());
    const bytes = new Uint8Array(await file.arrayBuffer());
    return readDesignFromBytes(bytes, name);
  } catch {
    return refuse('this file could not be read (the browser refused to open it)');
  }
}
