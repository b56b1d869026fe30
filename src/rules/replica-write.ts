/**
 * replica-write — a request edge with `write` or `read-write` access goes into a replica
 * (or a cluster holding one). Named as the file writes the edge, once per edge.
 *
 * Why: replicas are read-only copies kept in step by replication from the primary. Writes
 * sent to one are rejected, or make it diverge from the primary (the course's "the diagram
 * never claims the replica accepts writes").
 *
 * Known false positives: none known; a replica promoted to primary should be marked
 * primary.
 */
import type { AnalysisContext } from './context';
import { anyMember, nameOfEndpoint } from './context';
import type { Finding, Rule } from './types';

export const replicaWrite: Rule<AnalysisContext> = {
  id: 'replica-write',
  check(design, context): Finding[] {
    if (context.replicas.length === 0) return [];
    const { graph } = context;
    const findings: Finding[] = [];
    for (const edge of design.edges) {
      if (edge.kind !== 'request') continue;
      if (edge.access !== 'write' && edge.access !== 'read-write') continue;
      const intoReplica = anyMember(graph, edge.target, (t) => {
        const node = design.nodes[t]!;
        return node.kind === 'database' && node.role === 'replica';
      });
      if (!intoReplica) continue;
      const source = nameOfEndpoint(context, edge.source);
      const target = nameOfEndpoint(context, edge.target);
      const what = graph.index.has(edge.target) ? 'a replica' : 'a cluster holding a replica';
      findings.push({
        rule: 'replica-write',
        severity: 'error',
        nodes: [edge.source, edge.target],
        message: `${source} sends writes to ${target}, ${what}: replicas are read-only copies kept in step by the primary, so writes to one are rejected or make the copies diverge. Send writes to the primary and make this connection read-only.`,
      });
    }
    return findings;
  },
};
