/**
 * orphan — a node has no edge at all, counting edges to or from its cluster.
 *
 * Why: a component that is connected to nothing plays no part in the design: no request
 * reaches it and it sends none. It is usually a leftover, or a connection the student
 * forgot to draw (a standby load balancer "in the cluster" but wired to nothing).
 *
 * Known false positives: a component placed on the board for an explanation only.
 */
import type { AnalysisContext } from './context';
import { nameOf } from './context';
import type { Finding, Rule } from './types';

export const orphan: Rule<AnalysisContext> = {
  id: 'orphan',
  check(design): Finding[] {
    const touched = new Set<string>();
    for (const edge of design.edges) {
      touched.add(edge.source);
      touched.add(edge.target);
    }
    const findings: Finding[] = [];
    for (const node of design.nodes) {
      if (touched.has(node.id)) continue;
      if (node.cluster !== undefined && touched.has(node.cluster)) continue;
      findings.push({
        rule: 'orphan',
        severity: 'warning',
        nodes: [node.id],
        message: `${nameOf(node)} is not connected to anything, so it plays no part in the design: no request reaches it and it sends none. Connect it, or delete it.`,
      });
    }
    return findings;
  },
};
