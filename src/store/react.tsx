/**
 * The React binding of the design store: a context holding one store, so the app and each
 * test can have their own. Components read narrow slices with `useDesignStore(selector)`;
 * selectors that build arrays or objects go through `useShallow`.
 *
 * A second context carries the `CommandContext` (viewport, files, exports) that the app
 * assembles, so toolbar buttons, menus and keys all run the same commands.
 */
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DesignStore, DesignStoreState } from './create-store';
import { runCommand, type CommandContext } from './commands';
import { getReportSelector } from './report';
import type { Report } from '../rules';

const StoreContext = createContext<DesignStore | null>(null);

const noop = () => {};
/** A context that does nothing outside the store: the default until the app provides one. */
export const INERT_COMMAND_CONTEXT: CommandContext = {
  viewCenter: () => ({ x: 0, y: 0 }),
  fitView: noop,
  openImport: noop,
  exportJson: noop,
  exportPng: noop,
  exportSvg: noop,
};

const CommandContextContext = createContext<CommandContext>(INERT_COMMAND_CONTEXT);

export function StoreProvider({ store, children }: { store: DesignStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function CommandContextProvider({
  value,
  children,
}: {
  value: CommandContext;
  children: ReactNode;
}) {
  return <CommandContextContext.Provider value={value}>{children}</CommandContextContext.Provider>;
}

/** The store itself, for event handlers that read fresh state with `getState()`. */
export function useStoreApi(): DesignStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi: no StoreProvider above this component');
  return store;
}

/** A slice of the store; the component re-renders only when the selected value changes. */
export function useDesignStore<T>(selector: (state: DesignStoreState) => T): T {
  return useStore(useStoreApi(), selector);
}

export function useCommandContext(): CommandContext {
  return useContext(CommandContextContext);
}

/** A function that runs a command by id (when enabled) with the app's command context. */
export function useRunCommand(): (id: string) => boolean {
  const store = useStoreApi();
  const ctx = useCommandContext();
  return useCallback((id: string) => runCommand(id, store, ctx), [store, ctx]);
}

/**
 * The findings and checklist of the current design (`checkDesign`), recomputed only when the
 * topology or labels change. The same `Report` object comes back otherwise.
 */
export function useReport(): Report {
  const store = useStoreApi();
  const select = getReportSelector(store);
  return useStore(store, (s) => select(s.design));
}
