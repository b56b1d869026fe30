/**
 * The documented design (seed/scale-up-infrastructure.md) as a checklist of seven items,
 * each passed or not, shown as "Documented design: N/7" (DESIGN.md §3).
 */
import type { AnalysisContext } from './context';
import { allows } from '../graph/request-graph';
import type { ComponentKind } from '../model/types';
import type { ChecklistItem, Finding } from './types';

/** The seven items, in order. `findings` are the report's findings (for request-flow and no-spof). */
export function buildChecklist(
  context: AnalysisContext,
  findings: readonly Finding[],
): ChecklistItem[] {
  const access = appAccess(context);
  return [
    lbCluster(context),
    tierFedBy(context, 'web-tier', 'Web tier', 'web-server', 'load-balancer'),
    tierFedBy(context, 'app-tier', 'App tier', 'app-server', 'web-server'),
    dbPrimary(context, access),
    dbReplicas(context, access),
    requestFlow(context, findings),
    noSpof(findings),
  ];
}

function item(id: ChecklistItem['id'], label: string, missing: string | null): ChecklistItem {
  return { id, label, passed: missing === null, detail: missing ?? '' };
}

/** At least 2 load balancers in one active-active cluster with ≥ 2 entry points. */
function lbCluster(context: AnalysisContext): ChecklistItem {
  const { design } = context;
  const lbs = design.nodes.filter((n) => n.kind === 'load-balancer');
  const counts = new Map<string, number>();
  for (const n of lbs)
    if (n.cluster !== undefined) counts.set(n.cluster, (counts.get(n.cluster) ?? 0) + 1);
  const ok = design.clusters.some(
    (c) => c.mode === 'active-active' && c.entryPoints >= 2 && (counts.get(c.id) ?? 0) >= 2,
  );
  let missing: string | null = null;
  if (!ok) {
    if (lbs.length === 0) missing = 'No load balancer: add two, in one active-active cluster.';
    else if (lbs.length === 1)
      missing = 'Only one load balancer: add a second and put both in one active-active cluster.';
    else if (![...counts.values()].some((c) => c >= 2))
      missing = 'The load balancers are not in one cluster.';
    else
      missing =
        'The load-balancer cluster is not active-active with two entry points (two virtual IPs or DNS records).';
  }
  return item('lb-cluster', 'Load-balancer cluster', missing);
}

/** Nodes of `kind` that receive a request arc from a node of `from`. */
function countFed(context: AnalysisContext, kind: ComponentKind, from: ComponentKind): number {
  const { graph, design, byKind } = context;
  const { offsets, targets } = graph;
  const fed = new Uint8Array(graph.size);
  let count = 0;
  for (const v of byKind[from]) {
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const w = targets[a]!;
      if (!fed[w] && design.nodes[w]!.kind === kind) {
        fed[w] = 1;
        count++;
      }
    }
  }
  return count;
}

function tierFedBy(
  context: AnalysisContext,
  id: 'web-tier' | 'app-tier',
  label: string,
  kind: ComponentKind,
  from: ComponentKind,
): ChecklistItem {
  const count = countFed(context, kind, from);
  const noun = kind === 'web-server' ? 'web server' : 'app server';
  const source = from === 'load-balancer' ? 'the load balancers' : 'the web servers';
  const missing =
    count >= 2
      ? null
      : `${count === 0 ? 'No' : 'Only one'} ${noun} receives requests from ${source}: you need at least two.`;
  return item(id, label, missing);
}

/** Exactly one primary, receiving writes from the app tier. */
function dbPrimary(context: AnalysisContext, access: Uint8Array): ChecklistItem {
  const { primaries } = context;
  let missing: string | null = null;
  if (primaries.length === 0) missing = 'No primary database.';
  else if (primaries.length > 1) missing = `${primaries.length} primaries: keep exactly one.`;
  else {
    const p = primaries[0]!;
    if (!(access[p]! & WRITES)) missing = 'The primary receives no writes from an app server.';
  }
  return item('db-primary', 'One primary database', missing);
}

const READS = 1;
const WRITES = 2;

/** Per database: READS / WRITES when an app server's request arc into it allows reading / writing. */
function appAccess(context: AnalysisContext): Uint8Array {
  const { graph, design, byKind } = context;
  const { offsets, targets, arcEdge } = graph;
  const access = new Uint8Array(graph.size);
  for (const v of byKind['app-server']) {
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const d = targets[a]!;
      if (design.nodes[d]!.kind !== 'database') continue;
      const edgeAccess = design.edges[arcEdge[a]!]!.access;
      if (allows(edgeAccess, 'read')) access[d]! |= READS;
      if (allows(edgeAccess, 'write')) access[d]! |= WRITES;
    }
  }
  return access;
}

/** At least one replica, fed by the primary, serving reads to the app tier. */
function dbReplicas(context: AnalysisContext, access: Uint8Array): ChecklistItem {
  const { replicas } = context;
  let missing: string | null = null;
  if (replicas.length === 0) missing = 'No replica: add one, fed by the primary.';
  else {
    const fed = context.fedReplicas;
    const fedOnes = replicas.filter((r) => fed[r]);
    if (fedOnes.length === 0) missing = 'No replica is fed by a replication edge from the primary.';
    else if (!fedOnes.some((r) => access[r]! & READS))
      missing = 'No replica fed by the primary serves reads to an app server.';
  }
  return item('db-replicas', 'Replicas serving reads', missing);
}

const CHAIN: readonly ComponentKind[] = [
  'user',
  'dns',
  'load-balancer',
  'web-server',
  'app-server',
  'database',
];

/** user → dns → load balancer → web → app → database exists in the request graph, and no tier-order finding. */
function requestFlow(context: AnalysisContext, findings: readonly Finding[]): ChecklistItem {
  const { graph, design, byKind } = context;
  const { offsets, targets } = graph;
  // Arcs only go one tier further, so the chain can be followed kind by kind.
  const onChain = new Uint8Array(graph.size);
  for (const u of graph.users) onChain[u] = 1;
  let stage = 0;
  for (let k = 0; k + 1 < CHAIN.length; k++) {
    const next = CHAIN[k + 1]!;
    let any = false;
    for (const v of byKind[CHAIN[k]!]) {
      if (!onChain[v]) continue;
      for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
        const w = targets[a]!;
        if (design.nodes[w]!.kind === next) {
          onChain[w] = 1;
          any = true;
        }
      }
    }
    if (!any) break;
    stage = k + 1;
  }
  const outOfOrder = findings.some((f) => f.rule === 'tier-order');
  let missing: string | null = null;
  if (graph.users.length === 0) missing = 'No user: every request starts with one.';
  else if (stage < CHAIN.length - 1) {
    const names = ['user', 'DNS', 'load balancer', 'web server', 'app server', 'database'];
    missing = `No path user → DNS → load balancer → web server → app server → database: it stops before the ${names[stage + 1]}.`;
  } else if (outOfOrder) missing = 'Some request edges break the tier order (see tier-order).';
  return item('request-flow', 'Request flow in order', missing);
}

function noSpof(findings: readonly Finding[]): ChecklistItem {
  const spofs = findings.filter((f) => f.rule === 'spof' || f.rule === 'server-spof').length;
  return item(
    'no-spof',
    'No single point of failure',
    spofs === 0
      ? null
      : `${spofs} single point${spofs === 1 ? '' : 's'} of failure (spof, server-spof).`,
  );
}
