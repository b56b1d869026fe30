/**
 * replication-direction — a replication edge does not run from a primary to a replica
 * (cluster endpoints expanded: wrong when any member pair is). Named as the file writes
 * the edge, once per edge.
 *
 * Why: replication copies the changes of the primary, the one database that takes writes,
 * to its read-only replicas. It never runs the other way, and it joins databases only.
 *
 * Known false positives: a multi-primary or chained-replica topology (a replica feeding
 * another replica), which the file format does not model.
 */
import type { AnalysisContext } from './context';
import { anyMember, everyMember, nameOfEndpoint } from './context';
import type { Finding, Rule } from './types';

export const replicationDirection: Rule<AnalysisContext> = {
  id: 'replication-direction',
  check(design, context): Finding[] {
    const { graph } = context;
    const findings: Finding[] = [];
    for (const edge of design.edges) {
      if (edge.kind !== 'replication') continue;
      if (!anyMember(graph, edge.source, always) || !anyMember(graph, edge.target, always))
        continue;
      if (allOf(context, edge.source, 'primary') && allOf(context, edge.target, 'replica'))
        continue;
      const backward =
        allOf(context, edge.source, 'replica') && allOf(context, edge.target, 'primary');
      const source = nameOfEndpoint(context, edge.source);
      const target = nameOfEndpoint(context, edge.target);
      const finding: Finding = {
        rule: 'replication-direction',
        severity: 'error',
        nodes: [edge.source, edge.target],
        message: backward
          ? `The replication from ${source} to ${target} runs backwards: replication copies the changes of the primary, which takes the writes, to its replicas, never the other way. Reverse the edge.`
          : `The replication from ${source} to ${target} does not run from a primary to a replica: replication only copies the changes of the primary database, which takes the writes, to its read-only replicas. Draw it from the primary to a replica, or make it a request edge.`,
      };
      if (backward) {
        finding.fix = {
          kind: 'reverse-replication',
          label: `Reverse the replication: ${target} to ${source}`,
          edge: edge.id,
        };
      }
      findings.push(finding);
    }
    return findings;
  },
};

const always = () => true;

/** Whether every node the endpoint stands for is a database in this role. */
function allOf(context: AnalysisContext, id: string, role: 'primary' | 'replica'): boolean {
  const nodes = context.design.nodes;
  return everyMember(context.graph, id, (v) => {
    const node = nodes[v]!;
    return node.kind === 'database' && (node.role ?? 'primary') === role;
  });
}
