/**
 * app-cannot-write — a primary exists, and a reached app server has no request edge
 * allowing writes into a primary.
 *
 * Why: the application sends every INSERT, UPDATE and DELETE to the primary. An app
 * server that can only read (or reaches no database) fails every sign-up and order that
 * the load balancers send to it, at random, one request in N.
 *
 * Known false positives: a read-only app server on purpose (a reporting service); say so
 * in its notes.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import { allows, expandEndpoint } from '../graph/request-graph';
import type { Finding, Fix, Rule } from './types';

export const appCannotWrite: Rule<AnalysisContext> = {
  id: 'app-cannot-write',
  check(design, context): Finding[] {
    const { primaries, graph, reached } = context;
    if (primaries.length === 0) return [];
    const { offsets, targets, arcEdge } = graph;
    const nodes = design.nodes;
    const findings: Finding[] = [];
    for (let v = 0; v < nodes.length; v++) {
      const node = nodes[v]!;
      if (node.kind !== 'app-server' || !reached[v]) continue;
      let writes = false;
      let readOnlyEdge = -1;
      for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
        const w = nodes[targets[a]!]!;
        if (w.kind !== 'database' || w.role === 'replica') continue;
        const e = arcEdge[a]!;
        if (allows(design.edges[e]!.access, 'write')) {
          writes = true;
          break;
        }
        if (readOnlyEdge === -1 && onlyPrimaries(context, e)) readOnlyEdge = e;
      }
      if (writes) continue;
      const primary = nodes[primaries[0]!]!;
      const fix: Fix =
        readOnlyEdge >= 0
          ? {
              kind: 'make-writable',
              label: `Let ${nameOf(node)} write through its connection to the primary`,
              edge: design.edges[readOnlyEdge]!.id,
            }
          : {
              kind: 'connect-writer',
              label: `Connect ${nameOf(node)} to ${nameOf(primary)} for writes`,
              app: node.id,
              primary: primary.id,
            };
      findings.push({
        rule: 'app-cannot-write',
        severity: 'warning',
        nodes: [node.id],
        message: `${nameOf(node)} cannot write: it has no connection allowing writes into a primary database, so every sign-up, order or other write sent to it fails. ${
          readOnlyEdge >= 0
            ? 'Make its connection to the primary read-write.'
            : `Connect it to ${nameOf(primary)} with write access.`
        }`,
        fix,
      });
    }
    return findings;
  },
};

/** Whether every target of design edge `e` is a primary (so making it writable writes to no replica). */
function onlyPrimaries(context: AnalysisContext, e: number): boolean {
  const { design, graph } = context;
  const targets = expandEndpoint(design.edges[e]!.target, graph.index, graph.members);
  return targets.every((t) => {
    const n = design.nodes[t]!;
    return n.kind === 'database' && n.role !== 'replica';
  });
}
