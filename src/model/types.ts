/**
 * The design model: what a design file (format 1, DESIGN.md §2) holds once parsed.
 *
 * Invariants of a `Design` (guaranteed by `parseDesign` and kept by every store action):
 * - ids are unique across nodes, clusters and servers; edge ids are unique among edges;
 * - every edge endpoint names a node or a cluster; no edge names a server;
 * - every node's `cluster` / `server` names a declared cluster / server;
 * - a cluster's members are all of one kind;
 * - `role` is set on databases only (`primary` or `replica`) and absent elsewhere;
 * - `access` is set on request edges into a database only, `kind` always set;
 * - every node has a finite `position` within ±{@link LIMITS.maxCoordinate}.
 *
 * Optional fields of the file are made explicit here (defaults applied), so code that
 * reads a `Design` never needs to know the file's defaults.
 */

/** The kinds of component a design may hold. More may come (firewall, monitoring, cache). */
export const COMPONENT_KINDS = [
  'user',
  'dns',
  'load-balancer',
  'web-server',
  'app-server',
  'database',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const DATABASE_ROLES = ['primary', 'replica'] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

export const EDGE_KINDS = ['request', 'replication'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const ACCESS_MODES = ['read', 'write', 'read-write'] as const;
export type Access = (typeof ACCESS_MODES)[number];

export const CLUSTER_MODES = ['active-active', 'active-passive'] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];

/** Load-balancing algorithms (simulator; DESIGN.md §4). */
export const LB_ALGORITHMS = ['round-robin', 'least-connections'] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

export interface Position {
  x: number;
  y: number;
}

/** A component on the board: a user, a DNS, a load balancer, a server process, a database. */
export interface DesignNode {
  id: string;
  kind: ComponentKind;
  /** Always set: the file's label, or the kind's default label. */
  label: string;
  /** Databases only: `primary` (default) or `replica`. Undefined for other kinds. */
  role?: DatabaseRole;
  /** The cluster this component belongs to. */
  cluster?: string;
  /** The machine this component runs on; without one it is its own machine. */
  server?: string;
  position: Position;
  notes?: string;
  /** Load balancers only: how the simulator picks the next hop. Default round robin. */
  algorithm?: LbAlgorithm;
  /** Simulated latency of one hop through this component, in ms (default from the kind). */
  latencyMs?: number;
}

export interface DesignEdge {
  /** Always set: the file's id, or one generated on load (`e1`, `e2`, …). */
  id: string;
  /** A node id or a cluster id (a cluster stands for every member). */
  source: string;
  target: string;
  kind: EdgeKind;
  /**
   * Request edges into a database only: `read`, `write` or `read-write`.
   * Undefined on replication edges and on request edges into anything but a database.
   * The file's default (read-write into a primary, read into a replica) is applied on load.
   */
  access?: Access;
  label?: string;
}

export interface Cluster {
  id: string;
  label: string;
  mode: ClusterMode;
  /** How many virtual IPs or DNS records point at the cluster (≥ 1). */
  entryPoints: number;
}

export interface Server {
  id: string;
  label: string;
}

export interface Design {
  title: string;
  nodes: DesignNode[];
  edges: DesignEdge[];
  clusters: Cluster[];
  servers: Server[];
}

/** One thing wrong with an input, and where (a JSON path such as `nodes[3].kind`). */
export interface Problem {
  /** JSON path of the offending value; `''` for the whole input. */
  path: string;
  message: string;
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Limits shared by the schema, the editor and every loader (issue #2, "Files"). */
export const LIMITS = {
  maxFileBytes: 5 * 1024 * 1024,
  maxNodes: 5000,
  maxEdges: 20000,
  maxClusters: 5000,
  maxServers: 5000,
  maxLabelLength: 1000,
  maxNotesLength: 20000,
  maxTitleLength: 1000,
  maxIdLength: 256,
  maxCoordinate: 1_000_000,
  maxEntryPoints: 1000,
  maxLatencyMs: 60_000,
  maxDepth: 32,
} as const;

/** The current file format version. */
export const FORMAT_VERSION = 1;
export const FORMAT_NAME = 'archboard';

/** The title of a design that has none. */
export const DEFAULT_TITLE = 'Untitled design';
