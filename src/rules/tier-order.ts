/**
 * tier-order — a request edge breaks the documented order (DESIGN.md §3): it skips a tier
 * the design has, runs backwards, or joins two components of one tier. Such an edge
 * carries no request (the request graph leaves it out). Named as the file writes the
 * edge, once per edge; a cluster edge is out of order when any of its member edges is.
 *
 * Why: requests flow User → DNS → load balancer → web server → app server → database, and
 * each tier has a job on the way (spreading load and failing over, static files and TLS,
 * business logic). Skipping one bypasses its job; a database reachable straight from the
 * load balancer is also exposed (AWS Well-Architected SEC05-BP01 "create network layers").
 *
 * Known false positives: a web server that talks to a cache or a search service drawn as
 * a database; responses drawn as edges (they travel back along the request path anyway).
 */
import type { AnalysisContext } from './context';
import { nameOfEndpoint } from './context';
import type { ComponentKind } from '../model/types';
import { aKind, documentedPath, KIND_NOUN, listOf } from './phrases';
import type { Finding, Rule } from './types';

export const tierOrder: Rule<AnalysisContext> = {
  id: 'tier-order',
  check(design, context): Finding[] {
    const { graph } = context;
    const findings: Finding[] = [];
    if (graph.outOfOrder.length === 0) return findings;
    const path = documentedPath(graph.tiers);
    const explained = new Map<string, string>(); // by kind pair: many edges share one
    for (const edge of graph.outOfOrder) {
      const from = kindOf(context, edge.source);
      const to = kindOf(context, edge.target);
      const pair = `${from}>${to}`;
      let why = explained.get(pair);
      if (why === undefined) {
        why = `${explain(from, to, graph.tiers)} Requests flow ${path}; an edge out of that order carries no request.`;
        explained.set(pair, why);
      }
      const source = nameOfEndpoint(context, edge.source);
      const target = nameOfEndpoint(context, edge.target);
      findings.push({
        rule: 'tier-order',
        severity: 'warning',
        nodes: [edge.source, edge.target],
        message: `The request edge from ${source} to ${target} breaks the tier order: ${why}`,
      });
    }
    return findings;
  },
};

function kindOf(context: AnalysisContext, id: string): ComponentKind | undefined {
  const { graph, design } = context;
  const v = graph.index.get(id) ?? graph.members.get(id)?.[0];
  return v === undefined ? undefined : design.nodes[v]!.kind;
}

/** -2 user, -1 DNS, then the tier's position in the documented order. */
function levelOf(kind: ComponentKind, tiers: readonly ComponentKind[]): number {
  if (kind === 'user') return -2;
  if (kind === 'dns') return -1;
  return tiers.indexOf(kind);
}

function explain(
  from: ComponentKind | undefined,
  to: ComponentKind | undefined,
  tiers: readonly ComponentKind[],
): string {
  if (from === undefined || to === undefined) return 'it joins components of the wrong tiers.';
  const a = levelOf(from, tiers);
  const b = levelOf(to, tiers);
  const fromNoun = KIND_NOUN[from][0];
  const toNoun = KIND_NOUN[to][0];
  if (from === to) {
    return `it joins two components of one tier (${fromNoun} to ${toNoun}). Connect both to the tier before and the tier after instead.`;
  }
  if (from === 'database') {
    return `databases answer requests and never send them. Draw the request from ${aKind(to)} to the database; the answer travels back along the same edge.`;
  }
  if (b < a || to === 'user' || to === 'dns') {
    return `it runs backwards (${fromNoun} to ${toNoun}). Responses travel back along the request path by themselves; draw requests forward only.`;
  }
  // Forward, but not to the next tier: it skips the tiers in between (DNS may be skipped by a user).
  const skipped = tiers.filter((t) => {
    const l = levelOf(t, tiers);
    return l > Math.max(a, -1) && l < b;
  });
  if (skipped.length > 0) {
    const names = skipped.map((t) => `the ${KIND_NOUN[t][0]} tier`);
    return `it skips ${listOf(names)} (${fromNoun} to ${toNoun}), bypassing ${skipped.length === 1 ? 'its' : 'their'} job. Route it through ${aKind(skipped[0]!)} instead.`;
  }
  return `a ${fromNoun} does not send requests to ${aKind(to)}.`;
}
