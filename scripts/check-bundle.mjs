#!/usr/bin/env node
// CI check of B5 (issue #5): the app's initial JS + CSS (gzip -9) against a bare
// React + React Flow + zustand page built with the same Vite config, at most 1.5×.
// Export, traffic mode and the larger panels must load lazily (bench/bundle.ts, MUST_BE_LAZY).
// Deterministic. Builds what is missing or stale: the app's `dist/` is reused when it is
// newer than every source (as after `npm test`'s build step), otherwise the app is built
// into dist-bench/app; the bare page goes to dist-bench/bare.
//
// Prints one line; exits 1 over budget (or when the check cannot run), else 0.
import { tsImport } from 'tsx/esm/api';

const log = (line) => process.stderr.write(`${line}\n`);
const quiet = () => {};

try {
  const servers = await tsImport('../bench/servers.ts', import.meta.url);
  const { measureBundle, eagerModules, BUNDLE_RATIO_TARGET } = await tsImport(
    '../bench/bundle.ts',
    import.meta.url,
  );
  const { join } = await import('node:path');
  const dist = join(servers.ROOT, 'dist');
  const inputs = servers.APP_INPUTS.map((p) => join(servers.ROOT, p));
  const appDist = servers.isFresh(dist, inputs) ? dist : servers.buildApp(quiet);
  const bareDist = servers.buildBare(quiet);
  const app = measureBundle(appDist);
  const bare = measureBundle(bareDist);
  const ratio = app.initialGzip / bare.initialGzip;
  const eager = eagerModules(app).map((m) => m.source);
  const ok = ratio <= BUNDLE_RATIO_TARGET && eager.length === 0;
  const kB = (b) => (b / 1000).toFixed(1);
  console.log(
    `bundle ${ok ? 'ok' : 'OVER BUDGET'}: initial JS+CSS ${kB(app.initialGzip)} kB gzip = ` +
      `${ratio.toFixed(2)}× the bare React Flow page (${kB(bare.initialGzip)} kB), budget ${BUNDLE_RATIO_TARGET}×; ` +
      `${app.lazy.length} lazy chunks, ${kB(app.lazyGzip)} kB` +
      (eager.length > 0 ? `; should load lazily: ${eager.join(', ')}` : ''),
  );
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  log(String(error?.stack ?? error));
  console.log(`bundle check could not run: ${String(error?.message ?? error).split('\n')[0]}`);
  process.exitCode = 1;
}
