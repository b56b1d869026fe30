import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesPerSource, groupByPackage, measureBundle, staticImports } from './bundle';

describe('staticImports', () => {
  it('finds static imports and re-exports, not dynamic imports', () => {
    const code =
      'import{a as b}from"./chunk-a.js";import"./side.js";export*from"./re.js";' +
      'export{c}from"./c.js";const l=()=>import("./lazy.js");__vitePreload(()=>import("./lazy2.js"),[]);';
    expect(staticImports(code).sort()).toEqual(['./c.js', './chunk-a.js', './re.js', './side.js']);
  });
});

describe('bytesPerSource', () => {
  it('gives each source the generated text up to the next segment', () => {
    // "AAAA" = col 0, source 0, line 0, col 0; "KCAA" = col +5, source +1, line +0, col 0.
    const totals = bytesPerSource('aaaaabbbbbbb', {
      sources: ['a.ts', 'b.ts'],
      mappings: 'AAAA,KCAA',
    });
    expect(totals.get('a.ts')).toBe(5);
    expect(totals.get('b.ts')).toBe(7);
  });
});

describe('groupByPackage', () => {
  it('groups node_modules by package, scoped ones included, and src by folder', () => {
    const groups = groupByPackage(
      new Map([
        ['node_modules/react-dom/cjs/x.js', 10],
        ['node_modules/@xyflow/react/dist/a.js', 5],
        ['node_modules/@xyflow/react/dist/b.js', 5],
        ['src/model/parse.ts', 3],
      ]),
    );
    expect(Object.fromEntries(groups)).toEqual({
      'react-dom': 10,
      '@xyflow/react': 10,
      'src/model': 3,
    });
  });
});

describe('measureBundle', () => {
  it('counts what index.html loads, following static imports, and leaves lazy chunks apart', () => {
    const dist = mkdtempSync(join(tmpdir(), 'bundle-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<script type="module" crossorigin src="/assets/index.js"></script>' +
        '<link rel="stylesheet" href="/assets/index.css">',
    );
    writeFileSync(join(dist, 'assets/index.js'), 'import{x}from"./vendor.js";import("./lazy.js");');
    writeFileSync(join(dist, 'assets/vendor.js'), 'export const x=1;'.repeat(50));
    writeFileSync(join(dist, 'assets/lazy.js'), 'export const y=2;');
    writeFileSync(join(dist, 'assets/index.css'), 'body{margin:0}');
    const m = measureBundle(dist);
    expect(m.initial.map((f) => f.file).sort()).toEqual([
      'assets/index.css',
      'assets/index.js',
      'assets/vendor.js',
    ]);
    expect(m.lazy.map((f) => f.file)).toEqual(['assets/lazy.js']);
    expect(m.initialGzip).toBe(m.initial.reduce((s, f) => s + f.gzip, 0));
    expect(m.initialGzip).toBeGreaterThan(0);
  });

  it('counts a file once when index.html preloads it and the entry imports it, relative folder too', () => {
    const dist = mkdtempSync(join(tmpdir(), 'bundle-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<script type="module" src="/assets/index.js"></script>' +
        '<link rel="modulepreload" href="/assets/shared.js">',
    );
    writeFileSync(join(dist, 'assets/index.js'), 'import{x}from"./shared.js";');
    writeFileSync(join(dist, 'assets/shared.js'), 'export const x=1;');
    const m = measureBundle(relative(process.cwd(), dist));
    expect(m.initial.map((f) => f.file).sort()).toEqual(['assets/index.js', 'assets/shared.js']);
  });

  it('refuses a folder without a build', () => {
    expect(() => measureBundle(mkdtempSync(join(tmpdir(), 'empty-')))).toThrow(/index.html/);
  });
});
