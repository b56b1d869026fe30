import { describe, expect, it } from 'vitest';
import { makeDesign } from '../model/sketch';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import {
  EMPTY_SELECTION,
  addNode,
  checkEndpoints,
  connect,
  copyItems,
  defaultAccess,
  designsEqual,
  duplicateNodes,
  groupIntoCluster,
  moveNodes,
  normalizeEdges,
  pasteClipboard,
  putIntoServer,
  removeFromServer,
  removeItems,
  setTitle,
  ungroupCluster,
  updateCluster,
  updateEdge,
  updateNode,
  updateServer,
} from './design-ops';

function stack(): Design {
  return makeDesign({
    nodes: [
      { id: 'u', kind: 'user', position: { x: 0, y: 0 } },
      { id: 'lb1', kind: 'load-balancer', position: { x: 200, y: 0 } },
      { id: 'lb2', kind: 'load-balancer', position: { x: 200, y: 96 } },
      { id: 'w', kind: 'web-server', position: { x: 400, y: 0 } },
      { id: 'p', kind: 'database', role: 'primary', position: { x: 600, y: 0 } },
      { id: 'r', kind: 'database', role: 'replica', position: { x: 600, y: 96 } },
    ],
    edges: [
      { source: 'u', target: 'lb1' },
      { source: 'lb1', target: 'w' },
    ],
  });
}

function scaleUp(): Design {
  const d = getTemplate('scale-up');
  if (!d) throw new Error('no scale-up template');
  return d;
}

describe('addNode', () => {
  it('adds a component with an id from its kind and a default label', () => {
    const { design, id } = addNode(stack(), { kind: 'web-server', position: { x: 10, y: 20 } });
    const node = design.nodes.find((n) => n.id === id);
    expect(id).toBe('web1');
    expect(node).toMatchObject({
      kind: 'web-server',
      label: 'Nginx 2',
      position: { x: 10, y: 20 },
    });
  });

  it('numbers the labels of further components of a kind', () => {
    const once = addNode(stack(), { kind: 'web-server', position: { x: 0, y: 0 } }).design;
    const { design, id } = addNode(once, { kind: 'web-server', position: { x: 0, y: 200 } });
    expect(design.nodes.find((n) => n.id === id)?.label).toBe('Nginx 3');
  });

  it('makes new databases primaries unless asked for a replica', () => {
    const p = addNode(stack(), { kind: 'database', position: { x: 0, y: 0 } });
    const r = addNode(stack(), { kind: 'database', role: 'replica', position: { x: 0, y: 0 } });
    expect(p.design.nodes.find((n) => n.id === p.id)?.role).toBe('primary');
    expect(r.design.nodes.find((n) => n.id === r.id)).toMatchObject({
      role: 'replica',
      label: 'MySQL replica 2',
    });
  });

  it('leaves the original design untouched', () => {
    const before = stack();
    const copy = structuredClone(before);
    addNode(before, { kind: 'user', position: { x: 0, y: 0 } });
    expect(before).toEqual(copy);
  });
});

describe('updateNode', () => {
  it('changes the label and keeps every other node identical', () => {
    const before = stack();
    const after = updateNode(before, 'w', { label: 'Nginx A' });
    expect(after.nodes.find((n) => n.id === 'w')?.label).toBe('Nginx A');
    for (const n of before.nodes.filter((x) => x.id !== 'w'))
      expect(after.nodes.find((x) => x.id === n.id)).toBe(n);
  });

  it('returns the same design when nothing changes', () => {
    const before = stack();
    expect(updateNode(before, 'w', { label: before.nodes[3]!.label })).toBe(before);
    expect(updateNode(before, 'missing', { label: 'x' })).toBe(before);
  });

  it('truncates labels to the model limit', () => {
    const after = updateNode(stack(), 'w', { label: 'x'.repeat(5000) });
    expect(after.nodes.find((n) => n.id === 'w')?.label).toHaveLength(1000);
  });

  it('removes notes given as empty text', () => {
    const withNotes = updateNode(stack(), 'w', { notes: 'hello' });
    expect(withNotes.nodes.find((n) => n.id === 'w')?.notes).toBe('hello');
    expect('notes' in withNotes.nodes.find((n) => n.id === 'w')!).toBe(true);
    const without = updateNode(withNotes, 'w', { notes: '' });
    expect('notes' in without.nodes.find((n) => n.id === 'w')!).toBe(false);
  });

  it('turning a database into a web server drops its role and the access of edges into it', () => {
    const d = connect(stack(), 'w', 'p').ok
      ? (connect(stack(), 'w', 'p') as { ok: true; value: { design: Design } }).value.design
      : stack();
    expect(d.edges.find((e) => e.target === 'p')?.access).toBe('read-write');
    const after = updateNode(d, 'p', { kind: 'web-server' });
    const node = after.nodes.find((n) => n.id === 'p')!;
    expect(node.kind).toBe('web-server');
    expect('role' in node).toBe(false);
    expect(after.edges.find((e) => e.target === 'p')?.access).toBeUndefined();
  });

  it('renames a default-labelled database when its role changes', () => {
    const { design, id } = addNode(stack(), { kind: 'database', position: { x: 0, y: 0 } });
    expect(design.nodes.find((n) => n.id === id)?.label).toBe('MySQL 2');
    const after = updateNode(design, id, { role: 'replica' });
    expect(after.nodes.find((n) => n.id === id)).toMatchObject({
      role: 'replica',
      label: 'MySQL replica 2',
    });
    const named = updateNode(design, id, { label: 'Orders DB' });
    expect(updateNode(named, id, { role: 'replica' }).nodes.find((n) => n.id === id)?.label).toBe(
      'Orders DB',
    );
  });

  it('refuses to join a cluster of another kind', () => {
    const grouped = groupIntoCluster(stack(), ['lb1', 'lb2']);
    if (!grouped.ok) throw new Error(grouped.error);
    const { design, id } = grouped.value;
    expect(updateNode(design, 'w', { cluster: id })).toBe(design);
  });

  it('leaves a cluster when its kind changes away from the other members', () => {
    const grouped = groupIntoCluster(stack(), ['lb1', 'lb2']);
    if (!grouped.ok) throw new Error(grouped.error);
    const after = updateNode(grouped.value.design, 'lb1', { kind: 'web-server' });
    expect(after.nodes.find((n) => n.id === 'lb1')?.cluster).toBeUndefined();
  });

  it('drops an edge between a node and the cluster it joins', () => {
    const base = makeDesign({
      nodes: [
        { id: 'a', kind: 'web-server' },
        { id: 'b', kind: 'web-server' },
        { id: 'c', kind: 'web-server' },
      ],
      edges: [{ source: 'c', target: 'wc' }],
      clusters: [{ id: 'wc', label: 'Webs' }],
    });
    const after = updateNode(base, 'c', { cluster: 'wc' });
    expect(after.edges).toHaveLength(0);
  });
});

describe('moveNodes', () => {
  it('snaps positions to the grid when asked', () => {
    const after = moveNodes(stack(), [{ id: 'w', position: { x: 405, y: 9 } }], true);
    expect(after.nodes.find((n) => n.id === 'w')?.position).toEqual({ x: 400, y: 16 });
  });

  it('keeps free positions when snapping is off, clamped to the model bounds', () => {
    const after = moveNodes(stack(), [{ id: 'w', position: { x: 405.5, y: 9e9 } }], false);
    expect(after.nodes.find((n) => n.id === 'w')?.position).toEqual({ x: 405.5, y: 1_000_000 });
  });

  it('returns the same design when nothing moved', () => {
    const before = stack();
    expect(moveNodes(before, [{ id: 'w', position: { x: 400, y: 0 } }], true)).toBe(before);
    expect(moveNodes(before, [], true)).toBe(before);
  });
});

describe('removeItems', () => {
  it('removes components with their edges', () => {
    const after = removeItems(stack(), { ...EMPTY_SELECTION, nodes: ['lb1'] });
    expect(after.nodes.map((n) => n.id)).not.toContain('lb1');
    expect(after.edges).toHaveLength(0);
  });

  it('removes a cluster left empty, and the edges naming it', () => {
    const d = scaleUp();
    const after = removeItems(d, { ...EMPTY_SELECTION, nodes: ['lb1', 'lb2'] });
    expect(after.clusters).toHaveLength(0);
    expect(after.edges.some((e) => e.source === 'lbc' || e.target === 'lbc')).toBe(false);
  });

  it('removing a cluster box keeps its members', () => {
    const after = removeItems(scaleUp(), { ...EMPTY_SELECTION, clusters: ['lbc'] });
    expect(after.nodes.filter((n) => n.kind === 'load-balancer')).toHaveLength(2);
    expect(after.nodes.some((n) => n.cluster !== undefined)).toBe(false);
    expect(after.clusters).toHaveLength(0);
  });

  it('removes just an edge', () => {
    const d = stack();
    const id = d.edges[0]!.id;
    const after = removeItems(d, { ...EMPTY_SELECTION, edges: [id] });
    expect(after.edges.map((e) => e.id)).toEqual([d.edges[1]!.id]);
    expect(after.nodes).toBe(d.nodes);
  });

  it('returns the same design for an empty or stale selection', () => {
    const d = stack();
    expect(removeItems(d, EMPTY_SELECTION)).toBe(d);
    expect(removeItems(d, { ...EMPTY_SELECTION, nodes: ['ghost'] })).toBe(d);
  });
});

describe('connect', () => {
  it('adds a request edge by default', () => {
    const r = connect(stack(), 'lb2', 'w');
    expect(r.ok && r.value.design.edges.at(-1)).toMatchObject({
      source: 'lb2',
      target: 'w',
      kind: 'request',
    });
    expect(r.ok && r.value.design.edges.at(-1)?.access).toBeUndefined();
  });

  it('gives request edges into databases the default access', () => {
    const p = connect(stack(), 'w', 'p');
    const r = connect(stack(), 'w', 'r');
    expect(p.ok && p.value.design.edges.at(-1)?.access).toBe('read-write');
    expect(r.ok && r.value.design.edges.at(-1)?.access).toBe('read');
  });

  it('connects two databases with replication', () => {
    const r = connect(stack(), 'p', 'r');
    expect(r.ok && r.value.design.edges.at(-1)).toMatchObject({ kind: 'replication' });
    expect(r.ok && r.value.design.edges.at(-1)?.access).toBeUndefined();
  });

  it('refuses self edges, servers, unknown ids and cluster↔member edges', () => {
    const d = scaleUp();
    expect(connect(d, 'web1', 'web1').ok).toBe(false);
    expect(connect(d, 'lbc', 'lb1').ok).toBe(false);
    expect(connect(d, 'lb1', 'lbc').ok).toBe(false);
    expect(connect(d, 'web1', 'ghost').ok).toBe(false);
    const onServer = putIntoServer(d, ['web1']);
    if (!onServer.ok) throw new Error(onServer.error);
    expect(connect(onServer.value.design, 'web2', onServer.value.id).ok).toBe(false);
  });

  it('allows edges to and from a cluster', () => {
    const r = connect(scaleUp(), 'lbc', 'app1');
    expect(r.ok).toBe(true);
  });

  it('connecting the same pair again changes nothing', () => {
    const once = connect(stack(), 'lb2', 'w');
    if (!once.ok) throw new Error(once.error);
    const twice = connect(once.value.design, 'lb2', 'w');
    expect(twice.ok && twice.value.design).toBe(once.value.design);
    expect(twice.ok && twice.value.id).toBe(once.value.id);
  });

  it('explains refusals in words', () => {
    expect(checkEndpoints(stack(), 'w', 'w')).toMatch(/itself/);
  });
});

describe('updateEdge', () => {
  it('changes the access of an edge into a database', () => {
    const c = connect(stack(), 'w', 'p');
    if (!c.ok) throw new Error(c.error);
    const after = updateEdge(c.value.design, c.value.id, { access: 'write' });
    expect(after.edges.find((e) => e.id === c.value.id)?.access).toBe('write');
  });

  it('turning an edge into replication drops its access', () => {
    const c = connect(stack(), 'w', 'p');
    if (!c.ok) throw new Error(c.error);
    const after = updateEdge(c.value.design, c.value.id, { kind: 'replication' });
    const edge = after.edges.find((e) => e.id === c.value.id)!;
    expect(edge.kind).toBe('replication');
    expect('access' in edge).toBe(false);
  });

  it('turning replication back into a request restores the default access', () => {
    const c = connect(stack(), 'p', 'r');
    if (!c.ok) throw new Error(c.error);
    const after = updateEdge(c.value.design, c.value.id, { kind: 'request' });
    expect(after.edges.find((e) => e.id === c.value.id)?.access).toBe('read');
  });

  it('sets and removes a label; no change returns the same design', () => {
    const d = stack();
    const id = d.edges[0]!.id;
    const labelled = updateEdge(d, id, { label: 'HTTPS' });
    expect(labelled.edges[0]?.label).toBe('HTTPS');
    expect(updateEdge(labelled, id, { label: 'HTTPS' })).toBe(labelled);
    expect('label' in updateEdge(labelled, id, { label: '' }).edges[0]!).toBe(false);
  });

  it('refuses a new endpoint that would make a self edge', () => {
    const d = stack();
    const id = d.edges[0]!.id;
    expect(updateEdge(d, id, { target: 'u' })).toBe(d);
  });
});

describe('clusters', () => {
  it('groups two load balancers into a new cluster with the file defaults', () => {
    const r = groupIntoCluster(stack(), ['lb1', 'lb2']);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.design.clusters).toEqual([
      { id: r.value.id, label: 'Load balancer cluster', mode: 'active-passive', entryPoints: 1 },
    ]);
    expect(r.value.design.nodes.filter((n) => n.cluster === r.value.id).map((n) => n.id)).toEqual([
      'lb1',
      'lb2',
    ]);
  });

  it('refuses one component, or components of two kinds', () => {
    expect(groupIntoCluster(stack(), ['lb1']).ok).toBe(false);
    expect(groupIntoCluster(stack(), ['lb1', 'w']).ok).toBe(false);
  });

  it('regrouping a whole cluster changes nothing', () => {
    const d = scaleUp();
    const r = groupIntoCluster(d, ['lb1', 'lb2']);
    expect(r.ok && r.value.design).toBe(d);
    expect(r.ok && r.value.id).toBe('lbc');
  });

  it('a new cluster replacing an emptied one takes over its edges', () => {
    const d = scaleUp();
    const added = addNode(d, { kind: 'load-balancer', position: { x: 0, y: 600 } });
    const r = groupIntoCluster(added.design, ['lb1', 'lb2', added.id]);
    if (!r.ok) throw new Error(r.error);
    const next = r.value.design;
    expect(next.clusters.map((c) => c.id)).toEqual([r.value.id]);
    expect(
      next.edges.filter((e) => e.source === r.value.id || e.target === r.value.id),
    ).toHaveLength(3);
  });

  it('ungrouping expands each edge naming the cluster to every member', () => {
    const after = ungroupCluster(scaleUp(), 'lbc');
    expect(after.clusters).toHaveLength(0);
    const fromDns = after.edges
      .filter((e) => e.source === 'dns')
      .map((e) => e.target)
      .sort();
    expect(fromDns).toEqual(['lb1', 'lb2']);
    const intoWeb1 = after.edges
      .filter((e) => e.target === 'web1')
      .map((e) => e.source)
      .sort();
    expect(intoWeb1).toEqual(['lb1', 'lb2']);
  });

  it('updates label, mode and entry points (clamped to at least 1)', () => {
    const after = updateCluster(scaleUp(), 'lbc', {
      label: 'Pair',
      mode: 'active-passive',
      entryPoints: 0,
    });
    expect(after.clusters[0]).toEqual({
      id: 'lbc',
      label: 'Pair',
      mode: 'active-passive',
      entryPoints: 1,
    });
    const d = scaleUp();
    expect(updateCluster(d, 'lbc', { mode: 'active-active' })).toBe(d);
  });
});

describe('servers', () => {
  it('puts components on a new server and takes them off again', () => {
    const r = putIntoServer(stack(), ['w', 'p']);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.design.servers).toEqual([{ id: r.value.id, label: 'Server 1' }]);
    expect(r.value.design.nodes.filter((n) => n.server === r.value.id)).toHaveLength(2);
    const off = removeFromServer(r.value.design, ['w']);
    expect(off.servers).toHaveLength(1);
    const empty = removeFromServer(off, ['p']);
    expect(empty.servers).toHaveLength(0);
    expect(empty.nodes.some((n) => n.server !== undefined)).toBe(false);
  });

  it('renames a server', () => {
    const r = putIntoServer(stack(), ['w']);
    if (!r.ok) throw new Error(r.error);
    expect(updateServer(r.value.design, r.value.id, { label: 'Box' }).servers[0]?.label).toBe(
      'Box',
    );
  });

  it('refuses an empty selection', () => {
    expect(putIntoServer(stack(), []).ok).toBe(false);
  });
});

describe('copy, paste, duplicate', () => {
  it('duplicates components with fresh ids, below the originals, with the edges between them', () => {
    const d = scaleUp();
    const r = duplicateNodes(d, ['web1', 'app1']);
    expect(r.ids).toHaveLength(2);
    const [w, a] = r.ids.map((id) => r.design.nodes.find((n) => n.id === id)!);
    expect(w?.kind).toBe('web-server');
    const original = d.nodes.find((n) => n.id === 'web1')!.position;
    expect(w?.position.x).toBe(original.x);
    expect(w!.position.y).toBeGreaterThan(original.y);
    expect(r.design.edges.some((e) => e.source === w?.id && e.target === a?.id)).toBe(true);
    // No edge from outside the copied set is copied.
    expect(r.design.edges.filter((e) => e.target === w?.id)).toHaveLength(0);
  });

  it('puts copies where they cover no component', () => {
    let d = scaleUp();
    for (let i = 0; i < 3; i += 1) d = duplicateNodes(d, ['web1']).design;
    for (const a of d.nodes)
      for (const b of d.nodes)
        if (a !== b)
          expect(
            Math.abs(a.position.x - b.position.x) >= 168 ||
              Math.abs(a.position.y - b.position.y) >= 56,
            `${a.id} overlaps ${b.id}`,
          ).toBe(true);
  });

  it('a duplicated load balancer joins its cluster; a copy never shares a server', () => {
    const onServer = putIntoServer(scaleUp(), ['lb1']);
    if (!onServer.ok) throw new Error(onServer.error);
    const r = duplicateNodes(onServer.value.design, ['lb1']);
    const copy = r.design.nodes.find((n) => n.id === r.ids[0])!;
    expect(copy.cluster).toBe('lbc');
    expect(copy.server).toBeUndefined();
  });

  it('pastes a clipboard into another design, dropping missing clusters', () => {
    const clip = copyItems(scaleUp(), ['lb1', 'lb2']);
    const r = pasteClipboard(stack(), clip, { x: 0, y: 0 });
    for (const id of r.ids)
      expect(r.design.nodes.find((n) => n.id === id)?.cluster).toBeUndefined();
  });

  it('pasting an empty clipboard changes nothing', () => {
    const d = stack();
    expect(pasteClipboard(d, { nodes: [], edges: [] }, { x: 0, y: 0 }).design).toBe(d);
  });
});

describe('helpers', () => {
  it('defaultAccess follows the target role, and a cluster of replicas reads', () => {
    const d = stack();
    expect(defaultAccess(d, 'p')).toBe('read-write');
    expect(defaultAccess(d, 'r')).toBe('read');
    expect(defaultAccess(d, 'w')).toBeUndefined();
  });

  it('normalizeEdges returns the same design when every edge is fine', () => {
    const d = scaleUp();
    expect(normalizeEdges(d)).toBe(d);
  });

  it('setTitle changes the title once', () => {
    const d = stack();
    const t = setTitle(d, 'New');
    expect(t.title).toBe('New');
    expect(setTitle(t, 'New')).toBe(t);
  });

  it('designsEqual compares structure, not identity', () => {
    expect(designsEqual(scaleUp(), scaleUp())).toBe(true);
    expect(designsEqual(scaleUp(), setTitle(scaleUp(), 'x'))).toBe(false);
  });
});
