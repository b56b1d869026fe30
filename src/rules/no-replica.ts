/**
 * no-replica — the design has a database but no replica.
 *
 * Why: with one copy of the data, a failed disk loses it and a failed machine stops every
 * read; a replica fed by the primary keeps a second copy and takes read load off the
 * primary (the course's primary-replica cluster; Amazon RDS read replicas).
 *
 * Known false positives: a database whose copies are managed outside the design (a managed
 * service with storage replication).
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { listOf } from './phrases';
import type { Finding, Rule } from './types';

export const noReplica: Rule<AnalysisContext> = {
  id: 'no-replica',
  check(design, context): Finding[] {
    const { primaries, replicas } = context;
    if (primaries.length === 0 || replicas.length > 0) return [];
    const first = design.nodes[primaries[0]!]!;
    const names = primaries.map((v) => nameOf(design.nodes[v]!));
    return [
      {
        rule: 'no-replica',
        severity: 'warning',
        nodes: primaries.map((v) => design.nodes[v]!.id),
        message: `${listOf(names)} ${names.length === 1 ? 'has' : 'have'} no replica: there is no second copy of the data and no spare capacity for reads. Add a replica fed by the primary (a replication edge) and let the app servers read from it.`,
        fix: { kind: 'add-replica', label: `Add a replica of ${nameOf(first)}`, primary: first.id },
      },
    ];
  },
};
