/**
 * Whether an edit can change what `checkDesign` reports, so the store can skip re-running
 * the rules when it cannot (a drag changes positions on every frame).
 *
 * Decision: the key is everything the report reads. That is the topology (nodes' ids,
 * kinds, roles, clusters and servers; edges' ids, ends, kinds and access; clusters' modes
 * and entry points; the servers) AND the labels of components, clusters and servers,
 * because messages and fix labels name components by label. What it ignores: positions,
 * notes, the title, edge labels, load-balancer algorithms and latencies — no rule reads
 * them.
 */
import type { Cluster, Design, DesignEdge, DesignNode, Server } from '../model/types';

/** True unless `prev` and `next` differ only in what no rule reads (positions, notes, title…). */
export function isTopologyChange(prev: Design, next: Design): boolean {
  if (prev === next) return false;
  return (
    !sameList(prev.nodes, next.nodes, sameNode) ||
    !sameList(prev.edges, next.edges, sameEdge) ||
    !sameList(prev.clusters, next.clusters, sameCluster) ||
    !sameList(prev.servers, next.servers, sameServer)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !same(x, y)) return false;
  }
  return true;
}

function sameNode(a: DesignNode, b: DesignNode): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.label === b.label &&
    a.role === b.role &&
    a.cluster === b.cluster &&
    a.server === b.server
  );
}

function sameEdge(a: DesignEdge, b: DesignEdge): boolean {
  return (
    a.id === b.id &&
    a.source === b.source &&
    a.target === b.target &&
    a.kind === b.kind &&
    a.access === b.access
  );
}

function sameCluster(a: Cluster, b: Cluster): boolean {
  return (
    a.id === b.id && a.label === b.label && a.mode === b.mode && a.entryPoints === b.entryPoints
  );
}

function sameServer(a: Server, b: Server): boolean {
  return a.id === b.id && a.label === b.label;
}
