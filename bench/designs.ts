/**
 * Deterministic benchmark designs: a layered web stack of exactly N components, as a
 * format-1 design file (DESIGN.md §2), shared by both arms of every browser benchmark.
 * The app arm imports it through its own `Import` chooser; the bare React Flow page
 * renders the same nodes and edges at the same positions.
 *
 * Shape (N ≥ 8): one user → one DNS → a cluster of two load balancers (active-active, two
 * entry points) → W web servers → A app servers → one primary database and R replicas fed
 * by it. Each web server talks to two app servers, each app server writes to the primary
 * and reads from one replica. About 2.3 edges per component, no rule breaks the documented
 * order, and the only finding is `db-single-writer`, so the findings panel stays small.
 *
 * Layout: each tier is a block of columns, `rows` deep, so the whole design is about 16:9
 * (a single column per tier would be 80,000 px tall at N = 2,000).
 *
 * Pure: no DOM, no React.
 */
import { NODE_SIZE } from '../src/model/catalogue';
import type { DesignFile } from '../src/model/serialize';
import type { DesignEdge, DesignNode } from '../src/model/types';

/** The smallest design the generator makes (user, DNS, two LBs, two web, one app, one DB). */
export const MIN_COMPONENTS = 8;

/** Horizontal and vertical distance between two components of one tier block, px. */
export const COLUMN_GAP = 272;
export const ROW_GAP = 96;
/** Extra space between two tier blocks, px. */
const BLOCK_GAP = 160;

/** Every id the generator makes starts with this prefix, so tests can find its components. */
export const ID_PREFIX = 'b-';

export interface BenchDesignCounts {
  web: number;
  app: number;
  databases: number;
  components: number;
  edges: number;
}

/** How many components of each tier a design of `components` components has. */
export function countTiers(components: number): Omit<BenchDesignCounts, 'edges'> {
  const n = Math.max(MIN_COMPONENTS, Math.floor(components));
  const rest = n - 4; // user, DNS, two load balancers
  const databases = Math.max(1, Math.round(rest * 0.1));
  const app = Math.max(1, Math.floor((rest - databases) / 2));
  const web = rest - databases - app;
  return { web, app, databases, components: n };
}

/**
 * A layered design of exactly `components` components (at least {@link MIN_COMPONENTS}).
 * Same input, same bytes.
 *
 * @example
 * const file = createBenchDesign(500);
 * file.nodes.length; // 500
 */
export function createBenchDesign(components: number): DesignFile {
  const { web, app, databases, components: n } = countTiers(components);
  const rows = Math.max(4, Math.round(Math.sqrt(1.6 * n)));
  const nodes: DesignNode[] = [];
  const edges: DesignEdge[] = [];
  let x = 0;

  /** Places `count` components of one tier in a block of columns; returns their ids. */
  const block = (count: number, make: (i: number) => Omit<DesignNode, 'position'>): string[] => {
    const ids: string[] = [];
    const blockRows = Math.min(rows, count);
    const columns = Math.ceil(count / blockRows);
    const top = -Math.round(((blockRows - 1) * ROW_GAP + NODE_SIZE.height) / 2 / 16) * 16;
    for (let i = 0; i < count; i++) {
      const column = Math.floor(i / blockRows);
      const row = i % blockRows;
      const node = make(i);
      nodes.push({ ...node, position: { x: x + column * COLUMN_GAP, y: top + row * ROW_GAP } });
      ids.push(node.id);
    }
    x += (columns - 1) * COLUMN_GAP + NODE_SIZE.width + BLOCK_GAP;
    return ids;
  };
  const edge = (source: string, target: string, extra: Partial<DesignEdge> = {}): void => {
    edges.push({
      id: `${ID_PREFIX}e${edges.length + 1}`,
      source,
      target,
      kind: 'request',
      ...extra,
    });
  };

  const [user] = block(1, () => ({ id: `${ID_PREFIX}user`, kind: 'user', label: 'User' }));
  const [dns] = block(1, () => ({
    id: `${ID_PREFIX}dns`,
    kind: 'dns',
    label: 'DNS www.foobar.com',
  }));
  const lbCluster = `${ID_PREFIX}lbc`;
  block(2, (i) => ({
    id: `${ID_PREFIX}lb${i + 1}`,
    kind: 'load-balancer',
    label: `HAProxy ${i + 1}`,
    cluster: lbCluster,
  }));
  const webs = block(web, (i) => ({
    id: `${ID_PREFIX}web${i + 1}`,
    kind: 'web-server',
    label: `Nginx ${i + 1}`,
  }));
  const apps = block(app, (i) => ({
    id: `${ID_PREFIX}app${i + 1}`,
    kind: 'app-server',
    label: `App ${i + 1}`,
  }));
  const dbs = block(databases, (i) => ({
    id: `${ID_PREFIX}db${i + 1}`,
    kind: 'database',
    role: i === 0 ? 'primary' : 'replica',
    label: i === 0 ? 'MySQL primary' : `MySQL replica ${i}`,
  }));

  edge(user!, dns!);
  edge(dns!, lbCluster);
  for (const w of webs) edge(lbCluster, w);
  webs.forEach((w, i) => {
    edge(w, apps[i % apps.length]!);
    if (apps.length > 1) edge(w, apps[(i + 1) % apps.length]!);
  });
  const [primary, ...replicas] = dbs;
  apps.forEach((a, i) => {
    edge(a, primary!, { access: 'read-write' });
    if (replicas.length > 0) edge(a, replicas[i % replicas.length]!, { access: 'read' });
  });
  for (const r of replicas) edge(primary!, r, { kind: 'replication' });

  return {
    format: 'archboard',
    version: 1,
    title: `Benchmark design, ${n} components`,
    nodes,
    edges,
    clusters: [{ id: lbCluster, label: 'HAProxy cluster', mode: 'active-active', entryPoints: 2 }],
    servers: [],
  };
}

/** The design file as the bytes a person would import. */
export function createBenchDesignJson(components: number): string {
  return JSON.stringify(createBenchDesign(components));
}
