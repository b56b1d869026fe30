/**
 * The flows of DESIGN.md §3, each as its own view of the request graph plus a virtual exit
 * joined from every end of the flow, ready for {@link findDominators}.
 *
 * - `static` (a page, an image) ends at any web server; it exists when the design has one.
 * - `read` ends at any database entered by an edge whose access allows reading, `write` at
 *   a primary entered by an edge whose access allows writing; both exist when the design
 *   has a database. In their graphs an arc into a database is kept only when its design
 *   edge's access allows the operation, and for `write` only into a primary (the lead's
 *   decision in the shared notes): so "reaching the exit" is exactly "reaching an end".
 * - `dynamic` ends at any app server; it exists when there is no database but there are
 *   app servers.
 */
import type { Design } from '../model/types';
import { type Csr, reverseCsr } from './dominators';
import { allows, type RequestGraph } from './request-graph';

/** The flows, in the fixed order findings list them. Same names as the rules' `FlowName`. */
export type FlowName = 'static' | 'read' | 'write' | 'dynamic';
export const FLOW_ORDER: readonly FlowName[] = ['static', 'read', 'write', 'dynamic'];

/** One bit per flow, for compact per-node flow sets: static 1, read 2, write 4, dynamic 8. */
export const FLOW_BIT: Readonly<Record<FlowName, number>> = {
  static: 1,
  read: 2,
  write: 4,
  dynamic: 8,
};

/** The flows a set of flow bits holds, in {@link FLOW_ORDER}. */
export function flowsFromBits(bits: number): FlowName[] {
  const flows: FlowName[] = [];
  for (const f of FLOW_ORDER) if (bits & FLOW_BIT[f]) flows.push(f);
  return flows;
}

/**
 * The flows a design has, in {@link FLOW_ORDER}.
 * @example flowsOf(simpleStack) // ['static', 'read', 'write']
 */
export function flowsOf(design: Design): FlowName[] {
  let web = false;
  let app = false;
  let db = false;
  for (const n of design.nodes) {
    if (n.kind === 'web-server') web = true;
    else if (n.kind === 'app-server') app = true;
    else if (n.kind === 'database') db = true;
  }
  const flows: FlowName[] = [];
  if (web) flows.push('static');
  if (db) flows.push('read', 'write');
  else if (app) flows.push('dynamic');
  return flows;
}

/** A flow's graph: nodes `0 … size - 2` are the design's nodes, `exit` (= size - 1) the virtual exit. */
export interface FlowGraph extends Csr {
  readonly flow: FlowName;
  readonly exit: number;
  /** The reverse graph, for {@link findDominators}. */
  readonly preds: Csr;
  /** 1 for the nodes joined to the exit (the ends of the flow). */
  readonly isEnd: Uint8Array;
}

/**
 * The graph of one flow: the request graph's arcs (into databases only where the access
 * allows the flow's operation) plus an arc from every end of the flow to a virtual exit.
 * Linear in nodes plus arcs.
 */
export function buildFlowGraph(graph: RequestGraph, flow: FlowName): FlowGraph {
  const { design, size: n, offsets, targets, arcEdge } = graph;
  const nodes = design.nodes;
  const edges = design.edges;
  const exit = n;
  // 0: any node; 1: a database whose arcs in need the access check; 2: a database never entered in this flow.
  const into = new Uint8Array(n);
  const isEnd = new Uint8Array(n + 1);
  for (let v = 0; v < n; v++) {
    const node = nodes[v]!;
    const kind = node.kind;
    if (kind === 'database') {
      if (flow === 'read') {
        into[v] = 1;
        isEnd[v] = 1;
      } else if (flow === 'write') {
        const primary = node.role !== 'replica';
        into[v] = primary ? 1 : 2;
        isEnd[v] = primary ? 1 : 0;
      }
    } else if (
      (flow === 'static' && kind === 'web-server') ||
      (flow === 'dynamic' && kind === 'app-server')
    ) {
      isEnd[v] = 1;
    }
  }
  const op = flow === 'write' ? 'write' : 'read';
  const checkAccess = flow === 'read' || flow === 'write';

  const fOffsets = new Int32Array(n + 2);
  const fTargets = new Int32Array(offsets[n]! + n);
  let at = 0;
  for (let v = 0; v < n; v++) {
    fOffsets[v] = at;
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const w = targets[a]!;
      if (checkAccess) {
        const rule = into[w]!;
        if (rule === 2) continue;
        if (rule === 1 && !allows(edges[arcEdge[a]!]!.access, op)) continue;
      }
      fTargets[at++] = w;
    }
    if (isEnd[v]) fTargets[at++] = exit;
  }
  fOffsets[n] = at;
  fOffsets[n + 1] = at;
  const csr: Csr = { size: n + 1, offsets: fOffsets, targets: fTargets.subarray(0, at) };
  return { ...csr, flow, exit, preds: reverseCsr(csr), isEnd };
}
