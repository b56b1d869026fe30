/**
 * Random designs for property tests (fast-check): every kind, clusters of either mode,
 * servers shared by several components, odd and out-of-order edges, parallel edges, any
 * access. Each design keeps the invariants of a parsed `Design` (model/types.ts).
 * Test-only: imported by `*.test.ts`, never by the app.
 */
import fc from 'fast-check';
import type {
  Access,
  Cluster,
  ComponentKind,
  Design,
  DesignEdge,
  DesignNode,
} from '../model/types';

const KIND_COUNTS: ReadonlyArray<readonly [ComponentKind, number]> = [
  ['user', 2],
  ['dns', 2],
  ['load-balancer', 3],
  ['web-server', 3],
  ['app-server', 3],
  ['database', 3],
];

/** A random design and a random set of failed node and server ids in it. */
export interface Scenario {
  design: Design;
  failed: string[];
}

const ACCESS: readonly Access[] = ['read', 'write', 'read-write'];

/** Random scenarios: a design (often a documented-looking stack plus random edges) and failures. */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    counts: fc.tuple(...KIND_COUNTS.map(([, max]) => fc.integer({ min: 0, max }))),
    replica: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    clusterKinds: fc.array(
      fc.record({
        kind: fc.constantFrom<ComponentKind>(
          'dns',
          'load-balancer',
          'web-server',
          'app-server',
          'database',
        ),
        mode: fc.constantFrom('active-active' as const, 'active-passive' as const),
        pick: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    serverOf: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 16, maxLength: 16 }),
    algorithms: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    edges: fc.array(
      fc.record({
        s: fc.nat(),
        t: fc.nat(),
        replication: fc.boolean(),
        access: fc.constantFrom(...ACCESS),
      }),
      { maxLength: 40 },
    ),
    chain: fc.boolean(),
    chainAccess: fc.array(fc.constantFrom(...ACCESS, 'default' as const), {
      minLength: 9,
      maxLength: 9,
    }),
    fail: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map((r) => {
    const nodes: DesignNode[] = [];
    KIND_COUNTS.forEach(([kind], k) => {
      for (let i = 0; i < (r.counts[k] ?? 0); i++) {
        const node: DesignNode = {
          id: `${kind}${i}`,
          kind,
          label: `${kind} ${i}`,
          position: { x: 0, y: 0 },
        };
        if (kind === 'database') node.role = r.replica[i] ? 'replica' : 'primary';
        if (kind === 'load-balancer' && r.algorithms[i]) node.algorithm = 'least-connections';
        nodes.push(node);
      }
    });

    const clusters: Cluster[] = [];
    r.clusterKinds.forEach((c, ci) => {
      const id = `cluster${ci}`;
      const free = nodes.filter((n) => n.kind === c.kind && n.cluster === undefined);
      clusters.push({ id, label: `Cluster ${ci}`, mode: c.mode, entryPoints: 2 });
      free.forEach((n, i) => {
        if (c.pick[i]) n.cluster = id;
      });
    });

    const servers = [0, 1, 2].map((i) => ({ id: `server${i}`, label: `Server ${i}` }));
    nodes.forEach((n, i) => {
      const s = r.serverOf[i] ?? -1;
      if (s >= 0) n.server = `server${s}`;
    });

    const endpoints = [...nodes.map((n) => n.id), ...clusters.map((c) => c.id)];
    const membersOf = (id: string) => nodes.filter((n) => n.id === id || n.cluster === id);
    const edges: DesignEdge[] = [];
    const addEdge = (source: string, target: string, replication: boolean, access: Access) => {
      if (source === target) return;
      const from = membersOf(source);
      const to = membersOf(target);
      // No edge between a cluster and one of its own members.
      if (from.some((n) => n.cluster === target) || to.some((n) => n.cluster === source)) return;
      const edge: DesignEdge = {
        id: `e${edges.length}`,
        source,
        target,
        kind: replication ? 'replication' : 'request',
      };
      if (!replication && to.length > 0 && to.every((n) => n.kind === 'database'))
        edge.access = access;
      edges.push(edge);
    };
    if (r.chain) {
      // A mostly documented stack, so that many scenarios have working flows.
      const order: ComponentKind[] = [
        'user',
        'dns',
        'load-balancer',
        'web-server',
        'app-server',
        'database',
      ];
      for (let k = 0; k + 1 < order.length; k++) {
        nodes
          .filter((n) => n.kind === order[k])
          .forEach((a, i) => {
            nodes
              .filter((n) => n.kind === order[k + 1])
              .forEach((b, j) => {
                const chosen = r.chainAccess[(i * 3 + j) % 9] ?? 'default';
                const fallback = b.role === 'replica' ? 'read' : 'read-write';
                addEdge(a.id, b.id, false, chosen === 'default' ? fallback : chosen);
              });
          });
      }
    }
    if (endpoints.length > 0) {
      for (const e of r.edges) {
        addEdge(
          endpoints[e.s % endpoints.length]!,
          endpoints[e.t % endpoints.length]!,
          e.replication,
          e.access,
        );
      }
    }

    const failable = [...nodes.map((n) => n.id), ...servers.map((s) => s.id)];
    const failed =
      failable.length > 0 ? [...new Set(r.fail.map((f) => failable[f % failable.length]!))] : [];
    return { design: { title: 'random', nodes, edges, clusters, servers }, failed };
  });
