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
import type { Finding, Rule } from './types';

export const replicaUnfed: Rule<AnalysisContext> = {
  id: 'replica-unfed',
  check(design, context): Finding[] {
    const { replicas } = context;
    if (replicas.length === 0) return [];
    const fed = context.fedReplicas;
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
