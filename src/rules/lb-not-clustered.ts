/**
 * lb-not-clustered — two or more load balancers are reached but do not all belong to one
 * cluster.
 *
 * Why: two independent load balancers are not a pair. If the one users reach fails,
 * nothing moves its traffic to the other: there is no shared virtual IP, no heartbeat, no
 * second DNS record managed with it. The course's scale-up task asks for the second
 * HAProxy "configured as a cluster with the other one".
 *
 * Known false positives: load balancers of two unrelated sites drawn on one board.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { listOf } from './phrases';
import type { Finding, Rule } from './types';

export const lbNotClustered: Rule<AnalysisContext> = {
  id: 'lb-not-clustered',
  check(design, context): Finding[] {
    const reachedLbs: number[] = [];
    const nodes = design.nodes;
    for (let v = 0; v < nodes.length; v++) {
      if (context.reached[v] && nodes[v]!.kind === 'load-balancer') reachedLbs.push(v);
    }
    if (reachedLbs.length < 2) return [];
    const cluster = nodes[reachedLbs[0]!]!.cluster;
    if (cluster !== undefined && reachedLbs.every((v) => nodes[v]!.cluster === cluster)) return [];
    const ids = reachedLbs.map((v) => nodes[v]!.id);
    const names = reachedLbs.map((v) => nameOf(nodes[v]!));
    return [
      {
        rule: 'lb-not-clustered',
        severity: 'warning',
        nodes: ids,
        message: `${listOf(names)} are not in one cluster: when one fails, nothing moves its traffic to the other, so the pair is not redundant. Put them in one cluster (active-active with two entry points, or active-passive with a shared virtual IP).`,
        fix: {
          kind: 'cluster-load-balancers',
          label: `Put ${names.length === 2 ? 'both' : `all ${names.length}`} load balancers in one active-active cluster`,
          nodes: ids,
        },
      },
    ];
  },
};
