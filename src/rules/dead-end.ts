/**
 * dead-end — a reached load balancer, web server or app server has no request edge onward
 * in the documented order, while the design has a later tier: the requests it receives
 * stop there.
 *
 * Why: a load balancer spreads requests over a pool of backends, a web server forwards
 * dynamic requests to the app servers, an app server reads and writes the database (the
 * course's roles). A component with nowhere to send them is either missing a connection
 * or connected the wrong way (a skipped tier, an edge drawn backwards).
 *
 * Known false positives: a web server that only serves static files in a design that also
 * has app servers for other sites.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { aKind } from './phrases';
import type { Finding, Rule } from './types';

export const deadEnd: Rule<AnalysisContext> = {
  id: 'dead-end',
  check(design, context): Finding[] {
    const { graph, reached } = context;
    const { offsets, tiers } = graph;
    const findings: Finding[] = [];
    const nodes = design.nodes;
    for (let v = 0; v < nodes.length; v++) {
      if (!reached[v] || offsets[v + 1]! > offsets[v]!) continue;
      const node = nodes[v]!;
      const kind = node.kind;
      if (kind !== 'load-balancer' && kind !== 'web-server' && kind !== 'app-server') continue;
      const at = tiers.indexOf(kind);
      const next = tiers[at + 1];
      if (next === undefined) continue;
      findings.push({
        rule: 'dead-end',
        severity: 'warning',
        nodes: [node.id],
        message: `${nameOf(node)} receives requests but sends them nowhere: it has no connection to ${aKind(next)}, the next tier, so the requests that need one stop here. Connect it to ${aKind(next)} (an edge to any other tier breaks the order and carries nothing).`,
      });
    }
    return findings;
  },
};
