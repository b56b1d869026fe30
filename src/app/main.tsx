import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './theme.css';
import '../canvas/canvas.css';
import '../panels/panels.css';
import { getTemplate } from '../model/templates';
import { emptyDesign } from '../model/factories';
import { createDesignStore, type Theme } from '../store';
import { App } from './App';

const THEME_KEY = 'archboard:theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage may be blocked: fall back to the system preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function start() {
  const root = document.getElementById('root');
  if (!root) return;
  const theme = initialTheme();
  document.documentElement.dataset.theme = theme;
  const store = createDesignStore(getTemplate('scale-up') ?? emptyDesign(), { theme });
  store.subscribe((state, previous) => {
    if (state.ui.theme === previous.ui.theme) return;
    try {
      localStorage.setItem(THEME_KEY, state.ui.theme);
    } catch {
      // Not remembered: nothing else depends on it.
    }
  });
  createRoot(root).render(
    <StrictMode>
      <App store={store} fitOnStart />
    </StrictMode>,
  );
}

start();
