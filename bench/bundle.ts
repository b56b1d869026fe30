/**
 * B5: the initial bundle — what `index.html` makes the browser load before anything is
 * lazy: its module scripts, their static imports (followed through the chunks, and the
 * `modulepreload` links), and its stylesheets — gzip level 9 with node:zlib. Lazy chunks
 * (reached only through dynamic `import()`) are counted apart.
 *
 * Deterministic, so CI gates on it (`scripts/check-bundle.mjs`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { result, type BenchResult } from './types';

export interface BundleFile {
  /** Path relative to the dist folder. */
  file: string;
  bytes: number;
  gzip: number;
}

export interface BundleMeasure {
  dist: string;
  initial: BundleFile[];
  lazy: BundleFile[];
  /** gzip bytes of the initial JS + CSS. */
  initialGzip: number;
  initialBrotli: number;
  lazyGzip: number;
  /** Minified bytes each source module (from the source maps) puts in the initial JS. */
  initialSources: Map<string, number>;
}

/** Budget of the initial bundle, app / bare (issue #5). */
export const BUNDLE_RATIO_TARGET = 1.5;

/**
 * Source files that must load lazily (issue #5: export, traffic mode, larger panels). A
 * module whose path matches one of these and that sits in the initial bundle is reported.
 */
export const MUST_BE_LAZY: readonly RegExp[] = [
  /^src\/io\/(export|render-|draw-)/,
  /^src\/(sim|store|canvas|panels)\/.*traffic/i,
];

const ROOT = resolve(import.meta.dirname, '..');

/** Minified bytes above which a must-be-lazy module counts as loaded eagerly. */
const EAGER_BYTES = 1000;

function gzipSize(data: Buffer): number {
  return gzipSync(data, { level: 9 }).length;
}

function brotliSize(data: Buffer): number {
  return brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}

/** `src`/`href` values of the tags in `html` matching `tag` with an attribute test. */
function attributes(html: string, tagPattern: RegExp, attr: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(tagPattern)) {
    const value = new RegExp(`\\b${attr}\\s*=\\s*["']([^"']+)["']`).exec(m[0]);
    if (value?.[1]) out.push(value[1]);
  }
  return out;
}

/** Static import specifiers of an ES module (`import … from "x"`, `import "x"`, `export … from "x"`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const patterns = [
    /(?:^|[;\s})])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g,
    /(?:^|[;\s})])export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
  ];
  for (const p of patterns) for (const m of code.matchAll(p)) if (m[1]) out.push(m[1]);
  return out;
}

function localPath(dist: string, fromFile: string, ref: string): string | undefined {
  if (/^(?:[a-z]+:)?\/\//i.test(ref) || ref.startsWith('data:')) return undefined;
  const clean = ref.split(/[?#]/)[0]!;
  const path = clean.startsWith('/') ? join(dist, clean) : resolve(dirname(fromFile), clean);
  return existsSync(path) ? path : undefined;
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(p));
    else out.push(p);
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one source-map VLQ segment into its numbers. */
function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    if (digit < 0) return out;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Bytes of generated code attributed to each source, from a source map's `mappings`: a
 * segment owns the generated text up to the next segment of its line.
 */
export function bytesPerSource(
  code: string,
  map: { sources: readonly string[]; mappings: string },
): Map<string, number> {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    const lineLength = lines[lineIndex]?.length ?? 0;
    let column = 0;
    const spans: Array<{ column: number; source: number | undefined }> = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        spans.push({ column, source });
      } else spans.push({ column, source: undefined });
    }
    spans.forEach((span, i) => {
      if (span.source === undefined) return;
      const end = spans[i + 1]?.column ?? lineLength;
      const name = map.sources[span.source];
      if (name !== undefined)
        totals.set(name, (totals.get(name) ?? 0) + Math.max(0, end - span.column));
    });
  });
  return totals;
}

/** Generated bytes per source module of a built JS file (empty without a source map). */
function sourceBytesOf(jsFile: string): Map<string, number> {
  const mapFile = `${jsFile}.map`;
  if (!existsSync(mapFile)) return new Map();
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as {
      sources?: unknown;
      mappings?: unknown;
    };
    if (!Array.isArray(map.sources) || typeof map.mappings !== 'string') return new Map();
    const sources = map.sources.map((s) =>
      typeof s === 'string'
        ? relative(ROOT, resolve(dirname(jsFile), s)).replaceAll('\\', '/')
        : '',
    );
    return bytesPerSource(readFileSync(jsFile, 'utf8'), { sources, mappings: map.mappings });
  } catch {
    return new Map();
  }
}

/** Measures the initial and lazy bundle of a Vite build folder holding `index.html`. */
export function measureBundle(distFolder: string): BundleMeasure {
  // Absolute, so a file reached from index.html and again through an import is one path.
  const dist = resolve(distFolder);
  const htmlPath = join(dist, 'index.html');
  if (!existsSync(htmlPath)) throw new Error(`no build in ${dist} (index.html missing)`);
  const html = readFileSync(htmlPath, 'utf8');
  const scripts = attributes(html, /<script\b[^>]*type\s*=\s*["']module["'][^>]*>/gi, 'src');
  const preloads = attributes(html, /<link\b[^>]*rel\s*=\s*["']modulepreload["'][^>]*>/gi, 'href');
  const styles = attributes(html, /<link\b[^>]*rel\s*=\s*["']stylesheet["'][^>]*>/gi, 'href');

  const initial = new Set<string>();
  const queue: string[] = [];
  for (const ref of [...scripts, ...preloads, ...styles]) {
    const path = localPath(dist, htmlPath, ref);
    if (path && !initial.has(path)) {
      initial.add(path);
      queue.push(path);
    }
  }
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (!file.endsWith('.js') && !file.endsWith('.mjs')) continue;
    for (const ref of staticImports(readFileSync(file, 'utf8'))) {
      const path = localPath(dist, file, ref);
      if (path && !initial.has(path)) {
        initial.add(path);
        queue.push(path);
      }
    }
  }

  const describe = (path: string): BundleFile => {
    const data = readFileSync(path);
    return { file: relative(dist, path), bytes: data.length, gzip: gzipSize(data) };
  };
  const isAsset = (p: string) => /\.(m?js|css)$/.test(p);
  const initialFiles = [...initial].filter(isAsset).sort();
  const lazyFiles = walkFiles(dist)
    .filter((p) => isAsset(p) && !initial.has(p))
    .sort();
  const initialList = initialFiles.map(describe);
  const lazyList = lazyFiles.map(describe);
  const initialBrotli = initialFiles.reduce((sum, p) => sum + brotliSize(readFileSync(p)), 0);
  const initialSources = new Map<string, number>();
  for (const file of initialFiles.filter((p) => /\.m?js$/.test(p))) {
    for (const [source, bytes] of sourceBytesOf(file)) {
      initialSources.set(source, (initialSources.get(source) ?? 0) + bytes);
    }
  }
  return {
    dist,
    initial: initialList,
    lazy: lazyList,
    initialGzip: initialList.reduce((s, f) => s + f.gzip, 0),
    initialBrotli,
    lazyGzip: lazyList.reduce((s, f) => s + f.gzip, 0),
    initialSources,
  };
}

const kB = (bytes: number) => Math.round(bytes / 10) / 100;

/** Must-be-lazy modules that put more than a few constants into the initial JS. */
export function eagerModules(app: BundleMeasure): Array<{ source: string; bytes: number }> {
  return [...app.initialSources]
    .filter(([s, bytes]) => bytes > EAGER_BYTES && MUST_BE_LAZY.some((p) => p.test(s)))
    .map(([source, bytes]) => ({ source, bytes }));
}

/** B5 results: the gated ratio app / bare, and the must-be-lazy check. */
export function bundleResults(appDist: string, bareDist: string): BenchResult[] {
  const app = measureBundle(appDist);
  const bare = measureBundle(bareDist);
  const ratio = app.initialGzip / bare.initialGzip;
  const eager = eagerModules(app).map(({ source, bytes }) => `${source} (${kB(bytes)} kB min)`);
  const appModules = [...app.initialSources].filter(([s]) => s.startsWith('src/'));
  const largest = [...groupByPackage(app.initialSources)]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1000)}`)
    .join(', ');
  return [
    result('B5 initial JS+CSS gzip (app/bare)', round(ratio, 3), 'ratio', BUNDLE_RATIO_TARGET, {
      absolute: {
        appKB: kB(app.initialGzip),
        bareKB: kB(bare.initialGzip),
        appBrotliKB: kB(app.initialBrotli),
        appFiles: app.initial.length,
        lazyChunks: app.lazy.length,
        lazyKB: kB(app.lazyGzip),
        largestLazyKB: kB(Math.max(0, ...app.lazy.map((f) => f.gzip))),
      },
      detail: `largest parts of the app's initial JS, kB minified: ${largest}`,
    }),
    result('B5 export/traffic modules in the initial bundle', eager.length, 'count', 0, {
      absolute: {
        appModules: appModules.length,
        appModulesMinKB: kB(appModules.reduce((sum, [, b]) => sum + b, 0)),
      },
      ...(eager.length > 0 ? { detail: `should load lazily: ${eager.join(', ')}` } : {}),
    }),
  ];
}

/** Source bytes grouped by npm package (`react-dom`, `@xyflow/react`) or `src/<folder>`. */
export function groupByPackage(sources: ReadonlyMap<string, number>): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [source, bytes] of sources) {
    const parts = source.split('/');
    const at = parts.lastIndexOf('node_modules');
    const key =
      at >= 0
        ? parts.slice(at + 1, parts[at + 1]?.startsWith('@') ? at + 3 : at + 2).join('/')
        : parts.slice(0, 2).join('/');
    groups.set(key, (groups.get(key) ?? 0) + bytes);
  }
  return groups;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
