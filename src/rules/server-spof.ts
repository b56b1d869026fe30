/**
 * server-spof — a server holding two or more components is a single point of failure:
 * removing all its components together cuts some user off from the end of a flow.
 * Reported even when components on it are reported too: "the single server" is the answer
 * a mentor expects for the simple web stack.
 *
 * Severity: error; a warning when the only flow it cuts is write (the machine of the single
 * primary, where db-single-writer already explains the issue).
 *
 * Why: components on one machine fail together (power, kernel, disk, a reboot for an
 * update). Redundancy only helps across independent machines — AWS Well-Architected
 * REL10-BP01: redundant components must fail independently.
 *
 * Known false positives: a "server" used to mean a rack or a zone; the rule reads it as
 * one machine, which is what the file format says.
 */
import type { AnalysisContext } from './context';
import { FLOW_BIT, flowsFromBits, isBlank, nameOf } from './context';
import { listOf, requestsOf } from './phrases';
import type { Finding, Rule } from './types';

export const serverSpof: Rule<AnalysisContext> = {
  id: 'server-spof',
  check(design, context): Finding[] {
    const { serverSpofFlows, servers } = context;
    const findings: Finding[] = [];
    let members: string[][] | undefined;
    for (let s = 0; s < servers.count; s++) {
      const bits = serverSpofFlows[s]!;
      if (bits === 0 || servers.sizes[s]! < 2) continue;
      members ??= namesByServer(design, context);
      const server = design.servers[s]!;
      const flows = flowsFromBits(bits);
      const writeOnly = bits === FLOW_BIT.write;
      const outcome =
        bits === context.allFlowBits && context.flows.length > 1
          ? 'the whole site goes down'
          : `${requestsOf(flows)} fail`;
      findings.push({
        rule: 'server-spof',
        severity: writeOnly ? 'warning' : 'error',
        nodes: [server.id],
        flows,
        message: `${serverName(server.label)} is a single point of failure: it runs ${listOf(shorten(members[s]!))}, which fail together when the machine fails, and then ${outcome}. Put the components on separate servers, so that every tier keeps a copy on another machine.`,
      });
    }
    return findings;
  },
};

function namesByServer(design: AnalysisContext['design'], context: AnalysisContext): string[][] {
  const names: string[][] = design.servers.map(() => []);
  const { serverOf } = context.servers;
  design.nodes.forEach((node, v) => {
    const s = serverOf[v]!;
    if (s >= 0) names[s]!.push(nameOf(node));
  });
  return names;
}

function shorten(names: string[]): string[] {
  return names.length <= 5 ? names : [...names.slice(0, 4), `${names.length - 4} more`];
}

export function serverName(label: string): string {
  return isBlank(label) ? 'The server' : label;
}
