import { describe, expect, it } from 'vitest';
import { makeDesign } from '../model/sketch';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { HISTORY_LIMIT, createDesignStore } from './create-store';
import { EMPTY_SELECTION } from './design-ops';

function scaleUp(): Design {
  const d = getTemplate('scale-up');
  if (!d) throw new Error('no template');
  return d;
}

function small(): Design {
  return makeDesign({
    title: 'Small',
    nodes: [
      { id: 'u', kind: 'user', position: { x: 0, y: 0 } },
      { id: 'lb1', kind: 'load-balancer', position: { x: 208, y: 0 } },
      { id: 'lb2', kind: 'load-balancer', position: { x: 208, y: 96 } },
      { id: 'w', kind: 'web-server', position: { x: 416, y: 0 } },
    ],
    edges: [{ source: 'u', target: 'lb1' }],
  });
}

describe('createDesignStore', () => {
  it('starts from the given design with empty history and selection', () => {
    const d = small();
    const s = createDesignStore(d).getState();
    expect(s.design).toBe(d);
    expect(s.history.past).toHaveLength(0);
    expect(s.selection).toEqual(EMPTY_SELECTION);
    expect(s.simulation.failed).toEqual([]);
  });

  it('starts empty without a design', () => {
    expect(createDesignStore().getState().design.nodes).toEqual([]);
  });

  it('each store is independent', () => {
    const a = createDesignStore(small());
    const b = createDesignStore(small());
    a.getState().setTitle('A');
    expect(b.getState().design.title).toBe('Small');
  });
});

describe('design actions are one undo step each', () => {
  it('addNode adds, selects, and undoes', () => {
    const store = createDesignStore(small());
    const id = store.getState().addNode({ kind: 'app-server', position: { x: 0, y: 300 } });
    expect(store.getState().design.nodes.some((n) => n.id === id)).toBe(true);
    expect(store.getState().selection.nodes).toEqual([id]);
    expect(store.getState().history.past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().design.nodes.some((n) => n.id === id)).toBe(false);
    expect(store.getState().selection.nodes).toEqual([]);
  });

  it('updateNode with one coalescing key is one step; a new key is another', () => {
    const store = createDesignStore(small());
    const { updateNode } = store.getState();
    updateNode('w', { label: 'N' }, 'label:w#1');
    updateNode('w', { label: 'Ng' }, 'label:w#1');
    updateNode('w', { label: 'Ngx' }, 'label:w#1');
    expect(store.getState().history.past).toHaveLength(1);
    updateNode('w', { label: 'Ngx!' }, 'label:w#2');
    expect(store.getState().history.past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().design.nodes.find((n) => n.id === 'w')?.label).toBe('Ngx');
    store.getState().undo();
    expect(store.getState().design.nodes.find((n) => n.id === 'w')?.label).toBe('Nginx');
  });

  it('typing a label back to what it was leaves no step', () => {
    const store = createDesignStore(small());
    store.getState().updateNode('w', { label: 'Nginxx' }, 'k');
    store.getState().updateNode('w', { label: 'Nginx' }, 'k');
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('moveNodes is one step for many nodes, snapped to the grid', () => {
    const store = createDesignStore(small());
    store.getState().moveNodes([
      { id: 'lb1', position: { x: 301, y: 7 } },
      { id: 'lb2', position: { x: 301, y: 103 } },
    ]);
    const { design, history } = store.getState();
    expect(history.past).toHaveLength(1);
    expect(design.nodes.find((n) => n.id === 'lb1')?.position).toEqual({ x: 304, y: 0 });
    expect(design.nodes.find((n) => n.id === 'lb2')?.position).toEqual({ x: 304, y: 96 });
  });

  it('moveNodes keeps free positions when snapping is off', () => {
    const store = createDesignStore(small());
    store.getState().setSnapToGrid(false);
    store.getState().moveNodes([{ id: 'lb1', position: { x: 301, y: 7 } }]);
    expect(store.getState().design.nodes.find((n) => n.id === 'lb1')?.position).toEqual({
      x: 301,
      y: 7,
    });
  });

  it('removeSelection deletes the selection and clears it', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['lb1'] });
    store.getState().removeSelection();
    const { design, selection, history } = store.getState();
    expect(design.nodes.map((n) => n.id)).toEqual(['u', 'lb2', 'w']);
    expect(design.edges).toHaveLength(0);
    expect(selection).toEqual(EMPTY_SELECTION);
    expect(history.past).toHaveLength(1);
  });

  it('removeSelection with nothing selected adds no step', () => {
    const store = createDesignStore(small());
    store.getState().removeSelection();
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('connect adds an edge, selects it, and refuses invalid ones without a step', () => {
    const store = createDesignStore(small());
    const ok = store.getState().connect('lb1', 'w');
    expect(ok.ok).toBe(true);
    expect(store.getState().selection.edges).toEqual([ok.ok ? ok.value : '']);
    const bad = store.getState().connect('w', 'w');
    expect(bad.ok).toBe(false);
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('updateEdge changes an edge in one step', () => {
    const store = createDesignStore(small());
    const id = store.getState().design.edges[0]!.id;
    store.getState().updateEdge(id, { label: 'HTTPS' });
    expect(store.getState().design.edges[0]?.label).toBe('HTTPS');
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('groupIntoCluster groups the selection and selects the cluster; ungroup reverses', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['lb1', 'lb2'] });
    const r = store.getState().groupIntoCluster();
    expect(r.ok).toBe(true);
    const id = r.ok ? r.value : '';
    expect(store.getState().selection.clusters).toEqual([id]);
    expect(store.getState().design.nodes.filter((n) => n.cluster === id)).toHaveLength(2);
    store.getState().ungroupCluster(id);
    expect(store.getState().design.clusters).toHaveLength(0);
    expect(store.getState().selection.nodes).toEqual(['lb1', 'lb2']);
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('groupIntoCluster refuses mixed kinds without a step', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['lb1', 'w'] });
    expect(store.getState().groupIntoCluster().ok).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('putIntoServer and removeFromServer', () => {
    const store = createDesignStore(small());
    const r = store.getState().putIntoServer(['w', 'lb1']);
    expect(r.ok).toBe(true);
    expect(store.getState().design.servers).toHaveLength(1);
    store.getState().removeFromServer(['w', 'lb1']);
    expect(store.getState().design.servers).toHaveLength(0);
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('updateCluster and updateServer', () => {
    const store = createDesignStore(scaleUp());
    store.getState().updateCluster('lbc', { entryPoints: 1 });
    expect(store.getState().design.clusters[0]?.entryPoints).toBe(1);
    const r = store.getState().putIntoServer(['web1']);
    store.getState().updateServer(r.ok ? r.value : '', { label: 'Box' });
    expect(store.getState().design.servers[0]?.label).toBe('Box');
    expect(store.getState().history.past).toHaveLength(3);
  });

  it('loadDesign replaces everything as ONE step and clears the selection', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['w'] });
    const next = scaleUp();
    store.getState().loadDesign(next);
    expect(store.getState().design).toBe(next);
    expect(store.getState().selection).toEqual(EMPTY_SELECTION);
    expect(store.getState().history.past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().design).toEqual(small());
    store.getState().redo();
    expect(store.getState().design).toBe(next);
  });

  it('loading an equal design adds no step', () => {
    const store = createDesignStore(small());
    store.getState().loadDesign(small());
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('duplicateSelection copies and selects the copies', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['u', 'lb1'] });
    store.getState().duplicateSelection();
    const { design, selection } = store.getState();
    expect(design.nodes).toHaveLength(6);
    expect(selection.nodes).toHaveLength(2);
    expect(design.edges).toHaveLength(2);
  });

  it('copy then paste twice lands each paste further down, on free spots', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['w'] });
    store.getState().copySelection();
    store.getState().paste();
    const first = store.getState().design.nodes.at(-1)!;
    store.getState().paste();
    const second = store.getState().design.nodes.at(-1)!;
    expect(first.position).toEqual({ x: 416, y: 80 });
    expect(second.position).toEqual({ x: 416, y: 160 });
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('paste at a point puts the copies there', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['w'] });
    store.getState().copySelection();
    store.getState().paste({ x: 1000, y: 1000 });
    expect(store.getState().design.nodes.at(-1)?.position).toEqual({ x: 1000, y: 1000 });
  });

  it('applyDesignChange is one step; identity and throwing functions add none', () => {
    const store = createDesignStore(small());
    expect(store.getState().applyDesignChange('noop', (d) => d)).toBe(false);
    expect(store.getState().applyDesignChange('copy', (d) => structuredClone(d))).toBe(false);
    expect(
      store.getState().applyDesignChange('boom', () => {
        throw new Error('x');
      }),
    ).toBe(false);
    expect(store.getState().applyDesignChange('title', (d) => ({ ...d, title: 'T' }))).toBe(true);
    expect(store.getState().history.past.map((h) => h.label)).toEqual(['title']);
  });

  it('setTitle is undoable', () => {
    const store = createDesignStore(small());
    store.getState().setTitle('Mine');
    store.getState().undo();
    expect(store.getState().design.title).toBe('Small');
  });
});

describe('history', () => {
  it('undo then redo restores the same design object', () => {
    const store = createDesignStore(small());
    store.getState().setTitle('A');
    const after = store.getState().design;
    store.getState().undo();
    store.getState().redo();
    expect(store.getState().design).toBe(after);
  });

  it('a new change drops the redo stack', () => {
    const store = createDesignStore(small());
    store.getState().setTitle('A');
    store.getState().undo();
    store.getState().setTitle('B');
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('undo and redo with empty stacks do nothing', () => {
    const store = createDesignStore(small());
    const before = store.getState();
    store.getState().undo();
    store.getState().redo();
    expect(store.getState().design).toBe(before.design);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    const store = createDesignStore(small());
    for (let i = 0; i < HISTORY_LIMIT + 25; i += 1) store.getState().setTitle(`T${i}`);
    expect(store.getState().history.past).toHaveLength(HISTORY_LIMIT);
  });

  it('undo prunes a selection and failed ids that no longer exist', () => {
    const store = createDesignStore(small());
    const id = store.getState().addNode({ kind: 'web-server', position: { x: 0, y: 300 } });
    store.getState().toggleFailed(id);
    expect(store.getState().simulation.failed).toEqual([id]);
    store.getState().undo();
    expect(store.getState().selection.nodes).toEqual([]);
    expect(store.getState().simulation.failed).toEqual([]);
  });

  it('records a label for each step', () => {
    const store = createDesignStore(small());
    store.getState().connect('lb2', 'w');
    expect(store.getState().history.past.at(-1)?.label).toBe('Connect');
  });
});

describe('selection, simulation and ui', () => {
  it('selectAll selects every node and edge; clearSelection empties it', () => {
    const store = createDesignStore(small());
    store.getState().selectAll();
    expect(store.getState().selection.nodes).toHaveLength(4);
    expect(store.getState().selection.edges).toHaveLength(1);
    store.getState().clearSelection();
    expect(store.getState().selection).toEqual(EMPTY_SELECTION);
  });

  it('setSelection drops ids that do not exist', () => {
    const store = createDesignStore(small());
    store.getState().setSelection({ nodes: ['w', 'ghost'] });
    expect(store.getState().selection.nodes).toEqual(['w']);
  });

  it('toggleFailed fails and recovers a component, ignoring unknown ids, and adds no step', () => {
    const store = createDesignStore(small());
    store.getState().toggleFailed('w');
    expect(store.getState().simulation.failed).toEqual(['w']);
    store.getState().toggleFailed('ghost');
    expect(store.getState().simulation.failed).toEqual(['w']);
    store.getState().toggleFailed('w');
    expect(store.getState().simulation.failed).toEqual([]);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('deleting a failed component forgets it failed', () => {
    const store = createDesignStore(small());
    store.getState().toggleFailed('w');
    store.getState().setSelection({ nodes: ['w'] });
    store.getState().removeSelection();
    expect(store.getState().simulation.failed).toEqual([]);
  });

  it('banners are added, replaced by id and dismissed', () => {
    const store = createDesignStore(small());
    store.getState().setBanner({ id: 'a', kind: 'info', message: 'one' });
    store.getState().setBanner({ id: 'a', kind: 'warning', message: 'two' });
    store.getState().setBanner({ id: 'b', kind: 'error', message: 'three' });
    expect(store.getState().ui.banners.map((b) => b.message)).toEqual(['two', 'three']);
    store.getState().dismissBanner('a');
    expect(store.getState().ui.banners.map((b) => b.id)).toEqual(['b']);
  });

  it('theme, alert, viewport, snap and dialog', () => {
    const store = createDesignStore(small(), {
      theme: 'dark',
      viewport: { x: 1, y: 2, zoom: 0.5 },
    });
    expect(store.getState().ui.theme).toBe('dark');
    expect(store.getState().ui.viewport).toEqual({ x: 1, y: 2, zoom: 0.5 });
    store.getState().setTheme('light');
    store
      .getState()
      .setAlert({ title: 'Nope', problems: [{ path: 'nodes[0].kind', message: 'bad' }] });
    store.getState().setViewport({ x: 5, y: 6, zoom: 2 });
    store.getState().setSnapToGrid(false);
    store.getState().setDialog('help');
    const { ui } = store.getState();
    expect(ui).toMatchObject({
      theme: 'light',
      alert: { title: 'Nope' },
      viewport: { x: 5, y: 6, zoom: 2 },
      snapToGrid: false,
      dialog: 'help',
    });
  });

  it('ui changes never touch the design or history', () => {
    const store = createDesignStore(small());
    const design = store.getState().design;
    store.getState().setViewport({ x: 9, y: 9, zoom: 1 });
    store.getState().setTheme('dark');
    store.getState().setSelection({ nodes: ['w'] });
    expect(store.getState().design).toBe(design);
    expect(store.getState().history.past).toHaveLength(0);
  });
});
