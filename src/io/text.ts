/**
 * Text helpers for the exporters: XML escaping, cleaning text for drawing, estimating its
 * width without a DOM, truncating it with an ellipsis, base64 of UTF-8.
 *
 * Pure (no DOM), so the SVG renderer runs in node tests and in a worker.
 */

/** Escapes a string for XML text and for a double- or single-quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Characters that may not appear in an XML 1.0 document (controls other than tab, LF, CR;
 * lone surrogates; U+FFFE and U+FFFF), which would make the SVG unreadable.
 */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as drawn: characters illegal in XML removed, line breaks and tabs turned into spaces,
 * runs of spaces collapsed, trimmed. For drawing only: the embedded JSON keeps the original.
 */
export function cleanForDrawing(text: string): string {
  return text
    .replace(XML_ILLEGAL, '')
    .replace(/[\t\n\r\u2028\u2029\u0085]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Advance widths of printable ASCII (32–126) in thousandths of an em, from a typical
 * sans-serif (Helvetica/Arial metrics). Used to estimate text width without a DOM.
 */
// prettier-ignore
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
];

/**
 * The fonts actually used (DejaVu Sans on Linux, Segoe UI on Windows) run wider than
 * Helvetica; this factor keeps the estimate on the safe side so text never overflows.
 */
const SAFETY = 1.12;

function charWidthEm(codePoint: number): number {
  if (codePoint >= 32 && codePoint <= 126) return ASCII_WIDTHS[codePoint - 32]! / 1000;
  // Combining marks, zero-width characters, variation selectors, bidi controls.
  if (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x206f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    codePoint === 0xfeff
  ) {
    return 0;
  }
  // East Asian wide characters and emoji.
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    codePoint >= 0x1f000
  ) {
    return 1;
  }
  return 0.6;
}

/** Estimated width of `text` in px at `fontSize` (bold runs ~12% wider in DejaVu Sans). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch.codePointAt(0)!);
  return em * fontSize * SAFETY * (bold ? 1.12 : 1);
}

const segmenter: Intl.Segmenter | undefined =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : undefined;

/** User-perceived characters (grapheme clusters), so a cut never splits an emoji or accent. */
function graphemes(text: string): string[] {
  if (segmenter) return Array.from(segmenter.segment(text), (s) => s.segment);
  return Array.from(text);
}

/**
 * Splits `text` into a head that fits in `maxWidth` px and the rest, for wrapping onto a
 * second line: cut at the last space that fits, or inside a word when no space does.
 */
export function splitToFit(
  text: string,
  maxWidth: number,
  fontSize: number,
  bold = false,
): { head: string; rest: string } {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return { head: text, rest: '' };
  const parts = graphemes(text);
  let width = 0;
  let count = 0;
  for (const part of parts) {
    const w = estimateTextWidth(part, fontSize, bold);
    if (width + w > maxWidth) break;
    width += w;
    count++;
  }
  count = Math.max(count, 1);
  const head = parts.slice(0, count).join('');
  const space = head.lastIndexOf(' ');
  if (space > 0) {
    return { head: head.slice(0, space), rest: text.slice(space + 1) };
  }
  return { head, rest: parts.slice(count).join('') };
}

/** `text`, shortened with a trailing ellipsis so it fits in `maxWidth` px. */
export function truncateToWidth(
  text: string,
  maxWidth: number,
  fontSize: number,
  bold = false,
): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  const ellipsis = '…';
  const room = maxWidth - estimateTextWidth(ellipsis, fontSize, bold);
  let width = 0;
  let out = '';
  for (const part of graphemes(text)) {
    const w = estimateTextWidth(part, fontSize, bold);
    if (width + w > room) break;
    width += w;
    out += part;
  }
  return out.trimEnd() + ellipsis;
}

/** Base64 of the UTF-8 encoding of `text` (lone surrogates become U+FFFD, as in UTF-8). */
export function encodeBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The bytes of a base64 string, or undefined when it is not valid base64. Never throws. */
export function decodeBase64(base64: string): Uint8Array | undefined {
  try {
    const binary = atob(base64.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
