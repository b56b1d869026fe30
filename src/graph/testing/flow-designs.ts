/**
 * Test support for the flow analysis (never imported by app code):
 * - {@link arbitraryFlowDesign}: random valid designs biased towards the documented tiers
 *   (so that users actually reach web servers and databases), with clusters (also empty
 *   ones), servers, parallel edges, replication edges, cycles, skipped tiers and edges
 *   running backwards;
 * - {@link referenceFlowVerdicts}: DESIGN.md §3's flows and SPOFs written the slow, obvious
 *   way — expand every edge, keep the ordered ones, then for each user remove each
 *   component (each server) and search again. Written from the text, sharing no code with
 *   the dominator implementation.
 */
import fc from 'fast-check';
import type {
  Access,
  Cluster,
  ComponentKind,
  Design,
  DesignEdge,
  DesignNode,
  Server,
} from '../../model/types';

const KIND_POOL: readonly ComponentKind[] = [
  'user',
  'dns',
  'load-balancer',
  'load-balancer',
  'web-server',
  'web-server',
  'app-server',
  'app-server',
  'database',
  'database',
];

const ORDER: readonly ComponentKind[] = [
  'user',
  'dns',
  'load-balancer',
  'web-server',
  'app-server',
  'database',
];

interface RawNode {
  kind: number;
  replica: boolean;
  cluster: number;
  server: number;
}
interface RawEdge {
  source: number;
  target: number;
  sourceCluster: boolean;
  targetCluster: boolean;
  /** 0–5 forward to the next tier (kept in order when possible), 6 any pair, 7 replication. */
  shape: number;
  access: number;
}

export interface FlowDesignOptions {
  maxNodes?: number;
  maxEdges?: number;
}

/** Random valid designs that mostly keep the tier order, with odd edges mixed in. */
export function arbitraryFlowDesign(options: FlowDesignOptions = {}): fc.Arbitrary<Design> {
  const maxNodes = options.maxNodes ?? 14;
  const maxEdges = options.maxEdges ?? maxNodes * 3;
  const rawNode = fc.record({
    kind: fc.nat(KIND_POOL.length - 1),
    replica: fc.boolean(),
    cluster: fc.nat(5),
    server: fc.nat(6),
  });
  const rawEdge = fc.record({
    source: fc.nat(),
    target: fc.nat(),
    sourceCluster: fc.boolean(),
    targetCluster: fc.boolean(),
    shape: fc.nat(7),
    access: fc.nat(2),
  });
  return fc
    .record({
      users: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 8, arbitrary: fc.integer({ min: 1, max: 2 }) },
      ),
      nodes: fc.array(rawNode, { minLength: 1, maxLength: maxNodes, size: 'medium' }),
      edges: fc.array(rawEdge, { minLength: 2, maxLength: maxEdges, size: 'medium' }),
      emptyCluster: fc.boolean(),
      activeActive: fc.boolean(),
      entryPoints: fc.integer({ min: 1, max: 2 }),
    })
    .map((raw) => buildDesign(raw));
}

function buildDesign(raw: {
  users: number;
  nodes: RawNode[];
  edges: RawEdge[];
  emptyCluster: boolean;
  activeActive: boolean;
  entryPoints: number;
}): Design {
  const nodes: DesignNode[] = [];
  const clusters: Cluster[] = [];
  const servers: Server[] = [];
  const clusterOf = new Map<string, string>(); // `${kind}/${k}` → cluster id
  const serverIds = new Set<string>();
  const add = (kind: ComponentKind, r: RawNode | undefined, i: number) => {
    const node: DesignNode = {
      id: `n${i}`,
      kind,
      label: `${kind} ${i}`,
      position: { x: i * 200, y: 0 },
    };
    if (kind === 'database') node.role = r?.replica ? 'replica' : 'primary';
    if (r && r.cluster >= 3 && kind !== 'user') {
      const key = `${kind}/${r.cluster}`;
      let id = clusterOf.get(key);
      if (id === undefined) {
        id = `c${clusters.length}`;
        clusterOf.set(key, id);
        clusters.push({
          id,
          label: `Cluster ${clusters.length}`,
          mode: raw.activeActive ? 'active-active' : 'active-passive',
          entryPoints: raw.entryPoints,
        });
      }
      node.cluster = id;
    }
    if (r && r.server >= 3) {
      const id = `s${r.server}`;
      node.server = id;
      if (!serverIds.has(id)) {
        serverIds.add(id);
        servers.push({ id, label: `Server ${r.server}` });
      }
    }
    nodes.push(node);
  };
  for (let i = 0; i < raw.users; i++) add('user', undefined, nodes.length);
  for (const r of raw.nodes) add(KIND_POOL[r.kind]!, r, nodes.length);
  if (raw.emptyCluster) {
    clusters.push({ id: 'empty', label: 'Empty', mode: 'active-active', entryPoints: 1 });
  }
  servers.sort((a, b) => a.id.localeCompare(b.id));

  const n = nodes.length;
  const edges: DesignEdge[] = [];
  const rank = (k: ComponentKind) => ORDER.indexOf(k);
  for (const r of raw.edges) {
    const s = nodes[r.source % n]!;
    let t = nodes[r.target % n]!;
    let kind: DesignEdge['kind'] = 'request';
    if (r.shape === 7) kind = 'replication';
    else if (r.shape <= 5) {
      // Prefer a target one step further along the documented order.
      const want = rank(s.kind) + 1;
      const candidates = nodes.filter((m) => rank(m.kind) >= want && m !== s);
      if (candidates.length > 0) {
        const nextRank = Math.min(...candidates.map((m) => rank(m.kind)));
        const pool = candidates.filter((m) => rank(m.kind) === nextRank);
        t = pool[r.target % pool.length]!;
      }
    }
    const source = r.sourceCluster && s.cluster !== undefined ? s.cluster : s.id;
    let target = r.targetCluster && t.cluster !== undefined ? t.cluster : t.id;
    if (r.targetCluster && r.sourceCluster && r.shape === 6 && raw.emptyCluster) target = 'empty';
    if (source === target) continue;
    const memberOf = (nodeId: string, clusterId: string) =>
      nodes.some((m) => m.id === nodeId && m.cluster === clusterId);
    if (memberOf(source, target) || memberOf(target, source)) continue;
    if (source === 'empty' || target === 'empty') {
      if (kind !== 'request') continue;
    }
    const edge: DesignEdge = { id: `e${edges.length}`, source, target, kind };
    const targetsDb =
      target !== 'empty' &&
      nodes.some((m) => (m.id === target || m.cluster === target) && m.kind === 'database');
    if (kind === 'request' && targetsDb) {
      edge.access = (['read', 'write', 'read-write'] as const)[r.access] as Access;
    }
    edges.push(edge);
  }
  return { title: 'random', nodes, edges, clusters, servers };
}

export type ReferenceFlow = 'static' | 'read' | 'write' | 'dynamic';

export interface ReferenceVerdict {
  /** Ids of users reaching no end. */
  pathless: string[];
  /** Ids of components (not user/DNS) that are SPOFs. */
  spofs: string[];
  /** Ids of servers (≥ 2 components) that are SPOFs. */
  serverSpofs: string[];
}

/** DESIGN.md §3's flows and SPOFs by brute force: remove, search again. */
export function referenceFlowVerdicts(design: Design): Map<ReferenceFlow, ReferenceVerdict> {
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const expand = (id: string): DesignNode[] => {
    const node = byId.get(id);
    return node ? [node] : design.nodes.filter((n) => n.cluster === id);
  };
  const has = (k: ComponentKind) => design.nodes.some((n) => n.kind === k);
  const tiers = (['load-balancer', 'web-server', 'app-server', 'database'] as const).filter(has);
  const ordered = (a: ComponentKind, b: ComponentKind): boolean => {
    if (a === 'user') return b === 'dns' || b === tiers[0];
    if (a === 'dns') return b === tiers[0];
    const i = (tiers as readonly string[]).indexOf(a);
    return i >= 0 && tiers[i + 1] === b;
  };
  interface Arc {
    from: DesignNode;
    to: DesignNode;
    access: Access | undefined;
  }
  const arcs: Arc[] = [];
  for (const edge of design.edges) {
    if (edge.kind !== 'request') continue;
    const sources = expand(edge.source);
    const targets = expand(edge.target);
    if (sources.some((s) => targets.some((t) => !ordered(s.kind, t.kind)))) continue;
    for (const s of sources) {
      if (s.kind === 'database') continue;
      for (const t of targets) arcs.push({ from: s, to: t, access: edge.access });
    }
  }
  const flows: ReferenceFlow[] = [];
  if (has('web-server')) flows.push('static');
  if (has('database')) flows.push('read', 'write');
  else if (has('app-server')) flows.push('dynamic');

  const result = new Map<ReferenceFlow, ReferenceVerdict>();
  for (const flow of flows) {
    const usable = (arc: Arc): boolean => {
      if (arc.to.kind !== 'database') return true;
      const access = arc.access ?? 'read-write';
      if (flow === 'read') return access !== 'write';
      if (flow === 'write') return arc.to.role !== 'replica' && access !== 'read';
      return true;
    };
    const isEnd = (n: DesignNode): boolean =>
      flow === 'static'
        ? n.kind === 'web-server'
        : flow === 'dynamic'
          ? n.kind === 'app-server'
          : flow === 'read'
            ? n.kind === 'database'
            : n.kind === 'database' && n.role !== 'replica';
    const out = new Map<DesignNode, DesignNode[]>();
    for (const arc of arcs) {
      if (!usable(arc)) continue;
      const list = out.get(arc.from) ?? [];
      list.push(arc.to);
      out.set(arc.from, list);
    }
    const reachesEnd = (user: DesignNode, removed: ReadonlySet<DesignNode>): boolean => {
      if (removed.has(user)) return false;
      const seen = new Set([user]);
      const queue = [user];
      while (queue.length > 0) {
        const v = queue.shift()!;
        for (const w of out.get(v) ?? []) {
          if (removed.has(w) || seen.has(w)) continue;
          if (isEnd(w)) return true;
          seen.add(w);
          queue.push(w);
        }
      }
      return false;
    };
    const verdict: ReferenceVerdict = { pathless: [], spofs: [], serverSpofs: [] };
    const spofs = new Set<string>();
    const serverSpofs = new Set<string>();
    for (const user of design.nodes.filter((n) => n.kind === 'user')) {
      if (!reachesEnd(user, new Set())) {
        verdict.pathless.push(user.id);
        continue;
      }
      for (const c of design.nodes) {
        if (c.kind === 'user' || c.kind === 'dns') continue;
        if (!reachesEnd(user, new Set([c]))) spofs.add(c.id);
      }
      for (const server of design.servers) {
        const on = design.nodes.filter((n) => n.server === server.id);
        if (on.length < 2) continue;
        if (!reachesEnd(user, new Set(on))) serverSpofs.add(server.id);
      }
    }
    verdict.spofs = design.nodes.filter((n) => spofs.has(n.id)).map((n) => n.id);
    verdict.serverSpofs = design.servers.filter((s) => serverSpofs.has(s.id)).map((s) => s.id);
    result.set(flow, verdict);
  }
  return result;
}
