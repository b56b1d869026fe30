/**
 * B2 — the rules engine against the physical floor (performance.md §9 B2).
 *
 *   npx tsx bench/rules.ts [--json] [--quick]
 *
 * Input: seeded layered designs of 1,000 and 10,000 components, about 2.6 edges per
 * component: two users, two DNS, load balancers in active-active pairs, web servers (some
 * in clusters), app servers, primaries with their replicas; skipped tiers (5 % of request
 * edges) and edges running backwards (2 %, cycles), parallel edges, and a fifth of the
 * components on shared servers of two or three.
 *
 * Arms, measured interleaved (A B A B …) in one process after discarded warm-up pairs:
 * - A, the floor: what any rule must pay — build the request graph from the design
 *   (`buildRequestGraph`: id index, cluster expansion, tier order, CSR) and one BFS over it;
 * - B: `checkDesign(design)`, the whole engine (every rule, dominators per flow and user,
 *   server SPOFs, messages, checklist).
 * Reported: the median of the per-pair ratios B/A (target ≤ 3 at both sizes), with the
 * median and p95 milliseconds of each arm beside it.
 */
import { buildRequestGraph, findReached } from '../src/graph/request-graph';
import type { Cluster, Design, DesignEdge, DesignNode, Server } from '../src/model/types';
import { checkDesign } from '../src/rules/check-design';
import { type BenchResult, result } from './types';

export type { BenchResult };

/** A small, fast, seeded PRNG (mulberry32): same seed, same design. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A layered design of exactly `components` components (≥ 20), about 2.6 edges each, with
 * skips, cycles, clusters and servers. Deterministic for a given seed.
 */
export function createRulesBenchDesign(components: number, seed = 1): Design {
  const n = Math.max(20, Math.floor(components));
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const nodes: DesignNode[] = [];
  const edges: DesignEdge[] = [];
  const clusters: Cluster[] = [];
  const servers: Server[] = [];
  let x = 0;
  const add = (kind: DesignNode['kind'], label: string, extra: Partial<DesignNode> = {}) => {
    const node: DesignNode = {
      id: `n${nodes.length}`,
      kind,
      label,
      position: { x: (x++ % 100) * 200, y: Math.floor(nodes.length / 100) * 80 },
      ...extra,
    };
    nodes.push(node);
    return node;
  };
  const edge = (source: string, target: string, extra: Partial<DesignEdge> = {}) => {
    edges.push({ id: `e${edges.length}`, source, target, kind: 'request', ...extra });
  };

  const lbCount = Math.max(2, 2 * Math.round(n * 0.01));
  const dbCount = Math.max(2, Math.round(n * 0.1));
  const rest = n - 4 - lbCount - dbCount;
  const webCount = Math.floor(rest / 2);
  const appCount = rest - webCount;

  const users = [add('user', 'User 1'), add('user', 'User 2')];
  const dnses = [add('dns', 'DNS 1'), add('dns', 'DNS 2')];
  const lbTargets: string[] = []; // cluster ids of the LB pairs
  for (let i = 0; i < lbCount; i += 2) {
    const id = `lbc${i / 2}`;
    clusters.push({
      id,
      label: `HAProxy cluster ${i / 2}`,
      mode: 'active-active',
      entryPoints: i % 8 === 0 ? 1 : 2,
    });
    add('load-balancer', `HAProxy ${i + 1}`, { cluster: id });
    add('load-balancer', `HAProxy ${i + 2}`, { cluster: id });
    lbTargets.push(id);
  }
  const webs: DesignNode[] = [];
  const webTargets: string[] = []; // web ids, and clusters of four for a fifth of them
  for (let i = 0; i < webCount; i++) {
    const clustered = i < webCount / 5;
    const cluster = clustered ? `webc${Math.floor(i / 4)}` : undefined;
    if (clustered && i % 4 === 0) {
      clusters.push({
        id: cluster!,
        label: `Web pool ${i / 4}`,
        mode: 'active-active',
        entryPoints: 2,
      });
      webTargets.push(cluster!);
    }
    const web = add('web-server', `Nginx ${i + 1}`, cluster ? { cluster } : {});
    webs.push(web);
    if (!clustered) webTargets.push(web.id);
  }
  const apps: DesignNode[] = [];
  for (let i = 0; i < appCount; i++) apps.push(add('app-server', `App ${i + 1}`));
  const primaries: DesignNode[] = [];
  const replicas: DesignNode[] = [];
  for (let i = 0; i < dbCount; i++) {
    if (i % 8 === 0)
      primaries.push(add('database', `MySQL primary ${i / 8 + 1}`, { role: 'primary' }));
    else replicas.push(add('database', `MySQL replica ${i}`, { role: 'replica' }));
  }

  // The documented path, in order.
  for (const u of users) for (const d of dnses) edge(u.id, d.id);
  for (const d of dnses) for (const c of lbTargets) edge(d.id, c);
  for (const t of webTargets) edge(pick(lbTargets), t);
  for (const w of webs) {
    edge(w.id, pick(apps).id);
    if (random() < 0.5) edge(w.id, pick(apps).id);
  }
  for (const a of apps) {
    edge(a.id, pick(primaries).id, { access: 'read-write' });
    edge(a.id, pick(replicas).id, { access: 'read' });
  }
  replicas.forEach((r, i) =>
    edge(primaries[Math.floor(i / 7) % primaries.length]!.id, r.id, { kind: 'replication' }),
  );

  // More in-order edges up to ~2.6 per component, then skips and backward edges.
  const requestTarget = Math.round(n * 2.6);
  const skips = Math.round(requestTarget * 0.05);
  const backs = Math.round(requestTarget * 0.02);
  while (edges.length < requestTarget - skips - backs) {
    const r = random();
    if (r < 0.4) edge(pick(webs).id, pick(apps).id);
    else if (r < 0.8) edge(pick(apps).id, pick(replicas).id, { access: 'read' });
    else edge(pick(lbTargets), pick(webTargets));
  }
  for (let i = 0; i < skips; i++) {
    const r = random();
    if (r < 0.5) edge(pick(webs).id, pick(replicas).id, { access: 'read' });
    else edge(pick(lbTargets), pick(apps).id);
  }
  for (let i = 0; i < backs; i++) {
    const r = random();
    if (r < 0.5) edge(pick(apps).id, pick(webs).id);
    else edge(pick(webs).id, pick(lbTargets));
  }

  // A fifth of the components on shared servers of two or three (tiers mixed).
  const hosted = [...webs, ...apps, ...replicas].filter(() => random() < 0.2);
  for (let i = 0; i < hosted.length;) {
    const size = random() < 0.5 ? 2 : 3;
    const id = `server${servers.length}`;
    servers.push({ id, label: `Server ${servers.length + 1}` });
    for (const node of hosted.slice(i, i + size)) node.server = id;
    i += size;
  }

  return { title: `Rules benchmark ${n}`, nodes, edges, clusters, servers };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

let sink = 0;

/** Arm A: the request graph and one BFS over it. */
function runFloor(design: Design): void {
  const graph = buildRequestGraph(design);
  const reached = findReached(graph);
  sink += reached[reached.length - 1]! + graph.targets.length;
}

/** Arm B: the rules engine. */
function runRules(design: Design): void {
  const report = checkDesign(design);
  sink += report.findings.length;
}

export interface RulesBenchOptions {
  /** Fewer pairs: a smoke run, not a verdict. */
  quick?: boolean;
}

interface SizePlan {
  components: number;
  warmup: number;
  pairs: number;
}

/** Measures B2 at 1,000 and 10,000 components. Never throws for a size: a failure becomes a missing result. */
export async function runRulesBench(options: RulesBenchOptions = {}): Promise<BenchResult[]> {
  const plans: SizePlan[] = options.quick
    ? [
        { components: 1000, warmup: 5, pairs: 21 },
        { components: 10000, warmup: 2, pairs: 7 },
      ]
    : [
        { components: 1000, warmup: 30, pairs: 201 },
        { components: 10000, warmup: 8, pairs: 41 },
      ];
  const results: BenchResult[] = [];
  for (const plan of plans) {
    const name = `B2 rules N=${plan.components} (rules/floor)`;
    try {
      const design = createRulesBenchDesign(plan.components, 20260501);
      const floor: number[] = [];
      const rules: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < plan.warmup + plan.pairs; i++) {
        const t0 = performance.now();
        runFloor(design);
        const t1 = performance.now();
        runRules(design);
        const t2 = performance.now();
        if (i < plan.warmup) continue; // discarded warm-up pairs
        floor.push(t1 - t0);
        rules.push(t2 - t1);
        ratios.push((t2 - t1) / (t1 - t0));
        // Let the event loop breathe between pairs (the driver may have timers).
        if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const report = checkDesign(design);
      const ms = (v: number) => Math.round(v * 1000) / 1000;
      results.push(
        result(name, Math.round(median(ratios) * 100) / 100, 'ratio', 3, {
          absolute: {
            rules_ms: ms(median(rules)),
            floor_ms: ms(median(floor)),
            rules_p95_ms: ms(percentile(rules, 0.95)),
            floor_p95_ms: ms(percentile(floor, 0.95)),
            pairs: plan.pairs,
            components: design.nodes.length,
            edges: design.edges.length,
            findings: report.findings.length,
          },
        }),
      );
    } catch (error) {
      results.push({
        name,
        value: null,
        unit: 'ratio',
        target: 3,
        pass: false,
        detail: `failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  if (sink === Number.MIN_VALUE) console.log(sink); // keep the work observable
  return results;
}

const invokedDirectly = (() => {
  try {
    return (
      process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href
    );
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const argv = process.argv.slice(2);
  const results = await runRulesBench({ quick: argv.includes('--quick') });
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ benchmarks: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      const abs = Object.entries(r.absolute ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      process.stdout.write(
        `${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: ${r.value ?? '—'} (target ≤ ${r.target})  ${abs}${r.detail ? `  ${r.detail}` : ''}\n`,
      );
    }
  }
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}
