/**
 * colocated-tiers — a server holds components of two or more kinds (a web server and an
 * app server, an app server and a database…).
 *
 * Why: tiers on one machine compete for CPU, memory and disk, cannot be scaled or
 * maintained independently, and fail together; a compromised web server also exposes the
 * database beside it. The course's scale-up task puts web, application and database each
 * on their own server (AWS Well-Architected SEC05-BP01: network layers).
 *
 * Known false positives: a development or demo machine, where sharing is the point.
 */
import type { AnalysisContext } from './context';
import { KIND_NOUN, listOf } from './phrases';
import { serverName } from './server-spof';
import { TIERS } from '../graph/request-graph';
import type { ComponentKind } from '../model/types';
import type { Finding, Rule } from './types';

const ORDER: readonly ComponentKind[] = ['user', 'dns', ...TIERS];

export const colocatedTiers: Rule<AnalysisContext> = {
  id: 'colocated-tiers',
  check(design, context): Finding[] {
    const { servers } = context;
    if (servers.count === 0) return [];
    const kinds: Array<Set<ComponentKind> | undefined> = new Array(servers.count);
    design.nodes.forEach((node, v) => {
      const s = servers.serverOf[v]!;
      if (s < 0) return;
      (kinds[s] ??= new Set()).add(node.kind);
    });
    const findings: Finding[] = [];
    design.servers.forEach((server, s) => {
      const held = kinds[s];
      if (held === undefined || held.size < 2) return;
      const names = ORDER.filter((k) => held.has(k)).map((k) => `${KIND_NOUN[k][0]}`);
      findings.push({
        rule: 'colocated-tiers',
        severity: 'warning',
        nodes: [server.id],
        message: `${serverName(server.label)} runs more than one tier (${listOf(names)}): they compete for CPU, memory and disk, cannot be scaled or updated independently, and fail together; a break-in through one reaches the others. Give each tier its own servers.`,
      });
    });
    return findings;
  },
};
