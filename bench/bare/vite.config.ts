/**
 * Builds the bare comparison page (bench/bare) with the app's own Vite config — same
 * plugins, same target, same options — so B5 compares like with like. Only the root, the
 * output folder and the ports differ.
 */
import { fileURLToPath } from 'node:url';
import {
  defineConfig,
  mergeConfig,
  type ConfigEnv,
  type UserConfig,
  type UserConfigExport,
} from 'vite';
import appConfig from '../../vite.config.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist-bench/bare', import.meta.url));

export default defineConfig(async (env: ConfigEnv) => {
  const exported = appConfig as UserConfigExport;
  const base = typeof exported === 'function' ? await exported(env) : await exported;
  return mergeConfig(base, {
    root,
    publicDir: false,
    build: { outDir, emptyOutDir: true },
    server: { port: 5191, strictPort: true },
    preview: { port: 4191, strictPort: true },
  } satisfies UserConfig);
});
