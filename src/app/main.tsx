import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './theme.css';
import '../canvas/canvas.css';
import '../panels/panels.css';
import { getTemplate } from '../model/templates';
import { emptyDesign } from '../model/factories';
import type { Design } from '../model/types';
import { initialFromSaved, loadSaved, startAutosave } from '../io/autosave-store';
import type { LoadResult } from '../io/autosave';
import { createDesignStore, type Theme, type Viewport } from '../store';
import { App } from './App';
import { installBenchHooks, installBenchStats } from './bench-stats';

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

async function loadSavedSafely(): Promise<LoadResult | undefined> {
  try {
    return await Promise.race([
      loadSaved(),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), LOAD_TIMEOUT_MS)),
    ]);
  } catch {
    return undefined;
  }
}

async function start() {
  const root = document.getElementById('root');
  if (!root) return;
  const theme = initialTheme();
  document.documentElement.dataset.theme = theme;

  // First run (nothing saved): the documented scale-up design.
  const fallback: Design = getTemplate('scale-up') ?? emptyDesign();
  const saved = await loadSavedSafely();
  let design = fallback;
  let viewport: Viewport | undefined;
  if (saved) {
    const initial = initialFromSaved(saved, fallback);
    design = initial.design;
    viewport = initial.viewport;
  }
  const store = createDesignStore(design, { theme, ...(viewport ? { viewport } : {}) });
  installBenchHooks(store);
  store.subscribe((state, previous) => {
    if (state.ui.theme !== previous.ui.theme) rememberTheme(state.ui.theme);
  });
  try {
    startAutosave(store, saved ? { loaded: saved } : {});
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
