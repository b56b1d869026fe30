/**
 * An independent reference implementation of the rules engine of DESIGN.md §3, written from
 * §2 and §3 alone (and the lead's binding decisions in notes/common.md), without reading
 * `src/rules/` or `src/graph/`. It is deliberately naive: every request graph is a plain list
 * of arcs, reachability is a breadth-first search, and a single point of failure is found by
 * removing each candidate (or each server's components) and searching again.
 *
 * It answers only what the acceptance comparison looks at: each finding's `rule`, `severity`,
 * `nodes` and `flows` (no messages, no fixes), and each checklist item's `passed`.
 *
 * Readings of §3 where the text leaves room (each marked READING below):
 * 1. "the design has" a tier / web servers / databases / app servers: some node of that kind
 *    exists anywhere in the design, reached or not.
 * 2. A cluster endpoint stands for its members; an edge naming an empty cluster expands to
 *    no member edge, so it carries nothing and is never out of order (`tier-order`) and
 *    never a bad replication (`replication-direction`). Edge findings fire when ANY member
 *    edge qualifies (as §3 says for `tier-order`). `replica-write` looks at the edge's access
 *    and target only: an edge "goes into a replica" whatever its source holds, so an edge
 *    from an empty cluster into a replica is reported too (first reading was "no member
 *    edge, no finding"; changed after comparing with the engine: see README.md).
 * 3. `no-path`: one finding per user, `flows` = every flow whose ends that user cannot reach.
 * 4. `spof`: one finding per component, `flows` = every flow it is a SPOF of. A primary that
 *    is a SPOF of write and of nothing else gets `db-single-writer` (nodes `[database]`, no
 *    `flows`, as the table gives none) and no `spof`.
 * 5. `server-spof`: "removing all its components together" removes every node on the
 *    server, a `user` or `dns` on it too, and a user so removed that reached the end of a
 *    flow counts as cut off (its machine is gone). "Two or more components" counts every
 *    node on the server. (First reading kept users out of the removal; changed after
 *    comparing with the engine, whose reading is the literal one: see README.md.)
 * 6. `lb-active-active-single-entry`: any cluster in `active-active` mode with fewer than 2
 *    entry points, whatever its members (even none).
 * 7. Checklist items are structural (they do not ask that a component be reached):
 *    `web-tier`/`app-tier` count targets of in-order request edges from a load balancer /
 *    web server; `db-primary` wants exactly one primary with a request edge allowing writes
 *    from an app server; `db-replicas` wants one replica that has both a replication edge
 *    from a primary and a request edge allowing reads from an app server; `request-flow`
 *    wants a path user → dns → load balancer → web → app → database along request-graph arcs
 *    (any access into the database) and no `tier-order` finding; `no-spof` wants no `spof`
 *    and no `server-spof` finding (so a design without users passes it).
 */
import type { Access, ComponentKind, Design, DesignEdge, DesignNode } from '../../src/model/types';
import type { ChecklistId, FlowName, RuleId, Severity } from '../../src/rules/types';

export interface ReferenceFinding {
  rule: RuleId;
  severity: Severity;
  nodes: string[];
  flows?: FlowName[];
}

export interface ReferenceReport {
  findings: ReferenceFinding[];
  checklist: Array<{ id: ChecklistId; passed: boolean }>;
}

/** The documented order of tiers (user and dns come before, outside the tiers). */
const TIERS: readonly ComponentKind[] = ['load-balancer', 'web-server', 'app-server', 'database'];

/** All flows, in the order findings list them. */
const FLOW_ORDER: readonly FlowName[] = ['static', 'read', 'write', 'dynamic'];

/** One member edge of a request edge: clusters expanded. */
interface Arc {
  from: DesignNode;
  to: DesignNode;
  access: Access | undefined;
}

/** The components an edge endpoint stands for: the node itself, or a cluster's members. */
function membersOf(design: Design, endpoint: string): DesignNode[] {
  const node = design.nodes.find((n) => n.id === endpoint);
  if (node) return [node];
  return design.nodes.filter((n) => n.cluster === endpoint);
}

function memberArcs(design: Design, edge: DesignEdge): Arc[] {
  const arcs: Arc[] = [];
  for (const from of membersOf(design, edge.source)) {
    for (const to of membersOf(design, edge.target)) {
      arcs.push({ from, to, access: edge.access });
    }
  }
  return arcs;
}

/** The tiers the design has, in the documented order. */
function presentTiers(design: Design): ComponentKind[] {
  return TIERS.filter((tier) => design.nodes.some((n) => n.kind === tier));
}

/** Whether a request from a component of kind `a` to one of kind `b` keeps the documented order. */
function isInOrder(a: ComponentKind, b: ComponentKind, tiers: readonly ComponentKind[]): boolean {
  if (a === 'user' && b === 'dns') return true;
  const first = tiers[0];
  if ((a === 'user' || a === 'dns') && first !== undefined && b === first) return true;
  const index = tiers.indexOf(a);
  return index >= 0 && tiers[index + 1] === b;
}

/** The access an edge into a database has; the file's default when absent (defensive). */
function accessInto(arc: Arc): Access {
  return arc.access ?? (arc.to.role === 'replica' ? 'read' : 'read-write');
}

const allowsRead = (access: Access) => access === 'read' || access === 'read-write';
const allowsWrite = (access: Access) => access === 'write' || access === 'read-write';

/** Breadth-first search from `start` along `arcs`, never entering `removed`. */
function reachable(start: DesignNode, arcs: readonly Arc[], removed: ReadonlySet<string>) {
  const seen = new Set<string>();
  if (removed.has(start.id)) return seen;
  seen.add(start.id);
  const queue = [start.id];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const arc of arcs) {
      if (arc.from.id !== id || removed.has(arc.to.id) || seen.has(arc.to.id)) continue;
      // Databases are terminal: nothing is followed out of a database.
      if (arc.from.kind === 'database') continue;
      seen.add(arc.to.id);
      queue.push(arc.to.id);
    }
  }
  return seen;
}

interface Flow {
  name: FlowName;
  arcs: Arc[];
  isEnd: (node: DesignNode) => boolean;
}

/** The findings and checklist of DESIGN.md §3 for `design`, computed the slow, obvious way. */
export function referenceCheck(design: Design): ReferenceReport {
  const findings: ReferenceFinding[] = [];
  const nodes = design.nodes;
  const tiers = presentTiers(design);
  const has = (kind: ComponentKind) => nodes.some((n) => n.kind === kind);
  const users = nodes.filter((n) => n.kind === 'user');
  const primaries = nodes.filter((n) => n.kind === 'database' && n.role === 'primary');
  const replicas = nodes.filter((n) => n.kind === 'database' && n.role === 'replica');

  // --- Edges, expanded; the request graph keeps the in-order request edges only.
  const requestEdges = design.edges.filter((e) => e.kind === 'request');
  const replicationEdges = design.edges.filter((e) => e.kind === 'replication');
  const outOfOrder = (edge: DesignEdge) =>
    memberArcs(design, edge).some((arc) => !isInOrder(arc.from.kind, arc.to.kind, tiers));
  const requestArcs: Arc[] = requestEdges
    .filter((e) => !outOfOrder(e))
    .flatMap((e) => memberArcs(design, e))
    .filter((arc) => arc.from.kind !== 'database');

  const reached = new Set<string>();
  for (const user of users) {
    for (const id of reachable(user, requestArcs, new Set())) reached.add(id);
  }

  // --- Flows.
  const flows: Flow[] = [];
  if (has('web-server')) {
    flows.push({ name: 'static', arcs: requestArcs, isEnd: (n) => n.kind === 'web-server' });
  }
  if (has('database')) {
    flows.push({
      name: 'read',
      arcs: requestArcs.filter((a) => a.to.kind !== 'database' || allowsRead(accessInto(a))),
      isEnd: (n) => n.kind === 'database',
    });
    flows.push({
      name: 'write',
      arcs: requestArcs.filter(
        (a) => a.to.kind !== 'database' || (a.to.role === 'primary' && allowsWrite(accessInto(a))),
      ),
      isEnd: (n) => n.kind === 'database' && n.role === 'primary',
    });
  } else if (has('app-server')) {
    flows.push({ name: 'dynamic', arcs: requestArcs, isEnd: (n) => n.kind === 'app-server' });
  }
  const reachesEnd = (user: DesignNode, flow: Flow, removed: ReadonlySet<string>) => {
    const seen = reachable(user, flow.arcs, removed);
    return nodes.some((n) => seen.has(n.id) && flow.isEnd(n));
  };

  if (users.length === 0) {
    findings.push({ rule: 'no-user', severity: 'error', nodes: [] });
  }

  // --- no-path (READING 3: one finding per user, listing its flows).
  for (const user of users) {
    const missed = flows.filter((f) => !reachesEnd(user, f, new Set())).map((f) => f.name);
    if (missed.length > 0) {
      findings.push({ rule: 'no-path', severity: 'error', nodes: [user.id], flows: missed });
    }
  }

  /** The flows cut when `removed` fails: some user that reached the flow's end no longer does. */
  const cutFlows = (removed: ReadonlySet<string>): FlowName[] =>
    flows
      .filter((flow) =>
        users.some((user) => reachesEnd(user, flow, new Set()) && !reachesEnd(user, flow, removed)),
      )
      .map((f) => f.name);

  // --- spof and db-single-writer (READING 4).
  for (const node of nodes) {
    if (node.kind === 'user' || node.kind === 'dns') continue;
    const cut = cutFlows(new Set([node.id]));
    if (cut.length === 0) continue;
    if (
      node.kind === 'database' &&
      node.role === 'primary' &&
      cut.length === 1 &&
      cut[0] === 'write'
    ) {
      findings.push({ rule: 'db-single-writer', severity: 'warning', nodes: [node.id] });
    } else {
      findings.push({ rule: 'spof', severity: 'error', nodes: [node.id], flows: cut });
    }
  }

  // --- server-spof (READING 5).
  for (const server of design.servers) {
    const onServer = nodes.filter((n) => n.server === server.id);
    if (onServer.length < 2) continue;
    const cut = cutFlows(new Set(onServer.map((n) => n.id)));
    if (cut.length === 0) continue;
    const severity: Severity = cut.length === 1 && cut[0] === 'write' ? 'warning' : 'error';
    findings.push({ rule: 'server-spof', severity, nodes: [server.id], flows: cut });
  }

  // --- dead-end: a reached LB / web / app with no in-order request edge onward, while a later
  // tier exists.
  for (const node of nodes) {
    if (!reached.has(node.id)) continue;
    if (node.kind !== 'load-balancer' && node.kind !== 'web-server' && node.kind !== 'app-server')
      continue;
    const laterTier = tiers.indexOf(node.kind) + 1 < tiers.length;
    const onward = requestArcs.some((arc) => arc.from.id === node.id);
    if (laterTier && !onward) {
      findings.push({ rule: 'dead-end', severity: 'warning', nodes: [node.id] });
    }
  }

  // --- lb-not-clustered.
  const reachedLbs = nodes.filter((n) => n.kind === 'load-balancer' && reached.has(n.id));
  if (reachedLbs.length >= 2) {
    const cluster = reachedLbs[0]!.cluster;
    const oneCluster = cluster !== undefined && reachedLbs.every((n) => n.cluster === cluster);
    if (!oneCluster) {
      findings.push({
        rule: 'lb-not-clustered',
        severity: 'warning',
        nodes: reachedLbs.map((n) => n.id),
      });
    }
  }

  // --- lb-active-active-single-entry (READING 6).
  for (const cluster of design.clusters) {
    if (cluster.mode === 'active-active' && cluster.entryPoints < 2) {
      findings.push({
        rule: 'lb-active-active-single-entry',
        severity: 'warning',
        nodes: [cluster.id],
      });
    }
  }

  // --- Databases.
  if (has('database') && replicas.length === 0) {
    findings.push({ rule: 'no-replica', severity: 'warning', nodes: primaries.map((n) => n.id) });
  }
  if (primaries.length >= 2) {
    findings.push({
      rule: 'multiple-primaries',
      severity: 'warning',
      nodes: primaries.map((n) => n.id),
    });
  }
  const replicationArcs = replicationEdges.flatMap((e) => memberArcs(design, e));
  for (const replica of replicas) {
    const fed = replicationArcs.some(
      (arc) =>
        arc.to.id === replica.id && arc.from.kind === 'database' && arc.from.role === 'primary',
    );
    if (!fed) findings.push({ rule: 'replica-unfed', severity: 'error', nodes: [replica.id] });
  }
  for (const edge of requestEdges) {
    const writesReplica = membersOf(design, edge.target).some(
      (to) => to.kind === 'database' && to.role === 'replica' && allowsWrite(edge.access ?? 'read'),
    );
    if (writesReplica) {
      findings.push({
        rule: 'replica-write',
        severity: 'error',
        nodes: [edge.source, edge.target],
      });
    }
  }
  for (const edge of replicationEdges) {
    const wrong = memberArcs(design, edge).some(
      (arc) =>
        !(
          arc.from.kind === 'database' &&
          arc.from.role === 'primary' &&
          arc.to.kind === 'database' &&
          arc.to.role === 'replica'
        ),
    );
    if (wrong) {
      findings.push({
        rule: 'replication-direction',
        severity: 'error',
        nodes: [edge.source, edge.target],
      });
    }
  }
  const allRequestArcs = requestEdges.flatMap((e) => memberArcs(design, e));
  const writesPrimary = (arc: Arc) =>
    arc.to.kind === 'database' && arc.to.role === 'primary' && allowsWrite(accessInto(arc));
  if (primaries.length > 0) {
    for (const node of nodes) {
      if (node.kind !== 'app-server' || !reached.has(node.id)) continue;
      if (!allRequestArcs.some((arc) => arc.from.id === node.id && writesPrimary(arc))) {
        findings.push({ rule: 'app-cannot-write', severity: 'warning', nodes: [node.id] });
      }
    }
  }

  // --- tier-order, orphan, colocated-tiers.
  for (const edge of requestEdges) {
    if (outOfOrder(edge)) {
      findings.push({ rule: 'tier-order', severity: 'warning', nodes: [edge.source, edge.target] });
    }
  }
  for (const node of nodes) {
    const ends = new Set([node.id]);
    if (node.cluster !== undefined) ends.add(node.cluster);
    if (!design.edges.some((e) => ends.has(e.source) || ends.has(e.target))) {
      findings.push({ rule: 'orphan', severity: 'warning', nodes: [node.id] });
    }
  }
  for (const server of design.servers) {
    const kinds = new Set(nodes.filter((n) => n.server === server.id).map((n) => n.kind));
    if (kinds.size >= 2) {
      findings.push({ rule: 'colocated-tiers', severity: 'warning', nodes: [server.id] });
    }
  }

  for (const finding of findings) {
    if (finding.flows) finding.flows.sort((a, b) => FLOW_ORDER.indexOf(a) - FLOW_ORDER.indexOf(b));
  }

  // --- The documented design (READING 7).
  const targetsFrom = (from: ComponentKind, to: ComponentKind) =>
    new Set(
      requestArcs.filter((a) => a.from.kind === from && a.to.kind === to).map((a) => a.to.id),
    );
  const lbCluster = design.clusters.some(
    (c) =>
      c.mode === 'active-active' &&
      c.entryPoints >= 2 &&
      nodes.filter((n) => n.cluster === c.id && n.kind === 'load-balancer').length >= 2,
  );
  const onlyPrimary = primaries.length === 1 ? primaries[0] : undefined;
  const dbPrimary =
    onlyPrimary !== undefined &&
    allRequestArcs.some(
      (a) => a.from.kind === 'app-server' && a.to.id === onlyPrimary.id && writesPrimary(a),
    );
  const dbReplicas = replicas.some(
    (replica) =>
      replicationArcs.some(
        (a) => a.to.id === replica.id && a.from.kind === 'database' && a.from.role === 'primary',
      ) &&
      allRequestArcs.some(
        (a) => a.from.kind === 'app-server' && a.to.id === replica.id && allowsRead(accessInto(a)),
      ),
  );
  let layer = new Set(users.map((u) => u.id));
  for (const kind of ['dns', 'load-balancer', 'web-server', 'app-server', 'database'] as const) {
    const from = layer;
    layer = new Set(
      requestArcs.filter((a) => from.has(a.from.id) && a.to.kind === kind).map((a) => a.to.id),
    );
  }
  const requestFlow = layer.size > 0 && !findings.some((f) => f.rule === 'tier-order');
  const noSpof = !findings.some((f) => f.rule === 'spof' || f.rule === 'server-spof');

  return {
    findings,
    checklist: [
      { id: 'lb-cluster', passed: lbCluster },
      { id: 'web-tier', passed: targetsFrom('load-balancer', 'web-server').size >= 2 },
      { id: 'app-tier', passed: targetsFrom('web-server', 'app-server').size >= 2 },
      { id: 'db-primary', passed: dbPrimary },
      { id: 'db-replicas', passed: dbReplicas },
      { id: 'request-flow', passed: requestFlow },
      { id: 'no-spof', passed: noSpof },
    ],
  };
}
