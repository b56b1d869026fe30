/**
 * Selectors: small pure functions of the store state, shared by components and commands.
 * Those returning arrays or objects are meant for `useShallow` (or return stable references).
 */
import type { Design, DesignEdge, DesignNode } from '../model/types';
import type { DesignStoreState } from './create-store';
import type { Selection } from './design-ops';

export const selectDesign = (s: DesignStoreState): Design => s.design;
export const selectSelection = (s: DesignStoreState): Selection => s.selection;
export const selectCanUndo = (s: DesignStoreState): boolean => s.history.past.length > 0;
export const selectCanRedo = (s: DesignStoreState): boolean => s.history.future.length > 0;
export const selectUndoLabel = (s: DesignStoreState): string | undefined =>
  s.history.past[s.history.past.length - 1]?.label;
export const selectRedoLabel = (s: DesignStoreState): string | undefined =>
  s.history.future[s.history.future.length - 1]?.label;
export const selectFailed = (s: DesignStoreState): string[] => s.simulation.failed;
export const selectTheme = (s: DesignStoreState) => s.ui.theme;

export function selectHasSelection(s: DesignStoreState): boolean {
  const { nodes, edges, clusters, servers } = s.selection;
  return nodes.length + edges.length + clusters.length + servers.length > 0;
}

/** The selected components, in design order. */
export function selectSelectedNodes(s: DesignStoreState): DesignNode[] {
  if (s.selection.nodes.length === 0) return [];
  const ids = new Set(s.selection.nodes);
  return s.design.nodes.filter((n) => ids.has(n.id));
}

export function selectSelectedEdges(s: DesignStoreState): DesignEdge[] {
  if (s.selection.edges.length === 0) return [];
  const ids = new Set(s.selection.edges);
  return s.design.edges.filter((e) => ids.has(e.id));
}

/** True when two or more components of one kind are selected (they can form a cluster). */
export function selectCanGroup(s: DesignStoreState): boolean {
  const nodes = selectSelectedNodes(s);
  return nodes.length >= 2 && nodes.every((n) => n.kind === nodes[0]?.kind);
}

/** The label of a node, cluster or server id, or the id itself. */
export function labelOf(design: Design, id: string): string {
  return (
    design.nodes.find((n) => n.id === id)?.label ??
    design.clusters.find((c) => c.id === id)?.label ??
    design.servers.find((x) => x.id === id)?.label ??
    id
  );
}
