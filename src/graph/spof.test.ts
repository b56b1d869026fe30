import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryDesign } from '../model/testing/arbitraries';
import type { ComponentKind, Design, DesignEdge, DesignNode } from '../model/types';
import { buildFlowGraph, flowsOf } from './flow-graph';
import { buildRequestGraph } from './request-graph';
import { buildServerTable, findFlowSpofs, findSpofs } from './spof';
import { arbitraryFlowDesign, referenceFlowVerdicts } from './testing/flow-designs';

function node(id: string, kind: ComponentKind, extra: Partial<DesignNode> = {}): DesignNode {
  return { id, kind, label: id, position: { x: 0, y: 0 }, ...extra };
}
function edge(source: string, target: string, extra: Partial<DesignEdge> = {}): DesignEdge {
  return { id: `${source}->${target}`, source, target, kind: 'request', ...extra };
}

type Verdicts = Map<string, { pathless: string[]; spofs: string[]; serverSpofs: string[] }>;

/**
 * What the dominator analysis says, per flow, in the reference's shape (ids): the engine's
 * one-tree-per-user path, after checking that it equals the explicit per-flow graphs.
 */
function analyse(design: Design): Verdicts {
  const fast = analyseWith(design, 'one tree');
  expect(analyseWith(design, 'per flow')).toEqual(fast);
  return fast;
}

function analyseWith(design: Design, how: 'one tree' | 'per flow'): Verdicts {
  const graph = buildRequestGraph(design);
  const servers = buildServerTable(design);
  const flows = flowsOf(design);
  const all =
    how === 'one tree'
      ? findSpofs(graph, flows, servers)
      : flows.map((flow) => findFlowSpofs(graph, buildFlowGraph(graph, flow), servers));
  const out: Verdicts = new Map();
  for (const r of all) {
    const flow = r.flow;
    out.set(flow, {
      pathless: r.pathless.map((u) => design.nodes[u]!.id),
      spofs: design.nodes.filter((_, v) => r.spof[v]).map((n) => n.id),
      serverSpofs: design.servers.filter((_, s) => r.serverSpof[s]).map((s) => s.id),
    });
  }
  return out;
}

describe('findSpofs and findFlowSpofs', () => {
  it('flags each tier of a single chain, and the server holding them', () => {
    const d: Design = {
      title: 't',
      nodes: [
        node('u', 'user'),
        node('dns', 'dns'),
        node('w', 'web-server', { server: 's' }),
        node('a', 'app-server', { server: 's' }),
        node('p', 'database', { role: 'primary', server: 's' }),
      ],
      edges: [
        edge('u', 'dns'),
        edge('dns', 'w'),
        edge('w', 'a'),
        edge('a', 'p', { access: 'read-write' }),
      ],
      clusters: [],
      servers: [{ id: 's', label: 'S' }],
    };
    const r = analyse(d);
    expect(r.get('static')).toEqual({ pathless: [], spofs: ['w'], serverSpofs: ['s'] });
    expect(r.get('read')).toEqual({ pathless: [], spofs: ['w', 'a', 'p'], serverSpofs: ['s'] });
    expect(r.get('write')).toEqual(r.get('read'));
  });

  it('finds a server that cuts only as a set (two web servers on one machine)', () => {
    const d: Design = {
      title: 't',
      nodes: [
        node('u', 'user'),
        node('w1', 'web-server', { server: 's' }),
        node('w2', 'web-server', { server: 's' }),
      ],
      edges: [edge('u', 'w1'), edge('u', 'w2')],
      clusters: [],
      servers: [{ id: 's', label: 'S' }],
    };
    expect(analyse(d).get('static')).toEqual({ pathless: [], spofs: [], serverSpofs: ['s'] });
  });

  it("does not let another server's components lend a path (contracting every server would)", () => {
    // u → w1 (dead end) and u → w2 → a2 → db. T = {w1, a2}, S = {w2, a3}. Removing S cuts
    // the read flow; contracting T into one node would invent the path u → T(w1) → T(a2) → db.
    const d: Design = {
      title: 't',
      nodes: [
        node('u', 'user'),
        node('w1', 'web-server', { server: 'T' }),
        node('w2', 'web-server', { server: 'S' }),
        node('a2', 'app-server', { server: 'T' }),
        node('a3', 'app-server', { server: 'S' }),
        node('db', 'database', { role: 'primary' }),
      ],
      edges: [
        edge('u', 'w1'),
        edge('u', 'w2'),
        edge('w2', 'a2'),
        edge('a2', 'db', { access: 'read-write' }),
      ],
      clusters: [],
      servers: [
        { id: 'S', label: 'S' },
        { id: 'T', label: 'T' },
      ],
    };
    const read = analyse(d).get('read')!;
    expect(read.serverSpofs).toEqual(['S', 'T']);
    expect(read.spofs).toEqual(['w2', 'a2', 'db']);
  });

  it('follows access per edge: a write-only edge ends no read, a read edge ends no write', () => {
    const d: Design = {
      title: 't',
      nodes: [
        node('u', 'user'),
        node('a', 'app-server'),
        node('p', 'database', { role: 'primary' }),
        node('r', 'database', { role: 'replica' }),
      ],
      edges: [
        edge('u', 'a'),
        edge('a', 'p', { access: 'write' }),
        edge('a', 'r', { access: 'read' }),
      ],
      clusters: [],
      servers: [],
    };
    const r = analyse(d);
    expect(r.get('read')!.spofs).toEqual(['a', 'r']);
    expect(r.get('write')!.spofs).toEqual(['a', 'p']);
  });

  it("does not share one user's answer with another that reaches the same node with other access", () => {
    const d: Design = {
      title: 't',
      nodes: [
        node('reader', 'user'),
        node('writer', 'user'),
        node('p', 'database', { role: 'primary' }),
      ],
      edges: [edge('reader', 'p', { access: 'read' }), edge('writer', 'p', { access: 'write' })],
      clusters: [],
      servers: [],
    };
    const r = analyse(d);
    expect(r.get('read')!.pathless).toEqual(['writer']);
    expect(r.get('write')!.pathless).toEqual(['reader']);
  });

  it('reports users that reach no end, and no SPOF for them', () => {
    const d: Design = {
      title: 't',
      nodes: [node('u1', 'user'), node('u2', 'user'), node('w', 'web-server')],
      edges: [edge('u1', 'w')],
      clusters: [],
      servers: [],
    };
    expect(analyse(d).get('static')).toEqual({ pathless: ['u2'], spofs: ['w'], serverSpofs: [] });
  });

  it('agrees with remove-and-search on random tiered designs (clusters, servers, odd edges)', () => {
    fc.assert(
      fc.property(arbitraryFlowDesign(), (design) => {
        const mine = analyse(design);
        const reference = referenceFlowVerdicts(design);
        expect([...mine.keys()]).toEqual([...reference.keys()]);
        for (const [flow, verdict] of reference) expect(mine.get(flow)).toEqual(verdict);
      }),
      { numRuns: 1500 },
    );
  });

  it("agrees with remove-and-search on the model's arbitrary designs", () => {
    fc.assert(
      fc.property(arbitraryDesign({ maxNodes: 12 }), (design) => {
        const mine = analyse(design);
        const reference = referenceFlowVerdicts(design);
        for (const [flow, verdict] of reference) expect(mine.get(flow)).toEqual(verdict);
      }),
      { numRuns: 120 },
    );
  });
});
