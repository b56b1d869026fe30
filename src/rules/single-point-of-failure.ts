/**
 * spof — a component (any kind but user and DNS) is a single point of failure of a flow:
 * some user that reaches the end of the flow can no longer reach it once the component is
 * removed. Found with dominators from each user to the flow's virtual exit (graph/spof.ts).
 *
 * Why: a SPOF is a part whose failure stops the whole system because there is no redundant
 * path (the course's definition). Run N+1 instances of every tier so that one can fail or
 * be updated without downtime; AWS Well-Architected REL10 ("use fault isolation to protect
 * your workload") and Google Cloud's "avoid single points of failure" say the same.
 *
 * Not reported here: a primary database that is a SPOF of writes only (every design with
 * one writer has that): db-single-writer says it as a warning.
 *
 * Known false positives: a managed service drawn as one box (a cloud load balancer, a
 * managed database) is redundant inside; the rule cannot know.
 */
import type { AnalysisContext } from './context';
import { FLOW_BIT, flowsFromBits, nameOf } from './context';
import type { DesignNode } from '../model/types';
import { everyRequestOf, requestsOf } from './phrases';
import type { Finding, Fix, Rule } from './types';

export const singlePointOfFailure: Rule<AnalysisContext> = {
  id: 'spof',
  check(design, context): Finding[] {
    const findings: Finding[] = [];
    const { spofFlows, allFlowBits } = context;
    const nodes = design.nodes;
    for (let v = 0; v < nodes.length; v++) {
      const bits = spofFlows[v]!;
      if (bits === 0) continue;
      const node = nodes[v]!;
      if (isSingleWriterCase(node, bits)) continue;
      const flows = flowsFromBits(bits);
      const every = everyRequestOf(flows, context.flows);
      const outcome =
        bits === allFlowBits && context.flows.length > 0
          ? 'the site is down'
          : `${requestsOf(flows)} fail`;
      const finding: Finding = {
        rule: 'spof',
        severity: 'error',
        nodes: [node.id],
        flows,
        message: `${nameOf(node)} is a single point of failure: ${every} passes through it, so when it fails or is taken down for maintenance, ${outcome}. ${adviceFor(node, context)}`,
      };
      const fix = fixFor(node);
      if (fix) finding.fix = fix;
      findings.push(finding);
    }
    return findings;
  },
};

/** A primary that is a SPOF of writes and of no other flow: db-single-writer's case. */
export function isSingleWriterCase(node: DesignNode, bits: number): boolean {
  return node.kind === 'database' && node.role !== 'replica' && bits === FLOW_BIT.write;
}

function adviceFor(node: DesignNode, context: AnalysisContext): string {
  const tiers = context.graph.tiers;
  switch (node.kind) {
    case 'load-balancer':
      return 'Add a second load balancer and put both in one cluster (active-active with two entry points, or active-passive with a shared virtual IP).';
    case 'web-server':
      return tiers.includes('load-balancer')
        ? 'Add a second web server behind the load balancers.'
        : 'Add a second web server, and a load balancer in front of both.';
    case 'app-server':
      return tiers.includes('web-server')
        ? 'Add a second app server behind the web servers.'
        : 'Add a second app server, and a load balancer in front of both.';
    case 'database':
      return node.role === 'replica'
        ? 'Add a second replica, or let the app servers read from the primary as well.'
        : 'Add a replica fed by it, let the app servers read from the replica, and plan how a replica is promoted when the primary fails.';
    default:
      return 'Add a second one and connect it the same way.';
  }
}

function fixFor(node: DesignNode): Fix | undefined {
  switch (node.kind) {
    case 'load-balancer':
      return {
        kind: 'cluster-load-balancers',
        label: `Add a second load balancer and cluster it with ${nameOf(node)}`,
        nodes: [node.id],
      };
    case 'web-server':
    case 'app-server':
      return {
        kind: 'add-peer',
        label: `Add a second ${node.kind === 'web-server' ? 'web' : 'app'} server wired like ${nameOf(node)}`,
        node: node.id,
      };
    case 'database':
      return node.role === 'replica'
        ? {
            kind: 'add-peer',
            label: `Add a second replica fed like ${nameOf(node)}`,
            node: node.id,
          }
        : undefined;
    default:
      return undefined;
  }
}
