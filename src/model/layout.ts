/**
 * Automatic placement: the tier layout of a design whose components have no positions, and
 * a free spot for a component being added or pasted.
 *
 * Positions are the top-left corners of components of size {@link NODE_SIZE}, snapped to
 * {@link GRID}. Everything here is pure and deterministic.
 */
import { CLUSTER_PADDING, GRID, KINDS, NODE_SIZE, SERVER_PADDING } from './catalogue';
import type { ComponentKind, Design, DesignNode, Position } from './types';
import { LIMITS } from './types';

/** Horizontal distance between the left edges of two tier columns, px (a multiple of GRID). */
export const COLUMN_STEP = snapUp(NODE_SIZE.width + 104);
/**
 * Extra room before the database column, px: edges into databases carry their access
 * ("read", "read-write") as a caption, and the app tier usually fans out to every database.
 */
export const DATA_COLUMN_EXTRA = 64;
/** Vertical distance between the top edges of two components in a column, px. */
export const ROW_STEP = snapUp(NODE_SIZE.height + 40);
/** The least space between the boxes of two groups (servers, clusters) stacked in a column, px. */
export const GROUP_MARGIN = 24;
/** The least free space kept around a component placed by {@link findFreePosition}, px. */
export const NODE_GAP = GRID;

/** Column of each kind, left to right: user, DNS, load balancers, web, app, databases. */
const COLUMN_OF: Readonly<Record<ComponentKind, number>> = {
  user: 0,
  dns: 1,
  'load-balancer': 2,
  'web-server': 3,
  'app-server': 4,
  database: 5,
};

/** The column a kind is laid out in (user 0 … database 5); unknown kinds go last. */
export function columnOf(kind: ComponentKind): number {
  return COLUMN_OF[kind] ?? KINDS[kind]?.tier ?? 6;
}

/** Rounds to the nearest multiple of {@link GRID}. */
export function snapToGrid(value: number): number {
  const snapped = Math.round(value / GRID) * GRID;
  return snapped === 0 ? 0 : snapped; // never -0: it would not survive JSON
}

function snapUp(value: number): number {
  return Math.ceil(value / GRID) * GRID;
}

/**
 * The design with every component placed by tier: users and DNS at the left, then load
 * balancers, web servers, app servers and databases, one column each (empty columns
 * skipped). Within a column, members of one server (then of one cluster) stay adjacent,
 * in the order they first appear in the file; a column's components are evenly spaced
 * and centred on y = 0.
 */
export function layoutByTier(design: Design): Design {
  const positions = computeTierPositions(design.nodes);
  return {
    ...design,
    nodes: design.nodes.map((node) => ({
      ...node,
      position: positions.get(node) ?? node.position,
    })),
  };
}

/** The tier position of each node (keyed by the node object itself, so ids need not be unique). */
export function computeTierPositions(nodes: readonly DesignNode[]): Map<DesignNode, Position> {
  // Group: a server's components stay together, then a cluster's, in file order.
  const groupRank = new Map<string, number>();
  const rankOf = (node: DesignNode, index: number): number => {
    const key =
      node.server !== undefined
        ? `s:${node.server}`
        : node.cluster !== undefined
          ? `c:${node.cluster}`
          : `n:${index}`;
    let rank = groupRank.get(key);
    if (rank === undefined) {
      rank = index;
      groupRank.set(key, rank);
    }
    return rank;
  };
  const columns = new Map<number, Array<{ node: DesignNode; rank: number; index: number }>>();
  nodes.forEach((node, index) => {
    const column = columnOf(node.kind);
    const entry = { node, rank: rankOf(node, index), index };
    const list = columns.get(column);
    if (list) list.push(entry);
    else columns.set(column, [entry]);
  });

  const result = new Map<DesignNode, Position>();
  const used = [...columns.keys()].sort((a, b) => a - b);
  used.forEach((column, columnIndex) => {
    const entries = columns.get(column)!;
    // Within a group (same server): cluster members adjacent, then file order.
    const clusterRank = new Map<string, number>();
    for (const { node, index } of entries) {
      if (node.cluster !== undefined && !clusterRank.has(node.cluster))
        clusterRank.set(node.cluster, index);
    }
    entries.sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.node.cluster !== undefined ? clusterRank.get(a.node.cluster)! : a.index) -
          (b.node.cluster !== undefined ? clusterRank.get(b.node.cluster)! : b.index) ||
        a.index - b.index,
    );
    // Rows, with room between two groups for their boxes' padding (server and cluster boxes
    // drawn around neighbouring rows must not overlap).
    const offsets: number[] = [];
    let y = 0;
    entries.forEach(({ node }, row) => {
      if (row > 0) y += ROW_STEP + groupGap(entries[row - 1]!.node, node);
      offsets.push(y);
    });
    const height = y + NODE_SIZE.height;
    const top = snapToGrid(-height / 2);
    const x =
      columnIndex * COLUMN_STEP +
      (column === COLUMN_OF.database && columnIndex > 0 ? DATA_COLUMN_EXTRA : 0);
    entries.forEach(({ node }, row) => {
      result.set(node, { x, y: clamp(top + offsets[row]!) });
    });
  });
  return result;
}

/**
 * Extra space between two consecutive components of a column, `above` then `below`: none
 * inside one group; otherwise enough for the padding of every box that ends at `above` and
 * starts at `below`, plus {@link GROUP_MARGIN}.
 */
function groupGap(above: DesignNode, below: DesignNode): number {
  let padding = 0;
  if (above.server !== below.server) {
    padding += above.server !== undefined ? SERVER_PADDING.bottom : 0;
    padding += below.server !== undefined ? SERVER_PADDING.top : 0;
    // A cluster box sits inside its server's padding; outside a server it needs its own.
    if (above.server === undefined && above.cluster !== undefined)
      padding += CLUSTER_PADDING.bottom;
    if (below.server === undefined && below.cluster !== undefined) padding += CLUSTER_PADDING.top;
  } else if (above.cluster !== below.cluster) {
    padding += above.cluster !== undefined ? CLUSTER_PADDING.bottom : 0;
    padding += below.cluster !== undefined ? CLUSTER_PADDING.top : 0;
  } else {
    return 0;
  }
  if (padding === 0) return 0;
  return snapUp(Math.max(0, padding + GROUP_MARGIN - (ROW_STEP - NODE_SIZE.height)));
}

function clamp(value: number): number {
  return Math.max(-LIMITS.maxCoordinate, Math.min(LIMITS.maxCoordinate, value));
}

/**
 * An index of the rectangles components occupy, for fast "is this spot free" questions
 * over thousands of components.
 */
export class Occupancy {
  private readonly cells = new Map<number, Position[]>();
  private static readonly CELL_W = NODE_SIZE.width + NODE_GAP;
  private static readonly CELL_H = NODE_SIZE.height + NODE_GAP;

  constructor(positions: Iterable<Position> = []) {
    for (const position of positions) this.add(position);
  }

  add(position: Position): void {
    const key = Occupancy.cellKey(
      Math.floor(position.x / Occupancy.CELL_W),
      Math.floor(position.y / Occupancy.CELL_H),
    );
    const list = this.cells.get(key);
    if (list) list.push(position);
    else this.cells.set(key, [position]);
  }

  /** True when a component at `position` would overlap (or touch, within NODE_GAP) one already here. */
  isTaken(position: Position): boolean {
    const cx = Math.floor(position.x / Occupancy.CELL_W);
    const cy = Math.floor(position.y / Occupancy.CELL_H);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = this.cells.get(Occupancy.cellKey(cx + dx, cy + dy));
        if (!list) continue;
        for (const other of list) {
          if (
            Math.abs(other.x - position.x) < Occupancy.CELL_W &&
            Math.abs(other.y - position.y) < Occupancy.CELL_H
          ) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A number per cell: coordinates stay within ±1e6, so cells within ±10⁵ (exact in a double). */
  private static cellKey(cx: number, cy: number): number {
    return (cx + 200_000) * 400_000 + (cy + 200_000);
  }
}

/** Offsets (in steps) of ring r around a spot, nearest first, deterministic; cached per ring. */
const ringCache = new Map<number, ReadonlyArray<readonly [number, number]>>();
const STEP_X = snapUp(NODE_SIZE.width + NODE_GAP);
const STEP_Y = snapUp(NODE_SIZE.height + NODE_GAP);
const MAX_RING = 400;

function ringOffsets(ring: number): ReadonlyArray<readonly [number, number]> {
  let offsets = ringCache.get(ring);
  if (offsets) return offsets;
  const list: Array<{ i: number; j: number; d: number; order: number }> = [];
  for (let i = -ring; i <= ring; i++) {
    // Only the ring's border: full rows at j = ±ring, the two ends elsewhere.
    const js = Math.abs(i) === ring ? range(-ring, ring) : [-ring, ring];
    for (const j of js) {
      list.push({
        i,
        j,
        d: Math.hypot(i * STEP_X, j * STEP_Y),
        order: (j < 0 ? 2 : 0) + (i < 0 ? 1 : 0),
      });
    }
  }
  // Nearest first; then below before above, right before left; then by position.
  list.sort((a, b) => a.d - b.d || a.order - b.order || a.j - b.j || a.i - b.i);
  offsets = list.map(({ i, j }) => [i, j] as const);
  if (ringCache.size < 64) ringCache.set(ring, offsets);
  return offsets;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) out.push(v);
  return out;
}

/**
 * The free spot nearest to `near` (snapped to the grid) where a new component overlaps no
 * existing one, with at least {@link NODE_GAP} px between them. Searches outwards ring by
 * ring; deterministic.
 */
export function findFreePosition(design: Design, near: Position): Position {
  return findFreeIn(new Occupancy(design.nodes.map((n) => n.position)), near);
}

/** {@link findFreePosition} against a prepared {@link Occupancy} (for placing many at once). */
export function findFreeIn(occupancy: Occupancy, near: Position): Position {
  const start = {
    x: clamp(snapToGrid(Number.isFinite(near.x) ? near.x : 0)),
    y: clamp(snapToGrid(Number.isFinite(near.y) ? near.y : 0)),
  };
  if (!occupancy.isTaken(start)) return start;
  for (let ring = 1; ring <= MAX_RING; ring++) {
    for (const [i, j] of ringOffsets(ring)) {
      const p = { x: start.x + i * STEP_X, y: start.y + j * STEP_Y };
      if (Math.abs(p.x) > LIMITS.maxCoordinate || Math.abs(p.y) > LIMITS.maxCoordinate) continue;
      if (!occupancy.isTaken(p)) return p;
    }
  }
  return start; // the board is full around `near`: overlap rather than fail
}
