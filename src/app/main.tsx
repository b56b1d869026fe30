import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './theme.css';
import '../canvas/canvas.css';
import '../panels/panels.css';
import { loadTemplate } from '../model/template-list';
import { emptyDesign } from '../model/factories';
import type { Design } from '../model/types';
import type { LoadResult } from '../io/autosave';
import { createDesignStore, type Theme, type Viewport } from '../store';
import { App } from './App';
import { installBenchHooks, installBenchStats } from './bench-stats';

/**
 * Autosave (IndexedDB, the saved copy's checks) is a chunk of its own, requested as this
 * module runs: the saved copy must be read before the first render anyway, and the chunk
 * arrives while the rest of the boot runs, which keeps it out of the initial bundle (B5).
 */
const autosave = import('../io/autosave-store').catch(() => undefined);

const THEME_KEY = 'archboard:theme';
/** How long the saved copy may take to load before the app opens the template instead. */
const LOAD_TIMEOUT_MS = 4000;

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage may be blocked: fall back to the system preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function rememberTheme(theme: Theme) {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not remembered: nothing else depends on it.
  }
}

type AutosaveModule = NonNullable<Awaited<typeof autosave>>;

/**
 * The autosave code and the saved copy, each given up on (undefined) when it fails or does
 * not arrive within {@link LOAD_TIMEOUT_MS}: the app then opens the template.
 */
async function openSaved(): Promise<{ module?: AutosaveModule; saved?: LoadResult }> {
  const timeout = new Promise<undefined>((resolve) =>
    setTimeout(() => resolve(undefined), LOAD_TIMEOUT_MS),
  );
  const module = await Promise.race([autosave, timeout]);
  if (!module) return {};
  try {
    const saved = await Promise.race([module.loadSaved(), timeout]);
    return saved ? { module, saved } : { module };
  } catch {
    return { module };
  }
}

async function start() {
  const root = document.getElementById('root');
  if (!root) return;
  const theme = initialTheme();
  document.documentElement.dataset.theme = theme;

  // First run (nothing saved): the documented scale-up design.
  // Both load as chunks of their own, side by side.
  const template = loadTemplate('scale-up').catch(() => undefined);
  const { module, saved } = await openSaved();
  const fallback: Design = (await template) ?? emptyDesign();
  let design = fallback;
  let viewport: Viewport | undefined;
  if (module && saved) {
    const initial = module.initialFromSaved(saved, fallback);
    design = initial.design;
    viewport = initial.viewport;
  }
  const store = createDesignStore(design, { theme, ...(viewport ? { viewport } : {}) });
  installBenchHooks(store);
  store.subscribe((state, previous) => {
    if (state.ui.theme !== previous.ui.theme) rememberTheme(state.ui.theme);
  });
  try {
    if (!module) throw new Error('the autosave code did not load');
    module.startAutosave(store, saved ? { loaded: saved } : {});
  } catch {
    store.getState().setBanner({
      id: 'autosave-unavailable',
      kind: 'warning',
      message: 'Autosave could not start: use Export JSON to keep your work.',
    });
  }

  createRoot(root).render(
    <StrictMode>
      <App store={store} fitOnStart={!viewport} />
    </StrictMode>,
  );
}

installBenchStats();
void start();
