/**
 * Builds the two arms (the app and the bare React Flow page) and serves them with
 * `vite preview`, started as `node node_modules/vite/bin/vite.js` so the process we kill by
 * pid is the server itself (toolchain.md: killing `npx vite preview` can leave it running).
 *
 * The app is built into `dist-bench/app`, not `dist/`, so a benchmark never swaps the
 * files under an end-to-end run that another engineer is doing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const APP_OUT = join(ROOT, 'dist-bench', 'app');
export const BARE_OUT = join(ROOT, 'dist-bench', 'bare');
export const BARE_CONFIG = join(ROOT, 'bench', 'bare', 'vite.config.ts');
/** Not 4190: browsers and fetch refuse it (the Fetch standard's "bad ports", ManageSieve). */
export const APP_PORT = 4192;
export const BARE_PORT = 4191;

const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

type Log = (line: string) => void;

/** Newest modification time of any file under `paths` (folders walked), ms. */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        visit(join(path, entry));
      }
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** True when `outDir/index.html` is newer than every input. */
export function isFresh(outDir: string, inputs: readonly string[]): boolean {
  const html = join(outDir, 'index.html');
  return existsSync(html) && statSync(html).mtimeMs >= newestMtime(inputs);
}

/** The files the app's build depends on (relative to the repo root). */
export const APP_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];
/** The files the bare page's build depends on. */
export const BARE_INPUTS = [
  'bench/bare',
  'bench/designs.ts',
  'src/model',
  'vite.config.ts',
  'package-lock.json',
];

function viteBuild(args: readonly string[], log: Log): void {
  const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (r.stdout.trim()) log(r.stdout.trim());
  if (r.status !== 0) {
    throw new Error(`vite build ${args.join(' ')} failed:\n${(r.stderr || r.stdout).trim()}`);
  }
}

/** Builds the app into `outDir` (default dist-bench/app) unless it is newer than its inputs. */
export function buildApp(log: Log, options: { force?: boolean; outDir?: string } = {}): string {
  const outDir = options.outDir ?? APP_OUT;
  if (
    !options.force &&
    isFresh(
      outDir,
      APP_INPUTS.map((p) => join(ROOT, p)),
    )
  ) {
    log(`app build is up to date: ${outDir}`);
    return outDir;
  }
  log(`building the app into ${outDir}…`);
  viteBuild(['--outDir', outDir, '--emptyOutDir'], log);
  return outDir;
}

/** Builds the bare React Flow page into dist-bench/bare unless it is up to date. */
export function buildBare(log: Log, options: { force?: boolean } = {}): string {
  if (
    !options.force &&
    isFresh(
      BARE_OUT,
      BARE_INPUTS.map((p) => join(ROOT, p)),
    )
  ) {
    log(`bare page build is up to date: ${BARE_OUT}`);
    return BARE_OUT;
  }
  log(`building the bare React Flow page into ${BARE_OUT}…`);
  viteBuild(['--config', BARE_CONFIG], log);
  return BARE_OUT;
}

export interface Server {
  url: string;
  stop: () => Promise<void>;
}

/** Serves `outDir` with `vite preview` on 127.0.0.1:`port`; resolves once it answers. */
export async function startPreview(
  outDir: string,
  port: number,
  options: { config?: string } = {},
): Promise<Server> {
  const args = [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  args.push('--outDir', outDir);
  if (options.config) args.push('--config', options.config);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`vite preview on port ${port} exited: ${output.trim()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`vite preview on port ${port} did not answer within 20 s: ${output.trim()}`);
}
