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
  /** Source modules (from the source maps) that ended up in the initial JS. */
  initialSources: string[];
}

/** Budget of the initial bundle, app / bare (issue #5). */
export const BUNDLE_RATIO_TARGET = 1.5;

/**
 * Source files that must load lazily (issue #5: export, traffic mode, larger panels). A
 * module whose path matches one of these and that sits in the initial bundle is reported.
 */
export const MUST_BE_LAZY: readonly RegExp[] = [
  /^src\/io\/(export|render-svg|render-png|png-export)/,
  /^src\/(sim|store|canvas|panels)\/.*(traffic|token)/i,
];

const ROOT = resolve(import.meta.dirname, '..');

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

function sourcesOf(jsFile: string): string[] {
  const map = `${jsFile}.map`;
  if (!existsSync(map)) return [];
  try {
    const parsed = JSON.parse(readFileSync(map, 'utf8')) as { sources?: unknown };
    return Array.isArray(parsed.sources)
      ? parsed.sources.filter((s): s is string => typeof s === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Measures the initial and lazy bundle of a Vite build folder holding `index.html`. */
export function measureBundle(dist: string): BundleMeasure {
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
  const initialSources = [
    ...new Set(
      initialFiles
        .filter((p) => p.endsWith('.js'))
        .flatMap((p) =>
          sourcesOf(p).map((s) => relative(ROOT, resolve(dirname(p), s)).replaceAll('\\', '/')),
        ),
    ),
  ].sort();
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

/** B5 results: the gated ratio app / bare, and the must-be-lazy check. */
export function bundleResults(appDist: string, bareDist: string): BenchResult[] {
  const app = measureBundle(appDist);
  const bare = measureBundle(bareDist);
  const ratio = app.initialGzip / bare.initialGzip;
  const eager = app.initialSources.filter(
    (s) => s.startsWith('src/') && MUST_BE_LAZY.some((p) => p.test(s)),
  );
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
    }),
    result('B5 export/traffic modules in the initial bundle', eager.length, 'count', 0, {
      absolute: {
        initialSrcModules: app.initialSources.filter((s) => s.startsWith('src/')).length,
      },
      ...(eager.length > 0 ? { detail: `should load lazily: ${eager.join(', ')}` } : {}),
    }),
  ];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
