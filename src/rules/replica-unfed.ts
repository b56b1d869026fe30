/**
 * replica-unfed — a replica has no replication edge from a primary.
 *
 * Why: a replica is a copy kept up to date by replication from the primary. Without that
 * feed its data goes stale, and reads from it return old or missing rows.
 *
 * Known false positives: a replica fed from outside the design (a backup restore, another
 * site's primary not drawn here).
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { expandEndpoint } from '../graph/request-graph';
import type { Finding, Rule } from './types';

export const replicaUnfed: Rule<AnalysisContext> = {
  id: 'replica-unfed',
  check(design, context): Finding[] {
    const { replicas } = context;
    if (replicas.length === 0) return [];
    const fed = findFedReplicas(context);
    const findings: Finding[] = [];
    for (const v of replicas) {
      if (fed[v]) continue;
      const node = design.nodes[v]!;
      findings.push({
        rule: 'replica-unfed',
        severity: 'error',
        nodes: [node.id],
        message: `${nameOf(node)} is a replica, but no primary feeds it: without a replication edge from the primary its data goes stale, and reads from it return old data. Connect the primary to it with a replication edge.`,
      });
    }
    return findings;
  },
};

/** 1 for each replica that a replication edge from a primary feeds (clusters expanded). */
export function findFedReplicas(context: AnalysisContext): Uint8Array {
  const { design, graph } = context;
  const fed = new Uint8Array(graph.size);
  for (const edge of design.edges) {
    if (edge.kind !== 'replication') continue;
    const sources = expandEndpoint(edge.source, graph.index, graph.members);
    const fromPrimary = sources.some((s) => isPrimary(design.nodes[s]!));
    if (!fromPrimary) continue;
    for (const t of expandEndpoint(edge.target, graph.index, graph.members)) {
      const node = design.nodes[t]!;
      if (node.kind === 'database' && node.role === 'replica') fed[t] = 1;
    }
  }
  return fed;
}

function isPrimary(node: { kind: string; role?: string }): boolean {
  return node.kind === 'database' && node.role !== 'replica';
}
