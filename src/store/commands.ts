/**
 * The editor's commands: every user intent as one object with an id, a label, key bindings,
 * `isEnabled` and `perform`, shared by the toolbar, the keyboard, menus and later the findings
 * panel. Anything outside the store (the viewport, files, exports) comes in through a
 * `CommandContext`, so commands stay testable without a DOM.
 */
import { findFreePosition } from '../model/layout';
import {
  COMPONENT_KINDS,
  type ComponentKind,
  type DatabaseRole,
  type Position,
} from '../model/types';
import { KINDS, NODE_SIZE, REPLICA_INFO } from '../model/catalogue';
import type { DesignStore, DesignStoreState } from './create-store';
import { selectCanGroup, selectCanRedo, selectCanUndo, selectHasSelection } from './selectors';

/** What commands need from outside the store. Every member may be a no-op in tests. */
export interface CommandContext {
  /** The flow position at the centre of the visible canvas (new components go near it). */
  viewCenter(): Position;
  fitView(): void;
  /** Opens the file chooser of `Import`. */
  openImport(): void;
  exportJson(): void;
  exportPng(): void;
  exportSvg(): void;
}

export interface Command {
  id: string;
  label: string;
  /** Key bindings such as `Mod+Z` (Mod = Ctrl, or Cmd on a Mac), `Delete`, `1`. */
  keys?: string[];
  /** Where the help dialog lists it. */
  group: 'Edit' | 'Add' | 'View' | 'File' | 'Simulate';
  isEnabled(state: DesignStoreState): boolean;
  perform(store: DesignStore, ctx: CommandContext): void;
}

/** A palette entry: a kind, and for the replica shortcut a role. */
export interface PaletteItem {
  kind: ComponentKind;
  role?: DatabaseRole;
  name: string;
  /** A short caption for the palette rail: "LB", "Web". */
  short: string;
  /** The digit key that adds it. */
  key: string;
}

const SHORT_NAMES: Readonly<Record<ComponentKind, string>> = {
  user: 'User',
  dns: 'DNS',
  'load-balancer': 'LB',
  'web-server': 'Web',
  'app-server': 'App',
  database: 'DB',
};

/** The palette: the six kinds and the "Database replica" shortcut, keys 1–7. */
export const PALETTE: readonly PaletteItem[] = [
  ...COMPONENT_KINDS.map((kind, i) => ({
    kind,
    ...(kind === 'database' ? { role: 'primary' as const } : {}),
    name: kind === 'database' ? 'Database' : KINDS[kind].name,
    short: SHORT_NAMES[kind],
    key: String(i + 1),
  })),
  {
    kind: 'database',
    role: 'replica',
    name: REPLICA_INFO.name,
    short: 'Replica',
    key: String(COMPONENT_KINDS.length + 1),
  },
];

/** Adds a component of a palette item at a free spot near `near` and selects it. */
export function addFromPalette(store: DesignStore, item: PaletteItem, near: Position): string {
  const state = store.getState();
  // `near` is where the centre of the component should be; positions are top-left corners.
  const position = findFreePosition(state.design, near);
  return state.addNode({ kind: item.kind, ...(item.role ? { role: item.role } : {}), position });
}

const always = () => true;

export const COMMANDS: readonly Command[] = [
  {
    id: 'undo',
    label: 'Undo',
    keys: ['Mod+Z'],
    group: 'Edit',
    isEnabled: selectCanUndo,
    perform: (store) => store.getState().undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    group: 'Edit',
    isEnabled: selectCanRedo,
    perform: (store) => store.getState().redo(),
  },
  {
    id: 'delete',
    label: 'Delete',
    keys: ['Delete', 'Backspace'],
    group: 'Edit',
    isEnabled: selectHasSelection,
    perform: (store) => store.getState().removeSelection(),
  },
  {
    id: 'select-all',
    label: 'Select all',
    keys: ['Mod+A'],
    group: 'Edit',
    isEnabled: (s) => s.design.nodes.length > 0,
    perform: (store) => store.getState().selectAll(),
  },
  {
    id: 'clear-selection',
    label: 'Clear selection',
    keys: ['Escape'],
    group: 'Edit',
    isEnabled: selectHasSelection,
    perform: (store) => store.getState().clearSelection(),
  },
  {
    id: 'duplicate',
    label: 'Duplicate',
    keys: ['Mod+D'],
    group: 'Edit',
    isEnabled: (s) => s.selection.nodes.length > 0,
    perform: (store) => store.getState().duplicateSelection(),
  },
  {
    id: 'copy',
    label: 'Copy',
    keys: ['Mod+C'],
    group: 'Edit',
    isEnabled: (s) => s.selection.nodes.length > 0,
    perform: (store) => store.getState().copySelection(),
  },
  {
    id: 'paste',
    label: 'Paste',
    keys: ['Mod+V'],
    group: 'Edit',
    isEnabled: (s) => (s.clipboard?.nodes.length ?? 0) > 0,
    perform: (store) => store.getState().paste(),
  },
  {
    id: 'group',
    label: 'Group into cluster',
    keys: ['Mod+G'],
    group: 'Edit',
    isEnabled: selectCanGroup,
    perform: (store) => void store.getState().groupIntoCluster(),
  },
  {
    id: 'ungroup',
    label: 'Ungroup cluster',
    keys: ['Mod+Shift+G'],
    group: 'Edit',
    isEnabled: (s) => s.selection.clusters.length > 0,
    perform: (store) => {
      const state = store.getState();
      for (const id of state.selection.clusters) store.getState().ungroupCluster(id);
    },
  },
  {
    id: 'put-on-server',
    label: 'Put on one server',
    group: 'Edit',
    isEnabled: (s) => s.selection.nodes.length > 0,
    perform: (store) => void store.getState().putIntoServer(),
  },
  {
    id: 'fit-view',
    label: 'Fit view',
    keys: ['F'],
    group: 'View',
    isEnabled: always,
    perform: (_store, ctx) => ctx.fitView(),
  },
  {
    id: 'toggle-theme',
    label: 'Toggle dark theme',
    group: 'View',
    isEnabled: always,
    perform: (store) => {
      const state = store.getState();
      state.setTheme(state.ui.theme === 'dark' ? 'light' : 'dark');
    },
  },
  {
    id: 'toggle-snap',
    label: 'Snap to grid',
    group: 'View',
    isEnabled: always,
    perform: (store) => {
      const state = store.getState();
      state.setSnapToGrid(!state.ui.snapToGrid);
    },
  },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    keys: ['?'],
    group: 'View',
    isEnabled: always,
    perform: (store) => store.getState().setDialog('help'),
  },
  {
    id: 'import',
    label: 'Import',
    keys: ['Mod+O'],
    group: 'File',
    isEnabled: always,
    perform: (_store, ctx) => ctx.openImport(),
  },
  {
    id: 'export-json',
    label: 'Export JSON',
    keys: ['Mod+S'],
    group: 'File',
    isEnabled: always,
    perform: (_store, ctx) => ctx.exportJson(),
  },
  {
    id: 'export-png',
    label: 'Export PNG',
    group: 'File',
    isEnabled: always,
    perform: (_store, ctx) => ctx.exportPng(),
  },
  {
    id: 'export-svg',
    label: 'Export SVG',
    group: 'File',
    isEnabled: always,
    perform: (_store, ctx) => ctx.exportSvg(),
  },
  {
    id: 'toggle-failed',
    label: 'Fail or recover the selection',
    keys: ['X'],
    group: 'Simulate',
    isEnabled: (s) => s.selection.nodes.length + s.selection.servers.length > 0,
    perform: (store) => {
      // Fails every selected component and server, or recovers them all when all are failed.
      const { selection, simulation, setFailed } = store.getState();
      const ids = [...selection.nodes, ...selection.servers];
      const allFailed = ids.every((id) => simulation.failed.includes(id));
      setFailed(
        allFailed
          ? simulation.failed.filter((id) => !ids.includes(id))
          : [...simulation.failed, ...ids.filter((id) => !simulation.failed.includes(id))],
      );
    },
  },
  {
    id: 'send-request',
    label: 'Send request',
    keys: ['R'],
    group: 'Simulate',
    isEnabled: always,
    perform: (store) => void store.getState().sendRequest(),
  },
  ...PALETTE.map((item): Command => ({
    id: `add-${item.kind}${item.role === 'replica' ? '-replica' : ''}`,
    label: `Add ${item.name === item.name.toUpperCase() ? item.name : item.name.toLowerCase()}`,
    keys: [item.key],
    group: 'Add',
    isEnabled: always,
    perform: (store, ctx) => {
      const c = ctx.viewCenter();
      addFromPalette(store, item, { x: c.x - NODE_SIZE.width / 2, y: c.y - NODE_SIZE.height / 2 });
    },
  })),
];

const byId = new Map(COMMANDS.map((c) => [c.id, c]));

/** The command with this id (throws on a typo: ids are fixed in code). */
export function getCommand(id: string): Command {
  const command = byId.get(id);
  if (!command) throw new Error(`Unknown command ${id}`);
  return command;
}

/** Runs a command when it is enabled; returns whether it ran. */
export function runCommand(id: string, store: DesignStore, ctx: CommandContext): boolean {
  const command = getCommand(id);
  if (!command.isEnabled(store.getState())) return false;
  command.perform(store, ctx);
  return true;
}

/** The parts of a keyboard event that bindings look at. */
export interface KeyStroke {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** True when `stroke` matches a binding such as `Mod+Shift+Z`, `Delete` or `1`. */
export function matchesKey(binding: string, stroke: KeyStroke): boolean {
  const parts = binding.split('+');
  const key = parts[parts.length - 1]!;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  const alt = parts.includes('Alt');
  if (mod !== (stroke.ctrlKey || stroke.metaKey)) return false;
  if (alt !== stroke.altKey) return false;
  const isLetter = /^[A-Za-z]$/.test(key);
  const isDigit = /^[0-9]$/.test(key);
  // Punctuation such as `?` needs Shift on most layouts: do not insist either way.
  if ((isLetter || isDigit || key.length > 1) && shift !== stroke.shiftKey) return false;
  if (isLetter)
    return (
      stroke.key.toLowerCase() === key.toLowerCase() || stroke.code === `Key${key.toUpperCase()}`
    );
  if (isDigit) return stroke.key === key || stroke.code === `Digit${key}`;
  return stroke.key === key;
}

/** The command bound to a key stroke, if any. */
export function findCommandForKey(stroke: KeyStroke): Command | undefined {
  return COMMANDS.find((c) => c.keys?.some((k) => matchesKey(k, stroke)));
}

/** A binding for people: `Ctrl+Shift+Z`, or `⌘⇧Z` on a Mac. */
export function formatKey(binding: string, mac = false): string {
  if (!mac) return binding.replace('Mod', 'Ctrl');
  return binding.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}
