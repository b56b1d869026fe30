import { describe, expect, it } from 'vitest';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { checkDesign } from './check-design';
import { isTopologyChange } from './topology';

const base = (): Design => getTemplate('scale-up')!;

describe('isTopologyChange', () => {
  it('is false for the same design, a drag, notes, a new title, edge labels or latencies', () => {
    const d = base();
    expect(isTopologyChange(d, d)).toBe(false);
    const dragged = {
      ...d,
      nodes: d.nodes.map((n, i) => (i === 3 ? { ...n, position: { x: 9, y: 9 } } : n)),
    };
    expect(isTopologyChange(d, dragged)).toBe(false);
    const noted = {
      ...d,
      title: 'New',
      nodes: d.nodes.map((n) => ({ ...n, notes: 'x', latencyMs: 7 })),
    };
    expect(isTopologyChange(d, noted)).toBe(false);
    const labelled = { ...d, edges: d.edges.map((e) => ({ ...e, label: 'HTTP' })) };
    expect(isTopologyChange(d, labelled)).toBe(false);
    // And indeed the report is the same.
    expect(checkDesign(dragged)).toEqual(checkDesign(d));
  });

  it('is true when a label changes, because messages name components by label', () => {
    const d = base();
    const renamed = {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 'db1' ? { ...n, label: 'Postgres' } : n)),
    };
    expect(isTopologyChange(d, renamed)).toBe(true);
    expect(checkDesign(renamed).findings[0]!.message).toContain('Postgres');
  });

  it('is true for every change the rules read', () => {
    const d = base();
    const changes: Array<(x: Design) => Design> = [
      (x) => ({ ...x, nodes: x.nodes.slice(1) }),
      (x) => ({
        ...x,
        nodes: x.nodes.map((n) => (n.id === 'db2' ? { ...n, role: 'primary' as const } : n)),
      }),
      (x) => ({
        ...x,
        nodes: x.nodes.map((n) => (n.id === 'lb2' ? { ...n, cluster: undefined } : n)),
      }),
      (x) => ({
        ...x,
        servers: [{ id: 's', label: 'S' }],
        nodes: x.nodes.map((n) => (n.id === 'web1' ? { ...n, server: 's' } : n)),
      }),
      (x) => ({ ...x, edges: x.edges.slice(0, -1) }),
      (x) => ({
        ...x,
        edges: x.edges.map((e) =>
          e.source === 'app1' && e.target === 'db1' ? { ...e, access: 'read' as const } : e,
        ),
      }),
      (x) => ({ ...x, clusters: x.clusters.map((c) => ({ ...c, entryPoints: 1 })) }),
      (x) => ({
        ...x,
        clusters: x.clusters.map((c) => ({ ...c, mode: 'active-passive' as const })),
      }),
      (x) => ({ ...x, clusters: x.clusters.map((c) => ({ ...c, label: 'Other' })) }),
    ];
    for (const change of changes) expect(isTopologyChange(d, change(d))).toBe(true);
  });
});
