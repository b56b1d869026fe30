import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from '../model/catalogue';
import { makeDesign } from '../model/sketch';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import {
  CLUSTER_PADDING,
  SERVER_PADDING,
  Z_CLUSTER,
  Z_SERVER,
  createFlowAdapter,
  edgeCaption,
  toFlow,
  type ArchFlowEdge,
  type ComponentFlowNode,
  type FlowView,
  type GroupNodeData,
} from './to-flow';

const NONE: FlowView = {
  selection: { nodes: [], edges: [], clusters: [], servers: [] },
  failed: [],
};

function scaleUp(): Design {
  return getTemplate('scale-up')!;
}

function byId<T extends { id: string }>(items: T[], id: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('toFlow', () => {
  it('turns every component into a component node at its model position and size', () => {
    const d = scaleUp();
    const { nodes } = toFlow(d, NONE);
    const components = nodes.filter((n) => n.type === 'component') as ComponentFlowNode[];
    expect(components.map((n) => n.id)).toEqual(d.nodes.map((n) => n.id));
    const web1 = byId(components, 'web1');
    expect(web1.position).toEqual(d.nodes.find((n) => n.id === 'web1')!.position);
    expect([web1.width, web1.height]).toEqual([NODE_SIZE.width, NODE_SIZE.height]);
    expect(web1.data).toMatchObject({ label: 'Nginx 1', kind: 'web-server', failed: false });
    expect(web1.parentId).toBeUndefined();
  });

  it('draws a cluster as a box around its members, behind them', () => {
    const d = scaleUp();
    const { nodes } = toFlow(d, NONE);
    const box = byId(nodes, 'lbc');
    const members = d.nodes.filter((n) => n.cluster === 'lbc');
    const minX = Math.min(...members.map((m) => m.position.x));
    const minY = Math.min(...members.map((m) => m.position.y));
    const maxY = Math.max(...members.map((m) => m.position.y)) + NODE_SIZE.height;
    expect(box.type).toBe('cluster');
    expect(box.position).toEqual({ x: minX - CLUSTER_PADDING.side, y: minY - CLUSTER_PADDING.top });
    expect(box.height).toBe(maxY - minY + CLUSTER_PADDING.top + CLUSTER_PADDING.bottom);
    expect(box.zIndex).toBe(Z_CLUSTER);
    expect((box.data as GroupNodeData).detail).toBe('active-active · 2 entry points · 2 members');
    // Boxes come first so members are drawn over them.
    expect(nodes.indexOf(box)).toBeLessThan(nodes.findIndex((n) => n.id === 'lb1'));
  });

  it('draws servers as boxes that cannot hold edges, and skips empty clusters and servers', () => {
    const d = makeDesign({
      nodes: [
        { id: 'w', kind: 'web-server', server: 's1', position: { x: 0, y: 0 } },
        { id: 'a', kind: 'app-server', server: 's1', position: { x: 240, y: 0 } },
      ],
      servers: [
        { id: 's1', label: 'Box' },
        { id: 's2', label: 'Empty' },
      ],
      clusters: [{ id: 'c', label: 'Nobody' }],
    });
    const { nodes } = toFlow(d, NONE);
    const server = byId(nodes, 's1');
    expect(server).toMatchObject({ type: 'server', zIndex: Z_SERVER, connectable: false });
    expect(server.position).toEqual({ x: -SERVER_PADDING.side, y: -SERVER_PADDING.top });
    expect(server.width).toBe(240 + NODE_SIZE.width + 2 * SERVER_PADDING.side);
    expect(nodes.some((n) => n.id === 's2' || n.id === 'c')).toBe(false);
  });

  it('keeps edge ids and ends; a cluster end attaches to the cluster box', () => {
    const d = scaleUp();
    const { edges, nodes } = toFlow(d, NONE);
    expect(edges.map((e) => e.id)).toEqual(d.edges.map((e) => e.id));
    const dnsToCluster = edges.find((e) => e.source === 'dns')!;
    expect(dnsToCluster.target).toBe('lbc');
    expect(nodes.some((n) => n.id === 'lbc' && n.connectable)).toBe(true);
  });

  it('captions edges with their access into a database and marks replication', () => {
    const d = scaleUp();
    const { edges } = toFlow(d, NONE);
    const write = edges.find((e) => e.source === 'app1' && e.target === 'db1')!;
    const read = edges.find((e) => e.source === 'app1' && e.target === 'db2')!;
    const repl = edges.find((e) => e.data?.kind === 'replication')!;
    expect(write.data?.caption).toBe(d.edges.find((e) => e.id === write.id)?.access);
    expect(write.data?.caption).toMatch(/write/);
    expect(read.data?.caption).toBe('read');
    expect(repl.data?.caption).toBe('replication');
    expect(edges.find((e) => e.source === 'user')?.data?.caption).toBeUndefined();
    expect(
      edgeCaption({ id: 'e', source: 'a', target: 'b', kind: 'request', label: 'HTTPS' }),
    ).toBe('HTTPS');
    expect(
      edgeCaption({
        id: 'e',
        source: 'a',
        target: 'b',
        kind: 'request',
        label: 'SQL',
        access: 'read',
      }),
    ).toBe('SQL · read');
  });

  it('marks selection on nodes, boxes and edges', () => {
    const d = scaleUp();
    const edge = d.edges[0]!.id;
    const { nodes, edges } = toFlow(d, {
      ...NONE,
      selection: { nodes: ['web1'], edges: [edge], clusters: ['lbc'], servers: [] },
    });
    expect(byId(nodes, 'web1').selected).toBe(true);
    expect(byId(nodes, 'web2').selected).toBe(false);
    expect(byId(nodes, 'lbc').selected).toBe(true);
    expect(byId(edges, edge).selected).toBe(true);
  });

  it('marks failed components, components on a failed server, and dims their edges', () => {
    const d = getTemplate('simple-stack')!;
    const server = d.servers[0]!.id;
    const { nodes, edges } = toFlow(d, { ...NONE, failed: [server] });
    const onServer = nodes.filter(
      (n): n is ComponentFlowNode =>
        n.type === 'component' && d.nodes.find((x) => x.id === n.id)?.server === server,
    );
    expect(onServer.length).toBeGreaterThan(0);
    for (const n of onServer) expect(n.data.serverFailed).toBe(true);
    expect((byId(nodes, server).data as GroupNodeData).failed).toBe(true);
    expect(edges.some((e) => e.data?.dimmed)).toBe(true);

    const up = toFlow(scaleUp(), { ...NONE, failed: ['web1'] });
    expect((byId(up.nodes, 'web1') as ComponentFlowNode).data.failed).toBe(true);
    const intoWeb1 = up.edges.filter((e) => e.target === 'web1' || e.source === 'web1');
    expect(intoWeb1.every((e) => e.data?.dimmed)).toBe(true);
    expect(up.edges.filter((e) => e.source === 'web2').every((e) => !e.data?.dimmed)).toBe(true);
  });

  it('passes decorations (badges, status) through to nodes and edges', () => {
    const d = scaleUp();
    const badge = { tone: 'error' as const, text: '1', title: '1 finding' };
    const edge = d.edges[0]!.id;
    const { nodes, edges } = toFlow(d, {
      ...NONE,
      decorations: { web1: { badge }, lbc: { status: 'active' } },
      edgeDecorations: { [edge]: { status: 'request' } },
    });
    expect((byId(nodes, 'web1') as ComponentFlowNode).data.decoration?.badge).toBe(badge);
    expect((byId(nodes, 'lbc').data as GroupNodeData).decoration?.status).toBe('active');
    expect((byId(edges, edge) as ArchFlowEdge).data?.status).toBe('request');
  });

  it('names nodes and edges for assistive technology by label', () => {
    const { nodes, edges } = toFlow(scaleUp(), NONE);
    expect(byId(nodes, 'db2').ariaLabel).toBe('MySQL replica (Database, replica)');
    expect(edges.find((e) => e.source === 'dns')?.ariaLabel).toBe(
      'Connection from DNS www.foobar.com to HAProxy cluster',
    );
  });
});

describe('sizes', () => {
  it('gives every node and box its size as already measured (React Flow keeps its handles)', () => {
    const d = scaleUp();
    const { nodes } = toFlow(d, NONE);
    expect(nodes.some((n) => n.type === 'cluster')).toBe(true);
    for (const n of nodes) {
      expect(n.measured).toEqual({ width: n.width, height: n.height });
      expect(n.width).toBeGreaterThan(0);
    }
  });
});

describe('createFlowAdapter (memory)', () => {
  it('keeps the identity of every unchanged node and edge', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    const moved: Design = {
      ...d,
      nodes: d.nodes.map((n) =>
        n.id === 'web1' ? { ...n, position: { x: n.position.x + 16, y: n.position.y } } : n,
      ),
    };
    const second = adapt(moved, NONE);
    for (const n of second.nodes) {
      const before = byId(first.nodes, n.id);
      if (n.id === 'web1') expect(n).not.toBe(before);
      else expect(n).toBe(before);
    }
    for (const e of second.edges) expect(e).toBe(byId(first.edges, e.id));
    // No edge changed: the very same array, so React Flow does not rebuild its edge lookups.
    expect(second.edges).toBe(first.edges);
    expect(second.nodes).not.toBe(first.nodes);
  });

  it('hands back the same arrays when nothing changed', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    const again = adapt({ ...d }, { ...NONE });
    expect(again.nodes).toBe(first.nodes);
    expect(again.edges).toBe(first.edges);
  });

  it('re-creates only the edges whose handle sides change when a node moves', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    // web1 moved far left of everything: the edge into it now enters by its right side.
    const moved: Design = {
      ...d,
      nodes: d.nodes.map((n) =>
        n.id === 'web1' ? { ...n, position: { x: n.position.x - 5000, y: n.position.y } } : n,
      ),
    };
    const second = adapt(moved, NONE);
    for (const e of second.edges) {
      const touches = e.source === 'web1' || e.target === 'web1';
      if (!touches) expect(e).toBe(byId(first.edges, e.id));
    }
    const web1Edges = second.edges.filter((e) => e.source === 'web1' || e.target === 'web1');
    expect(web1Edges.length).toBeGreaterThan(0);
    expect(web1Edges.some((e) => e !== byId(first.edges, e.id))).toBe(true);
  });

  it('re-creates only the nodes whose selection changed', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    const second = adapt(d, { ...NONE, selection: { ...NONE.selection, nodes: ['app1'] } });
    const changed = second.nodes.filter((n) => n !== byId(first.nodes, n.id)).map((n) => n.id);
    expect(changed).toEqual(['app1']);
  });

  it('moves a cluster box with its member', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    const moved: Design = {
      ...d,
      nodes: d.nodes.map((n) =>
        n.id === 'lb1' ? { ...n, position: { x: n.position.x - 64, y: n.position.y } } : n,
      ),
    };
    const second = adapt(moved, NONE);
    expect(byId(second.nodes, 'lbc')).not.toBe(byId(first.nodes, 'lbc'));
    expect(byId(second.nodes, 'lbc').position.x).toBe(byId(first.nodes, 'lbc').position.x - 64);
  });

  it('renaming a node re-creates the edges that name it', () => {
    const adapt = createFlowAdapter();
    const d = scaleUp();
    const first = adapt(d, NONE);
    const renamed: Design = {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 'user' ? { ...n, label: 'Alice' } : n)),
    };
    const second = adapt(renamed, NONE);
    const userEdge = second.edges.find((e) => e.source === 'user')!;
    expect(userEdge).not.toBe(byId(first.edges, userEdge.id));
    expect(userEdge.ariaLabel).toContain('Alice');
  });
});
