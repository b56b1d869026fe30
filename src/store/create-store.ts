/**
 * The editor's store: one vanilla zustand store built from slices (design, selection, history,
 * simulation, ui). React reads it through `useDesignStore` (see `react.tsx`); tests build a
 * fresh one with `createDesignStore()`.
 *
 * History keeps whole `Design` snapshots: designs are immutable values, so a snapshot costs a
 * pointer and structural sharing keeps memory small. Every change of the design is exactly one
 * undo step; a change that changes nothing adds no step.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Design, Position, Problem, Result } from '../model/types';
import { emptyDesign } from '../model/factories';
import {
  EMPTY_SELECTION,
  connect as connectOp,
  copyItems,
  designsEqual,
  duplicateNodes,
  findFreeOffset,
  groupIntoCluster as groupOp,
  moveNodes as moveOp,
  pasteClipboard,
  putIntoServer as putIntoServerOp,
  removeFromServer as removeFromServerOp,
  removeItems,
  setTitle as setTitleOp,
  ungroupCluster,
  updateCluster as updateClusterOp,
  updateEdge as updateEdgeOp,
  updateNode as updateNodeOp,
  updateServer as updateServerOp,
  addNode as addNodeOp,
  type Clipboard,
  type ClusterPatch,
  type ConnectOptions,
  type EdgePatch,
  type NewNode,
  type NodePatch,
  type Selection,
  type ServerPatch,
} from './design-ops';
import {
  createSimulationActions,
  createSimulationExtra,
  type SimulationActions,
  type SimulationExtra,
} from './simulation';

/** How many undo steps are kept. */
export const HISTORY_LIMIT = 200;

export interface HistoryEntry {
  design: Design;
  /** What the change did, for people: "Add load balancer", "Move 3 components". */
  label: string;
}

export interface HistoryState {
  past: HistoryEntry[];
  future: HistoryEntry[];
  /**
   * The coalescing key of the last change, if any: a following change with the same key
   * replaces it instead of adding a step (typing a label is one step, not one per key).
   */
  lastKey: string | undefined;
}

/**
 * The simulation slice. The editor only needs `failed`: node and server ids the person has
 * failed (greyed and crossed out on the canvas). The simulation UI's fields and actions are in
 * `simulation.ts`.
 */
export interface SimulationState extends SimulationExtra {
  failed: string[];
}

export type BannerKind = 'error' | 'warning' | 'info';

export interface BannerAction {
  label: string;
  run: () => void;
}

export interface Banner {
  id: string;
  kind: BannerKind;
  message: string;
  actions?: BannerAction[];
}

/** A refused import (or paste): shown with `role="alert"`, the design unchanged. */
export interface ImportAlert {
  title: string;
  problems: Problem[];
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export type Theme = 'light' | 'dark';
export type DialogId = 'help';

export interface UiState {
  theme: Theme;
  banners: Banner[];
  alert: ImportAlert | undefined;
  viewport: Viewport;
  snapToGrid: boolean;
  dialog: DialogId | undefined;
}

export interface DesignStoreState extends SimulationActions {
  design: Design;
  selection: Selection;
  history: HistoryState;
  simulation: SimulationState;
  ui: UiState;
  /** The editor's own clipboard (components and the edges between them). */
  clipboard: Clipboard | undefined;
  /** How many times the clipboard has been pasted, so each paste lands a step further. */
  pasteCount: number;

  // --- design (each one undo step when it changes something)
  /** Adds a component and selects it; returns its id. */
  addNode(input: NewNode, options?: { select?: boolean }): string;
  updateNode(id: string, patch: NodePatch, coalesceKey?: string): void;
  /** Commits positions (snapped when snap to grid is on), e.g. at the end of a drag. */
  moveNodes(moves: ReadonlyArray<{ id: string; position: Position }>): void;
  removeSelection(): void;
  /** Connects two components or clusters; returns the edge id or why it was refused. */
  connect(source: string, target: string, options?: ConnectOptions): Result<string, string>;
  updateEdge(id: string, patch: EdgePatch, coalesceKey?: string): void;
  /** Puts the given (default: selected) components of one kind into a new cluster. */
  groupIntoCluster(nodeIds?: readonly string[]): Result<string, string>;
  ungroupCluster(clusterId: string): void;
  putIntoServer(nodeIds?: readonly string[]): Result<string, string>;
  removeFromServer(nodeIds?: readonly string[]): void;
  updateCluster(id: string, patch: ClusterPatch, coalesceKey?: string): void;
  updateServer(id: string, patch: ServerPatch, coalesceKey?: string): void;
  setTitle(title: string, coalesceKey?: string): void;
  /** Replaces the whole design (import, template) as ONE undoable step. */
  loadDesign(design: Design, label?: string): void;
  duplicateSelection(): void;
  copySelection(): void;
  /** Pastes the editor's clipboard, offset a step further each time (or at `at`). */
  paste(at?: Position): void;
  /**
   * Any change of the design as one undo step: `fn` returns the next design (or the same one
   * for no change). Returns true when the design changed.
   */
  applyDesignChange(
    label: string,
    fn: (design: Design) => Design,
    options?: { coalesceKey?: string; select?: Partial<Selection> },
  ): boolean;

  // --- history
  undo(): void;
  redo(): void;

  // --- selection
  setSelection(selection: Partial<Selection>): void;
  selectAll(): void;
  clearSelection(): void;

  // --- simulation
  toggleFailed(id: string): void;
  setFailed(ids: readonly string[]): void;

  // --- ui
  setTheme(theme: Theme): void;
  setBanner(banner: Banner): void;
  dismissBanner(id: string): void;
  setAlert(alert: ImportAlert | undefined): void;
  setViewport(viewport: Viewport): void;
  setSnapToGrid(on: boolean): void;
  setDialog(dialog: DialogId | undefined): void;
}

export type DesignStore = StoreApi<DesignStoreState>;

export interface CreateStoreOptions {
  theme?: Theme;
  viewport?: Viewport;
}

function pruneIds(ids: string[], valid: Set<string>): string[] {
  return ids.every((id) => valid.has(id)) ? ids : ids.filter((id) => valid.has(id));
}

/** The selection restricted to what exists in `design` (same object when nothing goes). */
export function pruneSelection(selection: Selection, design: Design): Selection {
  const nodes = pruneIds(selection.nodes, new Set(design.nodes.map((n) => n.id)));
  const edges = pruneIds(selection.edges, new Set(design.edges.map((e) => e.id)));
  const clusters = pruneIds(selection.clusters, new Set(design.clusters.map((c) => c.id)));
  const servers = pruneIds(selection.servers, new Set(design.servers.map((s) => s.id)));
  if (
    nodes === selection.nodes &&
    edges === selection.edges &&
    clusters === selection.clusters &&
    servers === selection.servers
  )
    return selection;
  return { nodes, edges, clusters, servers };
}

function pruneFailed(simulation: SimulationState, design: Design): SimulationState {
  const valid = new Set([...design.nodes.map((n) => n.id), ...design.servers.map((s) => s.id)]);
  const failed = pruneIds(simulation.failed, valid);
  return failed === simulation.failed ? simulation : { ...simulation, failed };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function isEmptySelection(s: Selection): boolean {
  return s.nodes.length + s.edges.length + s.clusters.length + s.servers.length === 0;
}

/** Builds a fresh store holding `initial` (an empty design when left out). */
export function createDesignStore(initial?: Design, options: CreateStoreOptions = {}): DesignStore {
  return createStore<DesignStoreState>()((set, get) => {
    /**
     * The one way the design changes: one history step, unless nothing changed. A change with
     * the coalescing key of the previous change replaces that step.
     */
    function commit(
      label: string,
      next: Design,
      extra: { coalesceKey?: string; selection?: Selection } = {},
    ): boolean {
      const state = get();
      const current = state.design;
      if (next === current || designsEqual(next, current)) {
        if (extra.selection) set({ selection: pruneSelection(extra.selection, current) });
        return false;
      }
      const { history } = state;
      const coalesce =
        extra.coalesceKey !== undefined &&
        history.lastKey === extra.coalesceKey &&
        history.past.length > 0;
      let past: HistoryEntry[];
      if (coalesce) {
        const top = history.past[history.past.length - 1]!;
        // Typing a label back to what it was leaves no step behind.
        past = designsEqual(top.design, next) ? history.past.slice(0, -1) : history.past;
      } else {
        past = [...history.past, { design: current, label }];
        if (past.length > HISTORY_LIMIT) past = past.slice(past.length - HISTORY_LIMIT);
      }
      set({
        design: next,
        history: { past, future: [], lastKey: extra.coalesceKey },
        selection: pruneSelection(extra.selection ?? state.selection, next),
        simulation: pruneFailed(state.simulation, next),
      });
      return true;
    }

    function selectedNodeIds(ids?: readonly string[]): readonly string[] {
      return ids ?? get().selection.nodes;
    }

    function restore(design: Design, history: HistoryState) {
      const state = get();
      set({
        design,
        history,
        selection: pruneSelection(state.selection, design),
        simulation: pruneFailed(state.simulation, design),
      });
    }

    return {
      design: initial ?? emptyDesign(),
      selection: EMPTY_SELECTION,
      history: { past: [], future: [], lastKey: undefined },
      simulation: { ...createSimulationExtra(), failed: [] },
      ui: {
        theme: options.theme ?? 'light',
        banners: [],
        alert: undefined,
        viewport: options.viewport ?? { x: 0, y: 0, zoom: 1 },
        snapToGrid: true,
        dialog: undefined,
      },
      clipboard: undefined,
      pasteCount: 0,

      addNode(input, { select = true } = {}) {
        const { design, id } = addNodeOp(get().design, input);
        const selection = select ? { ...EMPTY_SELECTION, nodes: [id] } : undefined;
        commit(`Add ${design.nodes.find((n) => n.id === id)?.label ?? 'component'}`, design, {
          ...(selection ? { selection } : {}),
        });
        return id;
      },

      updateNode(id, patch, coalesceKey) {
        commit(
          'Edit component',
          updateNodeOp(get().design, id, patch),
          coalesceOption(coalesceKey),
        );
      },

      moveNodes(moves) {
        const next = moveOp(get().design, moves, get().ui.snapToGrid);
        commit(
          moves.length === 1 ? 'Move component' : `Move ${plural(moves.length, 'component')}`,
          next,
        );
      },

      removeSelection() {
        const { selection, design } = get();
        if (isEmptySelection(selection)) return;
        commit('Delete', removeItems(design, selection), { selection: EMPTY_SELECTION });
      },

      connect(source, target, options) {
        const r = connectOp(get().design, source, target, options);
        if (!r.ok) return r;
        commit('Connect', r.value.design, {
          selection: { ...EMPTY_SELECTION, edges: [r.value.id] },
        });
        return { ok: true, value: r.value.id };
      },

      updateEdge(id, patch, coalesceKey) {
        commit(
          'Edit connection',
          updateEdgeOp(get().design, id, patch),
          coalesceOption(coalesceKey),
        );
      },

      groupIntoCluster(nodeIds) {
        const r = groupOp(get().design, selectedNodeIds(nodeIds));
        if (!r.ok) return r;
        commit('Group into cluster', r.value.design, {
          selection: { ...EMPTY_SELECTION, clusters: [r.value.id] },
        });
        return { ok: true, value: r.value.id };
      },

      ungroupCluster(clusterId) {
        const members = get()
          .design.nodes.filter((n) => n.cluster === clusterId)
          .map((n) => n.id);
        commit('Ungroup cluster', ungroupCluster(get().design, clusterId), {
          selection: { ...EMPTY_SELECTION, nodes: members },
        });
      },

      putIntoServer(nodeIds) {
        const r = putIntoServerOp(get().design, selectedNodeIds(nodeIds));
        if (!r.ok) return r;
        commit('Put on one server', r.value.design, {
          selection: { ...EMPTY_SELECTION, servers: [r.value.id] },
        });
        return { ok: true, value: r.value.id };
      },

      removeFromServer(nodeIds) {
        commit('Remove from server', removeFromServerOp(get().design, selectedNodeIds(nodeIds)));
      },

      updateCluster(id, patch, coalesceKey) {
        commit(
          'Edit cluster',
          updateClusterOp(get().design, id, patch),
          coalesceOption(coalesceKey),
        );
      },

      updateServer(id, patch, coalesceKey) {
        commit('Edit server', updateServerOp(get().design, id, patch), coalesceOption(coalesceKey));
      },

      setTitle(title, coalesceKey) {
        commit('Rename design', setTitleOp(get().design, title), coalesceOption(coalesceKey));
      },

      loadDesign(design, label = 'Open design') {
        commit(label, design, { selection: EMPTY_SELECTION });
        set({ pasteCount: 0 });
      },

      duplicateSelection() {
        const { design, selection } = get();
        if (selection.nodes.length === 0) return;
        const r = duplicateNodes(design, selection.nodes);
        commit('Duplicate', r.design, { selection: { ...EMPTY_SELECTION, nodes: r.ids } });
      },

      copySelection() {
        const { design, selection } = get();
        if (selection.nodes.length === 0) return;
        set({ clipboard: copyItems(design, selection.nodes), pasteCount: 0 });
      },

      paste(at) {
        const { clipboard, design, pasteCount } = get();
        if (!clipboard || clipboard.nodes.length === 0) return;
        let offset: Position;
        if (at) {
          const minX = Math.min(...clipboard.nodes.map((n) => n.position.x));
          const minY = Math.min(...clipboard.nodes.map((n) => n.position.y));
          offset = { x: at.x - minX, y: at.y - minY };
        } else {
          // Below the originals, at the first spot not taken (each paste finds the next one).
          offset = findFreeOffset(design, clipboard.nodes);
        }
        const r = pasteClipboard(design, clipboard, offset);
        if (commit('Paste', r.design, { selection: { ...EMPTY_SELECTION, nodes: r.ids } }))
          set({ pasteCount: pasteCount + 1 });
      },

      applyDesignChange(label, fn, options = {}) {
        const current = get().design;
        let next: Design;
        try {
          next = fn(current);
        } catch {
          return false;
        }
        const extra: { coalesceKey?: string; selection?: Selection } = {};
        if (options.coalesceKey !== undefined) extra.coalesceKey = options.coalesceKey;
        if (options.select) extra.selection = { ...EMPTY_SELECTION, ...options.select };
        return commit(label, next, extra);
      },

      undo() {
        const { history, design } = get();
        const top = history.past[history.past.length - 1];
        if (!top) return;
        restore(top.design, {
          past: history.past.slice(0, -1),
          future: [...history.future, { design, label: top.label }],
          lastKey: undefined,
        });
      },

      redo() {
        const { history, design } = get();
        const top = history.future[history.future.length - 1];
        if (!top) return;
        restore(top.design, {
          past: [...history.past, { design, label: top.label }],
          future: history.future.slice(0, -1),
          lastKey: undefined,
        });
      },

      setSelection(selection) {
        set({ selection: pruneSelection({ ...EMPTY_SELECTION, ...selection }, get().design) });
      },

      selectAll() {
        const { design } = get();
        set({
          selection: {
            nodes: design.nodes.map((n) => n.id),
            edges: design.edges.map((e) => e.id),
            clusters: [],
            servers: [],
          },
        });
      },

      clearSelection() {
        if (!isEmptySelection(get().selection)) set({ selection: EMPTY_SELECTION });
      },

      toggleFailed(id) {
        const { simulation, design } = get();
        const exists =
          design.nodes.some((n) => n.id === id) || design.servers.some((s) => s.id === id);
        const failed = simulation.failed.includes(id)
          ? simulation.failed.filter((f) => f !== id)
          : exists
            ? [...simulation.failed, id]
            : simulation.failed;
        if (failed !== simulation.failed) set({ simulation: { ...simulation, failed } });
      },

      setFailed(ids) {
        set({ simulation: pruneFailed({ ...get().simulation, failed: [...ids] }, get().design) });
      },

      ...createSimulationActions(set, get),

      setTheme(theme) {
        set({ ui: { ...get().ui, theme } });
      },

      setBanner(banner) {
        const { ui } = get();
        const banners = ui.banners.some((b) => b.id === banner.id)
          ? ui.banners.map((b) => (b.id === banner.id ? banner : b))
          : [...ui.banners, banner];
        set({ ui: { ...ui, banners } });
      },

      dismissBanner(id) {
        const { ui } = get();
        if (ui.banners.some((b) => b.id === id))
          set({ ui: { ...ui, banners: ui.banners.filter((b) => b.id !== id) } });
      },

      setAlert(alert) {
        set({ ui: { ...get().ui, alert } });
      },

      setViewport(viewport) {
        const { ui } = get();
        const v = ui.viewport;
        if (v.x === viewport.x && v.y === viewport.y && v.zoom === viewport.zoom) return;
        set({ ui: { ...ui, viewport: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } });
      },

      setSnapToGrid(on) {
        set({ ui: { ...get().ui, snapToGrid: on } });
      },

      setDialog(dialog) {
        set({ ui: { ...get().ui, dialog } });
      },
    };
  });
}

function coalesceOption(key: string | undefined): { coalesceKey?: string } {
  return key === undefined ? {} : { coalesceKey: key };
}
