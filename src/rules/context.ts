/**
 * The analysis every rule shares, computed once per check: the request graph, what users
 * reach, the flows and their dominator-based SPOFs, and lookups for names. Rules only
 * read it.
 */
import { KINDS } from '../model/catalogue';
import { COMPONENT_KINDS, type ComponentKind, type Design, type DesignNode } from '../model/types';
import { FLOW_BIT, type FlowName, flowsFromBits, flowsOf } from '../graph/flow-graph';
import { buildRequestGraph, findReached, type RequestGraph } from '../graph/request-graph';
import { buildServerTable, findSpofs, type ServerTable } from '../graph/spof';

export interface AnalysisContext {
  readonly design: Design;
  readonly graph: RequestGraph;
  /** 1 for each node some user reaches in the request graph, whatever the access. */
  readonly reached: Uint8Array;
  readonly servers: ServerTable;
  /** Cluster id → index into `design.clusters`. */
  readonly clusterIndex: ReadonlyMap<string, number>;
  /** The flows the design has, in the fixed order (static, read, write, dynamic). */
  readonly flows: readonly FlowName[];
  /** Bits of every flow the design has (see {@link FLOW_BIT}). */
  readonly allFlowBits: number;
  readonly hasUser: boolean;
  /** Per node: bits of the flows it is a SPOF of (0 for users and DNS). */
  readonly spofFlows: Uint8Array;
  /** Per server: bits of the flows it is a SPOF of (servers with two or more components only). */
  readonly serverSpofFlows: Uint8Array;
  /** Per node (users only): bits of the flows whose ends it does not reach. */
  readonly pathlessFlows: Uint8Array;
  /** Node indices of each kind, in node order. */
  readonly byKind: Readonly<Record<ComponentKind, readonly number[]>>;
  /** Node indices of primary databases and of replicas, in node order. */
  readonly primaries: readonly number[];
  readonly replicas: readonly number[];
  /** 1 for each replica that a replication edge from a primary feeds (clusters expanded). */
  readonly fedReplicas: Uint8Array;
}

/** Builds the shared analysis of a design. Linear-ish: one dominator tree per distinct user. */
export function createContext(design: Design): AnalysisContext {
  const graph = buildRequestGraph(design);
  const reached = findReached(graph);
  const servers = buildServerTable(design);
  const clusterIndex = new Map<string, number>();
  design.clusters.forEach((c, i) => clusterIndex.set(c.id, i));
  const n = graph.size;
  const primaries: number[] = [];
  const replicas: number[] = [];
  const byKind = {} as Record<ComponentKind, number[]>;
  for (const kind of COMPONENT_KINDS) byKind[kind] = [];
  for (let v = 0; v < n; v++) {
    const node = design.nodes[v]!;
    (byKind[node.kind] ??= []).push(v);
    if (node.kind !== 'database') continue;
    if (node.role === 'replica') replicas.push(v);
    else primaries.push(v);
  }

  const flows = flowsOf(design);
  const hasUser = graph.users.length > 0;
  const spofFlows = new Uint8Array(n);
  const serverSpofFlows = new Uint8Array(servers.count);
  const pathlessFlows = new Uint8Array(n);
  let allFlowBits = 0;
  for (const f of flows) allFlowBits |= FLOW_BIT[f];

  if (hasUser && flows.length > 0) {
    findSpofs(graph, flows, servers).forEach((result, i) => {
      const bit = FLOW_BIT[flows[i]!];
      for (const u of result.pathless) pathlessFlows[u]! |= bit;
      const { spof, serverSpof } = result;
      for (let v = 0; v < n; v++) if (spof[v]) spofFlows[v]! |= bit;
      for (let s = 0; s < servers.count; s++) if (serverSpof[s]) serverSpofFlows[s]! |= bit;
    });
  }

  const fedReplicas = new Uint8Array(n);
  if (replicas.length > 0) {
    const isPrimary = (v: number) =>
      design.nodes[v]!.kind === 'database' && design.nodes[v]!.role !== 'replica';
    for (const edge of design.edges) {
      if (edge.kind !== 'replication' || !anyMember(graph, edge.source, isPrimary)) continue;
      forEachMember(graph, edge.target, (t) => {
        const node = design.nodes[t]!;
        if (node.kind === 'database' && node.role === 'replica') fedReplicas[t] = 1;
      });
    }
  }

  return {
    design,
    graph,
    reached,
    servers,
    clusterIndex,
    flows,
    allFlowBits,
    hasUser,
    spofFlows,
    serverSpofFlows,
    pathlessFlows,
    byKind,
    primaries,
    replicas,
    fedReplicas,
  };
}

/** Calls `fn` with each node an edge endpoint stands for (the node, or a cluster's members). */
export function forEachMember(graph: RequestGraph, id: string, fn: (v: number) => void): void {
  const v = graph.index.get(id);
  if (v !== undefined) fn(v);
  else for (const m of graph.members.get(id) ?? []) fn(m);
}

/** Whether some node an edge endpoint stands for passes `test` (false for an empty cluster). */
export function anyMember(graph: RequestGraph, id: string, test: (v: number) => boolean): boolean {
  const v = graph.index.get(id);
  if (v !== undefined) return test(v);
  for (const m of graph.members.get(id) ?? []) if (test(m)) return true;
  return false;
}

/** Whether every node an edge endpoint stands for passes `test` (true for an empty cluster). */
export function everyMember(
  graph: RequestGraph,
  id: string,
  test: (v: number) => boolean,
): boolean {
  const v = graph.index.get(id);
  if (v !== undefined) return test(v);
  for (const m of graph.members.get(id) ?? []) if (!test(m)) return false;
  return true;
}

/** Whether a label has nothing visible to show (then messages name the kind instead). */
export function isBlank(label: string): boolean {
  return !/\S/.test(label);
}

/** How a message names a component: its label, or the name of its kind when the label is blank. */
export function nameOf(node: DesignNode): string {
  return isBlank(node.label) ? `the ${KINDS[node.kind].name.toLowerCase()}` : node.label;
}

/**
 * How a message names an edge endpoint, node or cluster, as the file writes it: the
 * component's or the cluster's label.
 */
export function nameOfEndpoint(context: AnalysisContext, id: string): string {
  const v = context.graph.index.get(id);
  if (v !== undefined) return nameOf(context.design.nodes[v]!);
  const c = context.clusterIndex.get(id);
  if (c !== undefined) {
    const label = context.design.clusters[c]!.label;
    return isBlank(label) ? 'the cluster' : label;
  }
  return 'a missing component';
}

export { flowsFromBits, FLOW_BIT, type FlowName };
