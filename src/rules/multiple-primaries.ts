/**
 * multiple-primaries — the design has two or more primary databases.
 *
 * Why: each primary takes writes, so the data is split between them: an order written to
 * one is missing from the other, unless a multi-primary cluster reconciles them (with
 * conflict handling the design does not show). A primary-replica cluster has exactly one
 * writable primary.
 *
 * Known false positives: separate databases of separate services (sharding, one database
 * per service) drawn on one board; a multi-primary cluster (Galera, Group Replication).
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { listOf } from './phrases';
import type { Finding, Rule } from './types';

export const multiplePrimaries: Rule<AnalysisContext> = {
  id: 'multiple-primaries',
  check(design, context): Finding[] {
    const { primaries } = context;
    if (primaries.length < 2) return [];
    return [
      {
        rule: 'multiple-primaries',
        severity: 'warning',
        nodes: primaries.map((v) => design.nodes[v]!.id),
        message: `${listOf(primaries.map((v) => nameOf(design.nodes[v]!)))} are all primaries: each takes writes, so the data ends up split between them unless a multi-primary cluster reconciles it. Keep one primary and make the others replicas fed by it.`,
      },
    ];
  },
};
