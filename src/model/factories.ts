/**
 * Factories: fresh ids, new components and connections (small designs for tests are in
 * `sketch.ts`: they go through the parse pipeline, which the app loads only when it needs it).
 * Every function is pure: it returns new objects and never changes the design it is given.
 */
import { getDefaultLabel } from './catalogue';
import { findFreePosition } from './layout';
import type {
  Access,
  Cluster,
  ClusterMode,
  ComponentKind,
  DatabaseRole,
  Design,
  DesignEdge,
  DesignNode,
  EdgeKind,
  Position,
  Server,
} from './types';
import { DEFAULT_TITLE } from './types';

/** The id prefix of new components of each kind: `web1`, `db2`… */
export const ID_PREFIX: Readonly<Record<ComponentKind, string>> = {
  user: 'user',
  dns: 'dns',
  'load-balancer': 'lb',
  'web-server': 'web',
  'app-server': 'app',
  database: 'db',
};

/** A design with nothing in it. */
export function emptyDesign(title: string = DEFAULT_TITLE): Design {
  return { title, nodes: [], edges: [], clusters: [], servers: [] };
}

/** Every id the design uses: components, clusters, servers and edges. */
export function collectIds(design: Design): Set<string> {
  const ids = new Set<string>();
  for (const n of design.nodes) ids.add(n.id);
  for (const c of design.clusters) ids.add(c.id);
  for (const s of design.servers) ids.add(s.id);
  for (const e of design.edges) ids.add(e.id);
  return ids;
}

/**
 * A fresh id `${prefix}${n}` (smallest n ≥ 1) that no component, cluster, server or edge of
 * the design uses. Pass `taken` to also avoid ids handed out but not yet added.
 */
export function createId(
  design: Design,
  prefix: string,
  taken: ReadonlySet<string> = new Set(),
): string {
  const used = collectIds(design);
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

/** `base` if no component has that label yet, else `base 2`, `base 3`… */
export function createLabel(design: Design, base: string): string {
  const labels = new Set(design.nodes.map((n) => n.label));
  if (!labels.has(base)) return base;
  for (let n = 2; ; n++) {
    const label = `${base} ${n}`;
    if (!labels.has(label)) return label;
  }
}

export interface NodeOptions {
  /** Databases only; default `primary`. */
  role?: DatabaseRole;
  /** Where to put it; moved to the nearest free spot. Default: right of everything. */
  position?: Position;
  label?: string;
  cluster?: string;
  server?: string;
  id?: string;
}

/** A new component of `kind` with a fresh id, a default label and a free position (not added). */
export function createNode(
  design: Design,
  kind: ComponentKind,
  options: NodeOptions = {},
): DesignNode {
  const role = kind === 'database' ? (options.role ?? 'primary') : undefined;
  const node: DesignNode = {
    id: options.id ?? createId(design, ID_PREFIX[kind]),
    kind,
    label: options.label ?? createLabel(design, getDefaultLabel(kind, role)),
    position: findFreePosition(design, options.position ?? defaultSpot(design)),
  };
  if (role) node.role = role;
  if (options.cluster !== undefined) node.cluster = options.cluster;
  if (options.server !== undefined) node.server = options.server;
  return node;
}

function defaultSpot(design: Design): Position {
  if (design.nodes.length === 0) return { x: 0, y: 0 };
  let maxX = -Infinity;
  let minY = Infinity;
  for (const n of design.nodes) {
    maxX = Math.max(maxX, n.position.x);
    minY = Math.min(minY, n.position.y);
  }
  return { x: maxX, y: minY };
}

/** The design with a new component added, and that component. */
export function addNode(
  design: Design,
  kind: ComponentKind,
  options: NodeOptions = {},
): { design: Design; node: DesignNode } {
  const node = createNode(design, kind, options);
  return { design: { ...design, nodes: [...design.nodes, node] }, node };
}

export interface EdgeOptions {
  kind?: EdgeKind;
  access?: Access;
  label?: string;
  id?: string;
}

/**
 * A new connection with a fresh id (`e1`, `e2`…), not added. Request edges into a database
 * get the file's default access (read-write into a primary, read into a replica) unless
 * one is given; other edges get none.
 */
export function createEdge(
  design: Design,
  source: string,
  target: string,
  options: EdgeOptions = {},
): DesignEdge {
  const kind = options.kind ?? 'request';
  const edge: DesignEdge = { id: options.id ?? createId(design, 'e'), source, target, kind };
  if (kind === 'request') {
    const members = design.nodes.filter((n) => n.id === target || n.cluster === target);
    const intoDatabase = members.length > 0 && members.every((m) => m.kind === 'database');
    if (intoDatabase)
      edge.access =
        options.access ?? (members.every((m) => m.role === 'replica') ? 'read' : 'read-write');
  }
  if (options.label !== undefined) edge.label = options.label;
  return edge;
}

/** The design with a new connection added, and that connection. */
export function addEdge(
  design: Design,
  source: string,
  target: string,
  options: EdgeOptions = {},
): { design: Design; edge: DesignEdge } {
  const edge = createEdge(design, source, target, options);
  return { design: { ...design, edges: [...design.edges, edge] }, edge };
}

/** A new, empty cluster (not added). */
export function createCluster(
  design: Design,
  options: { label?: string; mode?: ClusterMode; entryPoints?: number; id?: string } = {},
): Cluster {
  return {
    id: options.id ?? createId(design, 'cluster'),
    label: options.label ?? 'Cluster',
    mode: options.mode ?? 'active-passive',
    entryPoints: options.entryPoints ?? 1,
  };
}

/** A new, empty server (not added). */
export function createServer(
  design: Design,
  options: { label?: string; id?: string } = {},
): Server {
  const id = options.id ?? createId(design, 'server');
  return { id, label: options.label ?? `Server ${design.servers.length + 1}` };
}
