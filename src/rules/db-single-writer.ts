/**
 * db-single-writer — a primary database is a SPOF of the write flow and of no other flow:
 * reads survive its failure (replicas serve them), writes do not.
 *
 * Why: replication protects the data, not write availability. With one writable primary,
 * sign-ups and orders stop until a replica is promoted (the course's "only one server
 * accepts writes" issue; AWS Well-Architected REL11-BP02 "fail over to healthy resources").
 * A warning, not an error: almost every primary-replica design has it, and the student is
 * expected to explain it.
 *
 * Known false positives: a primary with automatic failover (a managed service, an
 * orchestrator that promotes a replica) — the file format cannot say so yet.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { isSingleWriterCase } from './single-point-of-failure';
import type { Finding, Rule } from './types';

export const dbSingleWriter: Rule<AnalysisContext> = {
  id: 'db-single-writer',
  check(design, context): Finding[] {
    const findings: Finding[] = [];
    for (const v of context.primaries) {
      const node = design.nodes[v]!;
      if (!isSingleWriterCase(node, context.spofFlows[v]!)) continue;
      findings.push({
        rule: 'db-single-writer',
        severity: 'warning',
        nodes: [node.id],
        message: `${nameOf(node)} is the only database that takes writes: when it fails, sign-ups, orders and every other write stop until someone promotes a replica. Replication keeps a copy of the data, not the ability to write. Plan the failover (promote a replica automatically) or use a multi-primary cluster.`,
      });
    }
    return findings;
  },
};
