/**
 * orphan — a node has no edge at all, counting edges to or from its cluster.
 *
 * Why: a component that is connected to nothing plays no part in the design: no request
 * reaches it and it sends none. It is usually a leftover, or a connection the student
 * forgot to draw (a standby load balancer "in the cluster" but wired to nothing).
 *
 * Known false positives: a component placed on the board for an explanation only.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import type { Finding, Rule } from './types';

export const orphan: Rule<AnalysisContext> = {
  id: 'orphan',
  check(design, context): Finding[] {
    const { graph, clusterIndex } = context;
    const { offsets, targets, arcEdge, index } = graph;
    const n = graph.size;
    // Every arc of the request graph touches both its ends (cluster edges: every member).
    const touched = new Uint8Array(n);
    const carried = new Uint8Array(design.edges.length);
    for (let v = 0; v < n; v++) {
      const end = offsets[v + 1]!;
      if (offsets[v]! === end) continue;
      touched[v] = 1;
      for (let a = offsets[v]!; a < end; a++) {
        touched[targets[a]!] = 1;
        carried[arcEdge[a]!] = 1;
      }
    }
    // The other edges (replication, out of order, into an empty cluster): by their ids.
    const touchedCluster = new Uint8Array(design.clusters.length);
    const touch = (id: string) => {
      const v = index.get(id);
      if (v !== undefined) touched[v] = 1;
      else {
        const c = clusterIndex.get(id);
        if (c !== undefined) touchedCluster[c] = 1;
      }
    };
    design.edges.forEach((edge, e) => {
      if (carried[e]) return;
      touch(edge.source);
      touch(edge.target);
    });
    const findings: Finding[] = [];
    for (let v = 0; v < n; v++) {
      if (touched[v]) continue;
      const node = design.nodes[v]!;
      const c = node.cluster === undefined ? undefined : clusterIndex.get(node.cluster);
      if (c !== undefined && touchedCluster[c]) continue;
      findings.push({
        rule: 'orphan',
        severity: 'warning',
        nodes: [node.id],
        message: `${nameOf(node)} is not connected to anything, so it plays no part in the design: no request reaches it and it sends none. Connect it, or delete it.`,
      });
    }
    return findings;
  },
};
