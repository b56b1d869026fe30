/**
 * lb-active-active-single-entry — a cluster in `active-active` mode has fewer than 2 entry
 * points.
 *
 * Why: with one virtual IP (one DNS record), only the member holding it receives traffic;
 * the other waits to take the IP over. That is active-passive, whatever the diagram says.
 * Active-active needs two virtual IPs (each member master of one), two DNS records, or
 * anycast. The seed design makes exactly this claim.
 *
 * Known false positives: an anycast or ECMP front end drawn as one entry point.
 */
import { isBlank, type AnalysisContext } from './context';
import type { Finding, Rule } from './types';

export const lbActiveActiveSingleEntry: Rule<AnalysisContext> = {
  id: 'lb-active-active-single-entry',
  check(design): Finding[] {
    const findings: Finding[] = [];
    for (const cluster of design.clusters) {
      if (cluster.mode !== 'active-active' || cluster.entryPoints >= 2) continue;
      const name = isBlank(cluster.label) ? 'This cluster' : cluster.label;
      findings.push({
        rule: 'lb-active-active-single-entry',
        severity: 'warning',
        nodes: [cluster.id],
        message: `${name} is marked active-active but has only one entry point: with one shared virtual IP, only the member holding it receives traffic, so the cluster is really active-passive. Give it two entry points (two virtual IPs or two DNS records), or call it active-passive.`,
        fix: {
          kind: 'set-entry-points',
          label: `Give ${name} two entry points`,
          cluster: cluster.id,
          entryPoints: 2,
        },
      });
    }
    return findings;
  },
};
