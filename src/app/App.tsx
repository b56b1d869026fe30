import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type ChangeEvent } from 'react';
import { Canvas, FIT_VIEW_OPTIONS } from '../canvas/Canvas';
import { openDesignFile, openDesignText } from '../io/open';
import type { Design, Problem, Result } from '../model/types';
import { HelpDialog } from '../panels/HelpDialog';
import { SimulationPanel } from '../panels/SimulationPanel';
import { TokenOverlay } from '../canvas/TokenOverlay';
import { useNodeContextMenu } from '../canvas/NodeContextMenu';
import { FindingsPanel } from '../panels/FindingsPanel';
import { Inspector } from '../panels/Inspector';
import { Banners, ImportAlert } from '../panels/Notices';
import { Palette } from '../panels/Palette';
import { Toolbar } from '../panels/Toolbar';
import {
  CommandContextProvider,
  StoreProvider,
  useDesignStore,
  useStoreApi,
  type CommandContext,
  type DesignStore,
} from '../store';
import { isTypingTarget, useKeyboardShortcuts } from './useKeyboardShortcuts';
import { exportDesign } from './exports';

export interface AppProps {
  store: DesignStore;
  /** Fit the design into view on start (no saved viewport). */
  fitOnStart?: boolean;
}

/** Opens an imported design, or shows why it was refused (the design on screen unchanged). */
export function openImported(
  store: DesignStore,
  result: Result<Design, Problem[]>,
  source: string,
  fitView: () => void,
) {
  const state = store.getState();
  if (result.ok) {
    state.setAlert(undefined);
    state.loadDesign(result.value, `Open ${source}`);
    requestAnimationFrame(fitView);
  } else {
    state.setAlert({ title: `Could not open ${source}`, problems: result.error });
  }
}

function Workspace({ fitOnStart }: { fitOnStart: boolean }) {
  const store = useStoreApi();
  const flow = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const theme = useDesignStore((s) => s.ui.theme);
  const contextMenu = useNodeContextMenu();

  const fitView = useCallback(() => {
    // On an empty board React Flow would queue the fit and spring it on the first component
    // added (zooming in under the person's pointer): there is nothing to fit, so do nothing.
    if (store.getState().design.nodes.length === 0) return;
    void flow.fitView({ ...FIT_VIEW_OPTIONS, duration: 200 });
  }, [flow, store]);

  const ctx = useMemo<CommandContext>(
    () => ({
      viewCenter: () => {
        const box = canvasBox.current?.getBoundingClientRect();
        if (!box) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({
          x: box.left + box.width / 2,
          y: box.top + box.height / 2,
        });
      },
      fitView,
      openImport: () => fileInput.current?.click(),
      exportJson: () => void exportDesign(store, 'json'),
      exportPng: () => void exportDesign(store, 'png'),
      exportSvg: () => void exportDesign(store, 'svg'),
    }),
    [flow, fitView, store],
  );

  useKeyboardShortcuts(store, ctx);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const openFile = useCallback(
    async (file: File) => {
      const result = await openDesignFile(file);
      openImported(store, result, file.name ? `“${file.name}”` : 'the file', fitView);
    },
    [store, fitView],
  );

  const onFileChosen = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const file = event.target.files?.[0];
      event.target.value = '';
      if (file) void openFile(file);
    },
    [openFile],
  );

  // Copy and paste go through the clipboard events: they carry the system clipboard's text.
  useEffect(() => {
    const onCopy = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const state = store.getState();
      if (state.selection.nodes.length === 0) return;
      const selected = window.getSelection();
      if (selected && !selected.isCollapsed) return; // the person copies text from a panel
      state.copySelection();
      event.preventDefault();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      const trimmed = text.trimStart();
      if (trimmed.startsWith('{') || trimmed.startsWith('<')) {
        event.preventDefault();
        void openDesignText(text).then((result) =>
          openImported(store, result, 'the pasted design', fitView),
        );
        return;
      }
      const file = event.clipboardData?.files?.[0];
      if (file) {
        event.preventDefault();
        void openFile(file);
        return;
      }
      if (store.getState().clipboard) {
        event.preventDefault();
        store.getState().paste();
      }
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [store, fitView, openFile]);

  const onDropFiles = useCallback(
    (files: File[]) => {
      if (files[0]) void openFile(files[0]);
    },
    [openFile],
  );

  return (
    <CommandContextProvider value={ctx}>
      <div className="ab-app">
        <Toolbar />
        <div className="ab-main">
          <div className="ab-stage">
            <main className="ab-center" ref={canvasBox} aria-label="Canvas">
              <Palette />
              <div className="ab-notices">
                <ImportAlert />
                <Banners />
              </div>
              <Canvas
                fitOnInit={fitOnStart}
                onDropFiles={onDropFiles}
                onNodeContextMenu={contextMenu.open}
              >
                <TokenOverlay />
              </Canvas>
            </main>
            <SimulationPanel />
          </div>
          <aside className="ab-sidebar" aria-label="Details">
            <Inspector />
            <FindingsPanel />
          </aside>
        </div>
        <HelpDialog />
        {contextMenu.element}
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json,.png,image/png,.svg,image/svg+xml"
          className="ab-hidden-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={onFileChosen}
        />
      </div>
    </CommandContextProvider>
  );
}

/** The whole editor around one store. */
export function App({ store, fitOnStart = true }: AppProps) {
  return (
    <StoreProvider store={store}>
      <ReactFlowProvider>
        <Workspace fitOnStart={fitOnStart} />
      </ReactFlowProvider>
    </StoreProvider>
  );
}
