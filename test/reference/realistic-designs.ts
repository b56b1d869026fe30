/**
 * Random designs that look like what people draw: user → dns → load balancers → web → app →
 * databases, mostly wired in order, tier by tier, with clusters (by id or by member), servers
 * holding a stack or a tier, replication edges, and a few odd things: a skipped tier, a
 * backward or sideways edge (cycles), an unusual access, parallel edges, a missing link,
 * several users, an empty cluster. Uniformly random graphs rarely reach a database, so they
 * rarely exercise single points of failure; these do.
 *
 * Test support only. Every design keeps the invariants of `Design` (types.ts).
 */
import { checkDesignInvariants, createRng } from '../../src/model/testing/arbitraries';
import { TEMPLATES } from '../../src/model/templates';
import type {
  Access,
  Cluster,
  ComponentKind,
  Design,
  DesignEdge,
  DesignNode,
  Server,
} from '../../src/model/types';

const LAYERS: readonly ComponentKind[] = [
  'user',
  'dns',
  'load-balancer',
  'web-server',
  'app-server',
  'database',
];

const PREFIX: Readonly<Record<ComponentKind, string>> = {
  user: 'user',
  dns: 'dns',
  'load-balancer': 'lb',
  'web-server': 'web',
  'app-server': 'app',
  database: 'db',
};

/**
 * A realistic random design from a seed (deterministic): two in three built tier by tier
 * ({@link createLayeredDesign}), one in three a course template with a few edits
 * ({@link createEditedTemplate}), so near-documented designs, where single points of
 * failure are subtle, come up often.
 */
export function createRealisticDesign(seed: number): Design {
  return createRng(seed ^ 0x5eed)() < 0.34 ? createEditedTemplate(seed) : createLayeredDesign(seed);
}

/**
 * A design built tier by tier, mostly in order, with a few odd edges. `wide` designs have up
 * to six components a tier and up to six servers (many ways round a server to exercise
 * `server-spof`).
 */
export function createLayeredDesign(seed: number, wide = false): Design {
  const rng = createRng(seed);
  const chance = (p: number) => rng() < p;
  const int = (n: number) => Math.floor(rng() * n);
  /** An index drawn from relative weights. */
  const weighted = (weights: readonly number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = rng() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  };
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

  const counts: Record<ComponentKind, number> = {
    user: weighted([4, 80, 12, 4]),
    dns: weighted([20, 70, 10]),
    'load-balancer': weighted(wide ? [10, 20, 30, 20, 10, 10] : [25, 30, 35, 10]),
    'web-server': weighted(wide ? [5, 15, 25, 25, 15, 10, 5] : [12, 30, 43, 15]),
    'app-server': weighted(wide ? [5, 15, 25, 25, 15, 10, 5] : [18, 30, 42, 10]),
    database: weighted(wide ? [5, 25, 30, 20, 10, 10] : [15, 35, 35, 15]),
  };

  const nodes: DesignNode[] = [];
  const byKind = new Map<ComponentKind, DesignNode[]>();
  for (const kind of LAYERS) {
    const list: DesignNode[] = [];
    for (let i = 1; i <= counts[kind]; i++) {
      const node: DesignNode = {
        id: `${PREFIX[kind]}${i}`,
        kind,
        label: `${PREFIX[kind]} ${i}`,
        position: { x: LAYERS.indexOf(kind) * 240, y: i * 96 },
      };
      if (kind === 'database') {
        node.role =
          i === 1 ? (chance(0.92) ? 'primary' : 'replica') : chance(0.8) ? 'replica' : 'primary';
      }
      list.push(node);
      nodes.push(node);
    }
    byKind.set(kind, list);
  }
  const ofKind = (kind: ComponentKind) => byKind.get(kind) ?? [];

  // Clusters: mostly load balancers; sometimes a web, app or database tier; now and then
  // an empty one or one holding part of a tier only.
  const clusters: Cluster[] = [];
  const clusterKind = new Map<string, ComponentKind>();
  const clusterProbability: Partial<Record<ComponentKind, number>> = {
    'load-balancer': 0.65,
    'web-server': 0.15,
    'app-server': 0.12,
    database: 0.1,
    user: 0.03,
  };
  for (const kind of LAYERS) {
    const members = ofKind(kind);
    if (members.length === 0 || !chance(clusterProbability[kind] ?? 0)) continue;
    const id = `${PREFIX[kind]}c`;
    clusters.push({
      id,
      label: `${PREFIX[kind]} cluster`,
      mode: chance(0.7) ? 'active-active' : 'active-passive',
      entryPoints: 1 + weighted([40, 50, 10]),
    });
    clusterKind.set(id, kind);
    const some = chance(0.8) ? members : members.filter(() => chance(0.5));
    for (const member of some) member.cluster = id;
  }
  if (chance(0.04)) {
    clusters.push({
      id: 'emptyc',
      label: 'empty',
      mode: pick(['active-active', 'active-passive']),
      entryPoints: 1 + int(2),
    });
  }

  // Servers: none, a stack per index (the distributed template), one big server, or random.
  const servers: Server[] = [];
  const serverPlan = weighted(wide ? [10, 30, 10, 50] : [45, 20, 15, 20]);
  const serverCount = 1 + int(wide ? 6 : 3);
  if (serverPlan === 1) {
    const n = serverCount;
    for (let i = 1; i <= n; i++) servers.push({ id: `s${i}`, label: `Server ${i}` });
    for (const kind of ['web-server', 'app-server', 'database'] as const) {
      ofKind(kind).forEach((node, i) => {
        if (i < n && chance(0.85)) node.server = `s${i + 1}`;
      });
    }
  } else if (serverPlan === 2) {
    servers.push({ id: 's1', label: 'Server 1' });
    for (const node of nodes) {
      const p = node.kind === 'user' ? 0.02 : node.kind === 'dns' ? 0.05 : 0.5;
      if (chance(p)) node.server = 's1';
    }
  } else if (serverPlan === 3) {
    const n = serverCount;
    for (let i = 1; i <= n; i++) servers.push({ id: `s${i}`, label: `Server ${i}` });
    for (const node of nodes) {
      const p = node.kind === 'user' ? 0.02 : node.kind === 'dns' ? 0.05 : 0.4;
      if (chance(p)) node.server = `s${1 + int(n)}`;
    }
  }

  // Endpoints of a layer: a clustered member is often named through its cluster.
  const endpointsOf = (kind: ComponentKind): string[] => {
    const out: string[] = [];
    for (const node of ofKind(kind)) {
      const viaCluster = node.cluster !== undefined && chance(0.75) ? node.cluster : node.id;
      if (!out.includes(viaCluster)) out.push(viaCluster);
    }
    return out;
  };
  const kindOf = (endpoint: string) =>
    nodes.find((n) => n.id === endpoint || n.cluster === endpoint)?.kind;
  const roleOf = (endpoint: string) => {
    const node = nodes.find((n) => n.id === endpoint);
    if (node) return node.role;
    const members = nodes.filter((n) => n.cluster === endpoint);
    return members.every((m) => m.role === 'replica') ? 'replica' : 'primary';
  };
  const accessFor = (target: string): Access =>
    roleOf(target) === 'replica'
      ? pick<Access>(['read', 'read', 'read', 'read', 'read', 'read', 'read-write', 'write'])
      : pick<Access>(['read-write', 'read-write', 'read-write', 'write', 'write', 'read']);

  const edges: DesignEdge[] = [];
  const isMemberPair = (a: string, b: string) =>
    nodes.some((n) => (n.id === b && n.cluster === a) || (n.id === a && n.cluster === b));
  const addEdge = (source: string, target: string, kind: DesignEdge['kind'] = 'request') => {
    if (source === target || isMemberPair(source, target)) return;
    const edge: DesignEdge = { id: `e${edges.length + 1}`, source, target, kind };
    if (kind === 'request' && kindOf(target) === 'database') edge.access = accessFor(target);
    edges.push(edge);
  };

  // In-order wiring: each present layer to the next present one, with a pattern per pair.
  const present = LAYERS.filter((k) => ofKind(k).length > 0 || clusterKind.has(`${PREFIX[k]}c`));
  for (let i = 0; i + 1 < present.length; i++) {
    const fromKind = present[i]!;
    // Mostly the next present layer; sometimes one further (a skipped tier).
    const toKind = chance(0.06) && present[i + 2] ? present[i + 2]! : present[i + 1]!;
    const sources = endpointsOf(fromKind);
    const targets = endpointsOf(toKind);
    const pattern = weighted([45, 25, 30]);
    sources.forEach((source, s) => {
      targets.forEach((target, t) => {
        const wire =
          pattern === 0 ? chance(0.97) : pattern === 1 ? s % targets.length === t : chance(0.55);
        if (wire) addEdge(source, target);
      });
    });
  }

  // Replication: each replica fed by a primary, sometimes backwards or missing.
  const dbPrimaries = ofKind('database').filter((n) => n.role === 'primary');
  for (const replica of ofKind('database').filter((n) => n.role === 'replica')) {
    const r = rng();
    if (dbPrimaries.length > 0 && r < 0.8) {
      const from = pick(dbPrimaries);
      addEdge(
        from.cluster !== undefined && chance(0.3) ? from.cluster : from.id,
        replica.id,
        'replication',
      );
    } else if (dbPrimaries.length > 0 && r < 0.88) {
      addEdge(replica.id, pick(dbPrimaries).id, 'replication');
    } else if (r < 0.92 && ofKind('database').length > 1) {
      addEdge(pick(ofKind('database')).id, replica.id, 'replication');
    }
  }

  // A few odd edges: anything to anything (backwards, sideways, skipping, cycles).
  const allEndpoints = [...nodes.map((n) => n.id), ...clusters.map((c) => c.id)];
  const odd = weighted([55, 30, 12, 3]);
  for (let i = 0; i < odd && allEndpoints.length > 1; i++) {
    addEdge(pick(allEndpoints), pick(allEndpoints), chance(0.1) ? 'replication' : 'request');
  }
  // A parallel edge now and then, and a missing link.
  if (edges.length > 0 && chance(0.08)) {
    const copy = pick(edges);
    edges.push({ ...copy, id: `e${edges.length + 1}` });
  }
  if (edges.length > 0 && chance(0.2)) edges.splice(int(edges.length), 1);

  return { title: `realistic ${seed}`, nodes, edges, clusters, servers };
}

/**
 * One of the course's templates (scale up, simple stack, distributed) after one to four
 * random edits of the kind a student makes: a connection or component removed, a peer
 * added wired like the original, an access or role changed, a component moved onto a
 * server or out of its cluster, a cluster's mode or entry points changed, an odd edge, a
 * second user.
 */
export function createEditedTemplate(seed: number): Design {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const templates = TEMPLATES.filter((t) => t.design.nodes.length > 0);
  let design = structuredClone(pick(templates).design);
  design.title = `edited ${seed}`;
  let fresh = 0;
  const freshId = (prefix: string) => `${prefix}x${++fresh}`;
  const accessInto = (target: string): Access | undefined => {
    const members = design.nodes.filter((n) => n.id === target || n.cluster === target);
    if (members[0]?.kind !== 'database') return undefined;
    return pick<Access>(['read', 'write', 'read-write']);
  };

  const edits: Array<(d: Design) => void> = [
    (d) => void d.edges.splice(int(d.edges.length), 1),
    (d) => {
      const node = pick(d.nodes);
      d.nodes = d.nodes.filter((n) => n !== node);
      d.edges = d.edges.filter((e) => e.source !== node.id && e.target !== node.id);
    },
    (d) => {
      // A peer wired like the original (the "add a second web server" fix, by hand).
      const node = pick(d.nodes.filter((n) => n.kind !== 'user' && n.kind !== 'dns'));
      const peer: DesignNode = { ...structuredClone(node), id: freshId(node.id) };
      if (rng() < 0.3) delete peer.server;
      d.nodes.push(peer);
      for (const e of d.edges.filter((x) => x.source === node.id || x.target === node.id)) {
        if (rng() < 0.15) continue;
        d.edges.push({
          ...e,
          id: freshId('e'),
          source: e.source === node.id ? peer.id : e.source,
          target: e.target === node.id ? peer.id : e.target,
        });
      }
    },
    (d) => {
      const edge = pick(d.edges.filter((e) => e.access !== undefined));
      edge.access = pick<Access>(['read', 'write', 'read-write']);
    },
    (d) => {
      const db = pick(d.nodes.filter((n) => n.kind === 'database'));
      db.role = db.role === 'primary' ? 'replica' : 'primary';
    },
    (d) => {
      if (d.servers.length === 0 || rng() < 0.3) d.servers.push({ id: freshId('s'), label: 'S' });
      pick(d.nodes.filter((n) => n.kind !== 'user')).server = pick(d.servers).id;
    },
    (d) => {
      const node = pick(d.nodes.filter((n) => n.server !== undefined));
      delete node.server;
    },
    (d) => {
      const node = pick(d.nodes.filter((n) => n.cluster !== undefined));
      delete node.cluster;
    },
    (d) => {
      // Cluster two components of one kind.
      const node = pick(d.nodes.filter((n) => n.kind !== 'user' && n.cluster === undefined));
      const peers = d.nodes.filter((n) => n.kind === node.kind && n.cluster === undefined);
      const id = freshId('c');
      d.clusters.push({ id, label: 'C', mode: 'active-passive', entryPoints: 1 });
      for (const n of peers) n.cluster = id;
    },
    (d) => {
      const cluster = pick(d.clusters);
      if (rng() < 0.5)
        cluster.mode = cluster.mode === 'active-active' ? 'active-passive' : 'active-active';
      else cluster.entryPoints = 1 + int(3);
    },
    (d) => {
      const ends = [...d.nodes.map((n) => n.id), ...d.clusters.map((c) => c.id)];
      const source = pick(ends);
      const target = pick(ends);
      const replication = rng() < 0.2;
      const edge: DesignEdge = {
        id: freshId('e'),
        source,
        target,
        kind: replication ? 'replication' : 'request',
      };
      const access = replication ? undefined : accessInto(target);
      if (access) edge.access = access;
      d.edges.push(edge);
    },
    (d) => {
      const user: DesignNode = {
        id: freshId('user'),
        kind: 'user',
        label: 'User',
        position: { x: 0, y: 0 },
      };
      d.nodes.push(user);
      const dns = pick(d.nodes.filter((n) => n.kind === 'dns' || n.kind === 'load-balancer'));
      d.edges.push({ id: freshId('e'), source: user.id, target: dns.id, kind: 'request' });
    },
  ];

  const count = 1 + int(4);
  for (let applied = 0, tries = 0; applied < count && tries < 40; tries++) {
    const before = structuredClone(design);
    try {
      pick(edits)(design);
    } catch {
      // pick() on an empty list: this edit does not apply to this design.
      design = before;
      continue;
    }
    if (checkDesignInvariants(design).length > 0) design = before;
    else applied++;
  }
  return design;
}
