import { describe, expect, it } from 'vitest';
import type { ComponentKind, Design, DesignEdge, DesignNode } from '../model/types';
import { buildRequestGraph, findReached, isInOrder, tiersOf } from './request-graph';

function node(id: string, kind: ComponentKind, extra: Partial<DesignNode> = {}): DesignNode {
  return { id, kind, label: id, position: { x: 0, y: 0 }, ...extra };
}
function edge(source: string, target: string, extra: Partial<DesignEdge> = {}): DesignEdge {
  return { id: `${source}->${target}`, source, target, kind: 'request', ...extra };
}
function design(
  nodes: DesignNode[],
  edges: DesignEdge[],
  clusters: Design['clusters'] = [],
): Design {
  return { title: 't', nodes, edges, clusters, servers: [] };
}
function arcsOf(d: Design): string[] {
  const g = buildRequestGraph(d);
  const out: string[] = [];
  for (let v = 0; v < g.size; v++) {
    for (let a = g.offsets[v]!; a < g.offsets[v + 1]!; a++) {
      out.push(`${d.nodes[v]!.id}>${d.nodes[g.targets[a]!]!.id}`);
    }
  }
  return out.sort();
}

describe('the documented order', () => {
  const all = tiersOf([
    node('l', 'load-balancer'),
    node('w', 'web-server'),
    node('a', 'app-server'),
    node('d', 'database'),
  ]);

  it('lets users reach DNS and the first tier, and each tier the next', () => {
    expect(isInOrder('user', 'dns', all)).toBe(true);
    expect(isInOrder('user', 'load-balancer', all)).toBe(true);
    expect(isInOrder('dns', 'load-balancer', all)).toBe(true);
    expect(isInOrder('load-balancer', 'web-server', all)).toBe(true);
    expect(isInOrder('web-server', 'app-server', all)).toBe(true);
    expect(isInOrder('app-server', 'database', all)).toBe(true);
  });

  it('refuses skips, backward edges and edges within a tier', () => {
    expect(isInOrder('dns', 'web-server', all)).toBe(false);
    expect(isInOrder('web-server', 'database', all)).toBe(false);
    expect(isInOrder('app-server', 'web-server', all)).toBe(false);
    expect(isInOrder('web-server', 'web-server', all)).toBe(false);
    expect(isInOrder('database', 'database', all)).toBe(false);
    expect(isInOrder('user', 'user', all)).toBe(false);
  });

  it('skips the tiers the design does not have', () => {
    const noApp = tiersOf([node('w', 'web-server'), node('d', 'database')]);
    expect(isInOrder('dns', 'web-server', noApp)).toBe(true);
    expect(isInOrder('web-server', 'database', noApp)).toBe(true);
  });
});

describe('buildRequestGraph', () => {
  it('expands cluster endpoints to every member', () => {
    const d = design(
      [
        node('u', 'user'),
        node('dns', 'dns'),
        node('l1', 'load-balancer', { cluster: 'c' }),
        node('l2', 'load-balancer', { cluster: 'c' }),
        node('w', 'web-server'),
      ],
      [edge('u', 'dns'), edge('dns', 'c'), edge('c', 'w')],
      [{ id: 'c', label: 'C', mode: 'active-active', entryPoints: 2 }],
    );
    expect(arcsOf(d)).toEqual(['dns>l1', 'dns>l2', 'l1>w', 'l2>w', 'u>dns']);
  });

  it('carries nothing on replication or out-of-order edges, and lists the latter', () => {
    const d = design(
      [
        node('u', 'user'),
        node('w', 'web-server'),
        node('a', 'app-server'),
        node('p', 'database', { role: 'primary' }),
        node('r', 'database', { role: 'replica' }),
      ],
      [
        edge('u', 'w'),
        edge('w', 'a'),
        edge('a', 'p'),
        edge('w', 'p'),
        edge('p', 'r', { kind: 'replication' }),
      ],
    );
    const g = buildRequestGraph(d);
    expect(arcsOf(d)).toEqual(['a>p', 'u>w', 'w>a']);
    expect(g.outOfOrder.map((e) => e.id)).toEqual(['w->p']);
  });

  it('follows nothing out of a database and reports what users reach', () => {
    const d = design(
      [node('u', 'user'), node('a', 'app-server'), node('p', 'database'), node('x', 'app-server')],
      [edge('u', 'a'), edge('a', 'p'), edge('p', 'x')],
    );
    const g = buildRequestGraph(d);
    expect(g.outOfOrder.map((e) => e.id)).toEqual(['p->x']);
    expect([...findReached(g)]).toEqual([1, 1, 1, 0]);
  });
});
