#!/usr/bin/env node
// `npm run bench` (issue #5): every benchmark, as ratios of two arms measured in one run.
//
//   npm run bench                   table on stdout, progress on stderr
//   npm run bench -- --json         only { "benchmarks": [...] } on stdout
//   npm run bench -- --only B1,B5   a subset (B1 canvas, B2 rules, B3 tokens, B4 export,
//                                   B5 bundle, B6 cold load)
//   npm run bench -- --quick        fewer pairs and sizes: a smoke run, not a verdict
//   npm run bench -- --self-test    A/A run: the bare page plays both arms (ratios near 1)
//   npm run bench -- --rebuild      build both arms even when the builds look up to date
//   npm run bench -- --sizes 500    B1 at these sizes only (of 100, 500, 2000)
//
// Not part of `npm test`: timings on a shared 2-core machine are for trends and ratios. The
// exit code is 1 when some benchmark did not pass (or could not be measured), else 0.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const json = flag('--json');
const quick = flag('--quick');
const selfTest = flag('--self-test');
const only = option('--only')
  ?.split(',')
  .map((s) => s.trim().toUpperCase())
  .filter(Boolean);
const want = (id) => !only || only.includes(id);
const sizes = option('--sizes')
  ?.split(',')
  .map(Number)
  .filter((n) => Number.isFinite(n) && n > 0);

// With --json, stdout carries the document and nothing else.
const log = (line) => process.stderr.write(`${line}\n`);
if (json) console.log = (...args) => log(args.join(' '));

const load = (path) => tsImport(path, import.meta.url);

const started = Date.now();
const results = [];
const stoppers = [];
let stopping = false;

async function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const stop of stoppers.reverse()) await stop().catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void stopAll().then(() => process.exit(130));
  });
}

function missing(name, unit, target, detail) {
  return { name, value: null, unit, target, pass: false, detail };
}

function formatValue(r) {
  if (r.value === null) return '—';
  return Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(r.unit === 'ratio' ? 2 : 1);
}

function formatAbsolute(abs) {
  if (!abs) return '';
  return Object.entries(abs)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function printTable(list) {
  const rows = list.map((r) => [
    r.name,
    formatValue(r),
    r.unit,
    `≤ ${r.target}`,
    r.pass ? 'pass' : 'FAIL',
    [formatAbsolute(r.absolute), r.detail ? `(${r.detail})` : ''].filter(Boolean).join(' '),
  ]);
  const head = ['benchmark', 'value', 'unit', 'target', 'pass', 'absolute numbers'];
  const widths = head.map((h, i) =>
    i === head.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => r[i].length)),
  );
  const line = (cells) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(16))));
  for (const r of rows) console.log(line(r));
}

try {
  const servers = await load('../bench/servers.ts');
  const needBrowser = ['B1', 'B3', 'B4', 'B6'].some(want);
  let appDist;
  let bareDist;
  if (want('B5') || needBrowser) {
    try {
      appDist = servers.buildApp(log, { force: flag('--rebuild') });
      bareDist = servers.buildBare(log, { force: flag('--rebuild') });
    } catch (error) {
      log(String(error?.message ?? error));
    }
  }

  if (want('B5')) {
    log('B5 bundle: initial JS+CSS, gzip, app vs bare…');
    if (appDist && bareDist) {
      const { bundleResults } = await load('../bench/bundle.ts');
      results.push(...bundleResults(appDist, bareDist));
    } else {
      results.push(missing('B5 initial JS+CSS gzip (app/bare)', 'ratio', 1.5, 'a build failed'));
    }
  }

  if (want('B2')) {
    log('B2 rules: rules engine vs graph + one BFS…');
    const rulesPath = fileURLToPath(new URL('../bench/rules.ts', import.meta.url));
    if (!existsSync(rulesPath)) {
      results.push(
        missing(
          'B2 rules (rules/floor)',
          'ratio',
          3,
          'bench/rules.ts (runRulesBench) is not written yet',
        ),
      );
    } else {
      try {
        const { runRulesBench } = await load('../bench/rules.ts');
        results.push(...(await runRulesBench()));
      } catch (error) {
        results.push(
          missing(
            'B2 rules (rules/floor)',
            'ratio',
            3,
            `runRulesBench failed: ${error?.message ?? error}`,
          ),
        );
      }
    }
  }

  if (needBrowser) {
    if (!appDist || !bareDist) {
      results.push(missing('browser benchmarks', 'ratio', 1, 'a build failed, nothing to serve'));
    } else {
      const { runBrowserBench } = await load('../bench/browser.ts');
      const app = await servers.startPreview(appDist, servers.APP_PORT);
      stoppers.push(app.stop);
      const bare = await servers.startPreview(bareDist, servers.BARE_PORT, {
        config: servers.BARE_CONFIG,
      });
      stoppers.push(bare.stop);
      results.push(
        ...(await runBrowserBench({
          appUrl: app.url,
          bareUrl: bare.url,
          log,
          only: new Set(only ?? ['B1', 'B3', 'B4', 'B6']),
          quick,
          selfTest,
          ...(sizes ? { sizes } : {}),
        })),
      );
    }
  }
} catch (error) {
  log(`bench: ${error?.stack ?? error}`);
  results.push(
    missing('bench harness', 'count', 0, String(error?.message ?? error).split('\n')[0]),
  );
} finally {
  await stopAll();
}

log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (json) process.stdout.write(`${JSON.stringify({ benchmarks: results }, null, 2)}\n`);
else printTable(results);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
