import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from './catalogue';
import {
  addEdge,
  addNode,
  createCluster,
  createEdge,
  createId,
  createLabel,
  createNode,
  createServer,
  emptyDesign,
} from './factories';
import { makeDesign } from './sketch';
import { parseDesign } from './parse';
import { serializeDesign } from './serialize';

const base = makeDesign({
  nodes: [
    { id: 'web1', kind: 'web-server', label: 'Nginx' },
    { id: 'db1', kind: 'database' },
    { id: 'r', kind: 'database', role: 'replica', cluster: 'rc' },
  ],
  edges: [{ id: 'e1', source: 'web1', target: 'db1' }],
  clusters: [{ id: 'rc' }],
  servers: [{ id: 'web2' }],
});

describe('createId', () => {
  it('picks the smallest unused number, avoiding components, clusters, servers and edges', () => {
    expect(createId(base, 'web')).toBe('web3'); // web1 is a component, web2 a server
    expect(createId(base, 'e')).toBe('e2');
    expect(createId(base, 'e', new Set(['e2']))).toBe('e3');
    expect(createId(emptyDesign(), 'x')).toBe('x1');
  });
});

describe('createNode and addNode', () => {
  it('creates a component with a fresh id, a default label and a free position', () => {
    const node = createNode(base, 'web-server', { position: base.nodes[0]!.position });
    expect(node.id).toBe('web3');
    expect(node.label).toBe('Nginx 2');
    expect(node.role).toBeUndefined();
    for (const other of base.nodes) {
      expect(
        Math.abs(other.position.x - node.position.x) >= NODE_SIZE.width ||
          Math.abs(other.position.y - node.position.y) >= NODE_SIZE.height,
      ).toBe(true);
    }
  });

  it('makes databases primaries unless told, with the replica label for replicas', () => {
    expect(createNode(base, 'database').role).toBe('primary');
    const replica = createNode(base, 'database', { role: 'replica' });
    expect([replica.role, replica.label]).toEqual(['replica', 'MySQL replica 2']);
    expect(createNode(base, 'load-balancer', { label: 'Edge' }).label).toBe('Edge');
  });

  it('returns a new design and leaves the old one alone; the result is a valid design', () => {
    const before = JSON.stringify(base);
    const { design, node } = addNode(base, 'app-server', { server: 'web2' });
    expect(JSON.stringify(base)).toBe(before);
    expect(design.nodes.at(-1)).toBe(node);
    expect(parseDesign(serializeDesign(design))).toEqual({ ok: true, value: design });
  });
});

describe('createEdge and addEdge', () => {
  it('gives request edges into databases the default access, and nothing elsewhere', () => {
    const { design: d1, node: app } = addNode(base, 'app-server');
    expect(createEdge(d1, app.id, 'db1').access).toBe('read-write');
    expect(createEdge(d1, app.id, 'rc').access).toBe('read');
    expect(createEdge(d1, app.id, 'r', { access: 'write' }).access).toBe('write');
    expect(createEdge(d1, 'web1', app.id).access).toBeUndefined();
    expect(createEdge(d1, 'db1', 'r', { kind: 'replication' })).toEqual({
      id: 'e2',
      source: 'db1',
      target: 'r',
      kind: 'replication',
    });
    const { design: d2 } = addEdge(d1, app.id, 'db1');
    expect(parseDesign(serializeDesign(d2))).toEqual({ ok: true, value: d2 });
  });
});

describe('clusters, servers, labels, makeDesign', () => {
  it('creates clusters and servers with fresh ids and the file defaults', () => {
    expect(createCluster(base)).toEqual({
      id: 'cluster1',
      label: 'Cluster',
      mode: 'active-passive',
      entryPoints: 1,
    });
    expect(createServer(base)).toEqual({ id: 'server1', label: 'Server 2' });
  });

  it('numbers labels already in use', () => {
    expect(createLabel(base, 'Nginx')).toBe('Nginx 2');
    expect(createLabel(base, 'HAProxy')).toBe('HAProxy');
  });

  it('makeDesign refuses an invalid sketch with the problems', () => {
    expect(() => makeDesign({ nodes: [{ id: 'a', kind: 'lb' as 'user' }] })).toThrow(
      /nodes\[0\]\.kind: unknown kind "lb"/,
    );
    expect(makeDesign()).toEqual(emptyDesign());
  });
});
