/**
 * The one adapter from a `Design` to React Flow nodes and edges. Pure: no React, no store.
 *
 * - Components become `component` nodes at their model position (absolute: clusters and
 *   servers are NOT React Flow parents, so the model keeps absolute positions).
 * - Clusters and servers become `cluster` / `server` box nodes computed from their members'
 *   bounds, drawn behind the members (negative z-index) and behind the edges.
 * - Edges keep their model ids; an endpoint that names a cluster attaches to the cluster box.
 *
 * `createFlowAdapter()` returns the same function with memory: a node or edge whose inputs did
 * not change keeps the very same object, so React Flow and the memoized node components skip it.
 */
import type { Edge, Node } from '@xyflow/react';
import { chooseSides, type Box, type Side } from './geometry';
import { CLUSTER_PADDING, KINDS, NODE_SIZE, SERVER_PADDING } from '../model/catalogue';
import type {
  Access,
  ClusterMode,
  ComponentKind,
  DatabaseRole,
  Design,
  DesignEdge,
  DesignNode,
  EdgeKind,
} from '../model/types';

/** A small mark on a component: findings, request counts… supplied by other panels. */
export interface NodeBadge {
  tone: 'error' | 'warning' | 'info' | 'ok';
  /** Short text shown in the badge ("2", "!", "35 rps"). */
  text: string;
  /** Longer text for the tooltip and for screen readers. */
  title: string;
}

/** Extra look of a node or box, given from outside the design (findings, simulation). */
export interface NodeDecoration {
  badge?: NodeBadge;
  /** A state class added to the node: `ab-status-${status}` (e.g. `active`, `serving`). */
  status?: string;
}

/** Extra look of an edge (the simulation highlights the edges a request took). */
export interface EdgeDecoration {
  status?: string;
}

export interface FlowView {
  selection: {
    nodes: readonly string[];
    edges: readonly string[];
    clusters: readonly string[];
    servers: readonly string[];
  };
  /** Failed node and server ids. */
  failed: readonly string[];
  decorations?: Readonly<Record<string, NodeDecoration>>;
  edgeDecorations?: Readonly<Record<string, EdgeDecoration>>;
}

export type ComponentNodeData = {
  label: string;
  kind: ComponentKind;
  role: DatabaseRole | undefined;
  failed: boolean;
  /** True when the component sits on a failed server. */
  serverFailed: boolean;
  decoration: NodeDecoration | undefined;
};

export type GroupNodeData = {
  label: string;
  /** A short description under the label: "active-active · 2 entry points", "3 components". */
  detail: string;
  mode: ClusterMode | undefined;
  memberCount: number;
  failed: boolean;
  decoration: NodeDecoration | undefined;
};

export type ComponentFlowNode = Node<ComponentNodeData, 'component'>;
export type ClusterFlowNode = Node<GroupNodeData, 'cluster'>;
export type ServerFlowNode = Node<GroupNodeData, 'server'>;
export type FlowNode = ComponentFlowNode | ClusterFlowNode | ServerFlowNode;

export type ArchEdgeData = {
  kind: EdgeKind;
  access: Access | undefined;
  /** The text on the edge: the edge's label, its access into a database, "replication". */
  caption: string | undefined;
  /** True when either end is failed: the edge is drawn faded. */
  dimmed: boolean;
  status: string | undefined;
  /** Where the caption sits along the edge (0 source … 1 target): nearer the database for access. */
  captionAt: number;
};
export type ArchFlowEdge = Edge<ArchEdgeData, 'arch'>;

export interface FlowGraph {
  nodes: FlowNode[];
  edges: ArchFlowEdge[];
}

/**
 * Handle ids on components and cluster boxes: one per side. Every handle can start or end a
 * connection (React Flow's loose mode); the adapter picks the sides an edge uses from where its
 * two ends are, so edges stay short whichever way the boxes are arranged.
 */
export const SIDES: readonly Side[] = ['top', 'right', 'bottom', 'left'];
/**
 * The handles of a left-to-right edge (the usual case in a tier layout). An edge's actual
 * handles are its `sourceHandle` / `targetHandle` (a {@link Side}), chosen by `chooseSides`.
 */
export const HANDLE_OUT: Side = 'right';
export const HANDLE_IN: Side = 'left';

/** Box paddings live with the catalogue: the tier layout leaves room for them. */
export { CLUSTER_PADDING, SERVER_PADDING } from '../model/catalogue';

/** z-index of boxes: servers behind clusters, both behind edges and components. */
export const Z_SERVER = -2;
export const Z_CLUSTER = -1;

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * Every flow node says its size as already measured (nodes and boxes are drawn at exactly
 * their `width` × `height`). Without it, React Flow treats each new node object as never
 * measured: it drops the node's handle positions, so the node's edges unmount, then measures
 * the node in the DOM and mounts them again — on every move of a drag.
 */
const MEASURED = Object.freeze({ width: NODE_SIZE.width, height: NODE_SIZE.height });

/** The text an edge shows: its own label, then what it does when that says something. */
export function edgeCaption(edge: DesignEdge): string | undefined {
  const what = edge.kind === 'replication' ? 'replication' : edge.access;
  const parts = [edge.label, what].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function clusterDetail(mode: ClusterMode, entryPoints: number, members: number): string {
  const points = `${entryPoints} entry point${entryPoints === 1 ? '' : 's'}`;
  return `${mode} · ${points} · ${members} member${members === 1 ? '' : 's'}`;
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(members: readonly DesignNode[]): Bounds | undefined {
  if (members.length === 0) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const m of members) {
    minX = Math.min(minX, m.position.x);
    minY = Math.min(minY, m.position.y);
    maxX = Math.max(maxX, m.position.x + NODE_SIZE.width);
    maxY = Math.max(maxY, m.position.y + NODE_SIZE.height);
  }
  return { minX, minY, maxX, maxY };
}

function boxNode<T extends 'cluster' | 'server'>(
  type: T,
  id: string,
  bounds: Bounds,
  padding: { side: number; top: number; bottom: number },
  data: GroupNodeData,
  selected: boolean,
): Node<GroupNodeData, T> {
  const width = bounds.maxX - bounds.minX + 2 * padding.side;
  const height = bounds.maxY - bounds.minY + padding.top + padding.bottom;
  return {
    id,
    type,
    position: { x: bounds.minX - padding.side, y: bounds.minY - padding.top },
    width,
    height,
    measured: { width, height },
    data,
    selected,
    zIndex: type === 'server' ? Z_SERVER : Z_CLUSTER,
    // Cluster boxes can hold edge ends; server boxes cannot (DESIGN.md §2).
    connectable: type === 'cluster',
    ariaLabel: `${type === 'cluster' ? 'Cluster' : 'Server'} ${data.label}`,
  } as Node<GroupNodeData, T>;
}

function componentNode(
  node: DesignNode,
  selected: boolean,
  failed: boolean,
  serverFailed: boolean,
  decoration: NodeDecoration | undefined,
): ComponentFlowNode {
  return {
    id: node.id,
    type: 'component',
    position: node.position,
    width: NODE_SIZE.width,
    height: NODE_SIZE.height,
    measured: MEASURED,
    selected,
    ariaLabel: `${node.label} (${KINDS[node.kind].name}${node.role === 'replica' ? ', replica' : ''})`,
    data: {
      label: node.label,
      kind: node.kind,
      role: node.role,
      failed,
      serverFailed,
      decoration,
    },
  };
}

function flowEdge(
  edge: DesignEdge,
  names: { source: string; target: string },
  sides: { source: Side; target: Side },
  selected: boolean,
  dimmed: boolean,
  status: string | undefined,
): ArchFlowEdge {
  return {
    id: edge.id,
    type: 'arch',
    source: edge.source,
    target: edge.target,
    sourceHandle: sides.source,
    targetHandle: sides.target,
    selected,
    markerEnd: selected ? 'ab-arrow-selected' : dimmed ? 'ab-arrow-dimmed' : 'ab-arrow',
    ariaLabel: `${edge.kind === 'replication' ? 'Replication' : 'Connection'} from ${names.source} to ${names.target}`,
    data: {
      kind: edge.kind,
      access: edge.access,
      caption: edgeCaption(edge),
      dimmed,
      status,
      captionAt: edge.access !== undefined ? 0.62 : 0.5,
    },
  };
}

/** Converts a design to React Flow nodes and edges (no memory: fresh objects every call). */
export function toFlow(design: Design, view: FlowView): FlowGraph {
  return createFlowAdapter()(design, view);
}

interface NodeMemo {
  source: DesignNode;
  selected: boolean;
  failed: boolean;
  serverFailed: boolean;
  decoration: NodeDecoration | undefined;
  flow: ComponentFlowNode;
}

interface EdgeMemo {
  source: DesignEdge;
  names: { source: string; target: string };
  sides: { source: Side; target: Side };
  selected: boolean;
  dimmed: boolean;
  status: string | undefined;
  flow: ArchFlowEdge;
}

/** `toFlow` with memory of its last result, keeping the identity of unchanged items. */
export function createFlowAdapter(): (design: Design, view: FlowView) => FlowGraph {
  let nodeMemo = new Map<string, NodeMemo>();
  let edgeMemo = new Map<string, EdgeMemo>();
  let boxMemo = new Map<string, FlowNode>();
  let lastNodes: FlowNode[] = [];
  let lastEdges: ArchFlowEdge[] = [];

  return (design, view) => {
    const selNodes = view.selection.nodes.length ? new Set(view.selection.nodes) : EMPTY_SET;
    const selEdges = view.selection.edges.length ? new Set(view.selection.edges) : EMPTY_SET;
    const selClusters = view.selection.clusters.length
      ? new Set(view.selection.clusters)
      : EMPTY_SET;
    const selServers = view.selection.servers.length ? new Set(view.selection.servers) : EMPTY_SET;
    const failed = view.failed.length ? new Set(view.failed) : EMPTY_SET;
    const decorations = view.decorations ?? {};

    // Members of each cluster and server, in design order.
    const clusterMembers = new Map<string, DesignNode[]>();
    const serverMembers = new Map<string, DesignNode[]>();
    for (const n of design.nodes) {
      if (n.cluster !== undefined) push(clusterMembers, n.cluster, n);
      if (n.server !== undefined) push(serverMembers, n.server, n);
    }

    const nodes: FlowNode[] = [];
    const nextBoxMemo = new Map<string, FlowNode>();
    const geometry = new Map<string, Box>();
    const addBox = (box: FlowNode) => {
      geometry.set(box.id, {
        x: box.position.x,
        y: box.position.y,
        width: box.width ?? 0,
        height: box.height ?? 0,
      });
      const old = boxMemo.get(box.id);
      const kept = old && sameBox(old, box) ? old : box;
      nextBoxMemo.set(box.id, kept);
      nodes.push(kept);
    };
    for (const server of design.servers) {
      const members = serverMembers.get(server.id) ?? [];
      const bounds = boundsOf(members);
      if (!bounds) continue;
      addBox(
        boxNode(
          'server',
          server.id,
          bounds,
          SERVER_PADDING,
          {
            label: server.label,
            detail: `server · ${members.length} component${members.length === 1 ? '' : 's'}`,
            mode: undefined,
            memberCount: members.length,
            failed: failed.has(server.id),
            decoration: decorations[server.id],
          },
          selServers.has(server.id),
        ),
      );
    }
    for (const cluster of design.clusters) {
      const members = clusterMembers.get(cluster.id) ?? [];
      const bounds = boundsOf(members);
      if (!bounds) continue;
      addBox(
        boxNode(
          'cluster',
          cluster.id,
          bounds,
          CLUSTER_PADDING,
          {
            label: cluster.label,
            detail: clusterDetail(cluster.mode, cluster.entryPoints, members.length),
            mode: cluster.mode,
            memberCount: members.length,
            failed: members.every((m) => failed.has(m.id)),
            decoration: decorations[cluster.id],
          },
          selClusters.has(cluster.id),
        ),
      );
    }

    const nextNodeMemo = new Map<string, NodeMemo>();
    for (const n of design.nodes) {
      geometry.set(n.id, { ...n.position, width: NODE_SIZE.width, height: NODE_SIZE.height });
      const selected = selNodes.has(n.id);
      const isFailed = failed.has(n.id);
      const serverFailed = n.server !== undefined && failed.has(n.server);
      const decoration = decorations[n.id];
      const old = nodeMemo.get(n.id);
      let memo: NodeMemo;
      if (
        old &&
        old.source === n &&
        old.selected === selected &&
        old.failed === isFailed &&
        old.serverFailed === serverFailed &&
        old.decoration === decoration
      ) {
        memo = old;
      } else {
        memo = {
          source: n,
          selected,
          failed: isFailed,
          serverFailed,
          decoration,
          flow: componentNode(n, selected, isFailed, serverFailed, decoration),
        };
      }
      nextNodeMemo.set(n.id, memo);
      nodes.push(memo.flow);
    }

    const isDown = (id: string): boolean => {
      if (failed.size === 0) return false;
      if (failed.has(id)) return true;
      const node = nextNodeMemo.get(id)?.source;
      if (node) return node.server !== undefined && failed.has(node.server);
      const members = clusterMembers.get(id);
      return members !== undefined && members.every((m) => isDown(m.id));
    };

    const names = new Map<string, string>();
    for (const n of design.nodes) names.set(n.id, n.label);
    for (const c of design.clusters) names.set(c.id, c.label);
    const edgeDecorations = view.edgeDecorations ?? {};
    const nextEdgeMemo = new Map<string, EdgeMemo>();
    const edges: ArchFlowEdge[] = [];
    for (const e of design.edges) {
      const selected = selEdges.has(e.id);
      const dimmed = isDown(e.source) || isDown(e.target);
      const status = edgeDecorations[e.id]?.status;
      const ends = {
        source: names.get(e.source) ?? e.source,
        target: names.get(e.target) ?? e.target,
      };
      const from = geometry.get(e.source);
      const to = geometry.get(e.target);
      const sides: { source: Side; target: Side } =
        from && to ? chooseSides(from, to) : { source: 'right', target: 'left' };
      const old = edgeMemo.get(e.id);
      let memo: EdgeMemo;
      if (
        old &&
        old.source === e &&
        old.sides.source === sides.source &&
        old.sides.target === sides.target &&
        old.names.source === ends.source &&
        old.names.target === ends.target &&
        old.selected === selected &&
        old.dimmed === dimmed &&
        old.status === status
      ) {
        memo = old;
      } else {
        memo = {
          source: e,
          names: ends,
          sides,
          selected,
          dimmed,
          status,
          flow: flowEdge(e, ends, sides, selected, dimmed, status),
        };
      }
      nextEdgeMemo.set(e.id, memo);
      edges.push(memo.flow);
    }

    nodeMemo = nextNodeMemo;
    edgeMemo = nextEdgeMemo;
    boxMemo = nextBoxMemo;
    // Same items, same array: React Flow then skips rebuilding its edge and connection lookups
    // (a drag changes nodes only; the edges array is handed over unchanged).
    if (!sameItems(lastNodes, nodes)) lastNodes = nodes;
    if (!sameItems(lastEdges, edges)) lastEdges = edges;
    return { nodes: lastNodes, edges: lastEdges };
  };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sameBox(a: FlowNode, b: FlowNode): boolean {
  const da = a.data as GroupNodeData;
  const db = b.data as GroupNodeData;
  return (
    a.type === b.type &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.width === b.width &&
    a.height === b.height &&
    a.selected === b.selected &&
    da.label === db.label &&
    da.detail === db.detail &&
    da.failed === db.failed &&
    da.decoration === db.decoration
  );
}
