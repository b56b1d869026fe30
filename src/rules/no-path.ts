/**
 * no-path — a user reaches no end of a flow (DESIGN.md §3, Flows): static requests no web
 * server, reads no database it may read from, writes no primary it may write to, dynamic
 * requests no app server.
 *
 * Why: a request that cannot reach the component that answers it fails, whatever else the
 * design gets right. This is the course's first check: "draw the whole request path".
 *
 * Known false positives: a user drawn only to show who uses an admin tool, with no path on
 * purpose. Edges that break the tier order carry no request, so a path that exists only
 * through such an edge does not count (tier-order says why).
 */
import { flowsFromBits } from './context';
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { documentedPath, FLOW_END, listOf, requestsOf } from './phrases';
import type { Finding, Rule } from './types';

export const noPath: Rule<AnalysisContext> = {
  id: 'no-path',
  check(design, context): Finding[] {
    const findings: Finding[] = [];
    for (const u of context.graph.users) {
      const bits = context.pathlessFlows[u]!;
      if (bits === 0) continue;
      const flows = flowsFromBits(bits);
      const user = design.nodes[u]!;
      const ends = listOf(
        flows.map((f) => FLOW_END[f]),
        'or',
      );
      findings.push({
        rule: 'no-path',
        severity: 'error',
        nodes: [user.id],
        flows,
        message: `${nameOf(user)} has no path for ${requestsOf(flows, 'or')}: no chain of requests leads to ${ends}, so those requests fail. Connect each tier to the next, in order: ${documentedPath(context.graph.tiers)}.`,
      });
    }
    return findings;
  },
};
