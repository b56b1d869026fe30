#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, build, end-to-end tests. Runs every step even
// when one fails, then prints one plain last line `N passed, N failed` counted from the
// runners' JSON reports (CI reads only that line), and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hasBrowser, howToGetBrowser } from './find-browser.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit` runs only the unit step
const want = (step) =>
  only.length === 0 || only.includes(step) || (step === 'bundle' && only.includes('e2e'));

mkdirSync('reports', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(name, cmd, args) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

/** A step with no test report of its own counts as one test. */
function step(name, cmd, args) {
  if (!want(name)) return;
  if (run(name, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);

if (want('unit')) {
  rmSync('reports/vitest.json', { force: true });
  const ok = run('unit', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=reports/vitest.json',
  ]);
  const report = readJson('reports/vitest.json');
  if (report) {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numFailedTests ?? 0) > 0) failures.push('unit');
  }
  if (!ok && (!report || (report.numFailedTests ?? 0) === 0)) {
    failed += 1; // a suite that failed to load, or no report at all
    failures.push('unit (suite error)');
  }
}

if (want('e2e')) {
  if (!(await hasBrowser())) {
    console.error(`\n${howToGetBrowser}`);
    failed += 1;
    failures.push('e2e (no browser)');
  } else if (!run('build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
    failed += 1;
    failures.push('build');
  } else {
    // B5 (issue #5): the initial bundle against a bare React Flow page, from the build above.
    step('bundle', 'node', ['scripts/check-bundle.mjs']);
    rmSync('reports/playwright.json', { force: true });
    const ok = run('e2e', 'npx', ['playwright', 'test']);
    const report = readJson('reports/playwright.json');
    if (report?.stats) {
      const s = report.stats;
      passed += (s.expected ?? 0) + (s.flaky ?? 0);
      failed += s.unexpected ?? 0;
      skipped += s.skipped ?? 0;
      if ((s.unexpected ?? 0) > 0) failures.push('e2e');
    }
    if (!ok && (!report?.stats || (report.stats.unexpected ?? 0) === 0)) {
      failed += 1;
      failures.push('e2e (run error)');
    }
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
