import { describe, expect, it } from 'vitest';
import { getTemplate } from '../model/templates';
import { createDesignStore } from './create-store';
import { createReportSelector, reportStats, selectReport } from './report';

describe('report selector', () => {
  it('runs the rules once per topology, not on moves, notes or the title', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    const select = createReportSelector();
    const runs = reportStats.runs;
    const first = select(store.getState().design);
    store.getState().moveNodes([{ id: 'web1', position: { x: 5000, y: 5000 } }]);
    store.getState().updateNode('web1', { notes: 'hello' });
    store.getState().setTitle('Other');
    expect(select(store.getState().design)).toBe(first);
    expect(reportStats.runs).toBe(runs + 1);
  });

  it('re-runs the rules when the topology changes, and finds the new SPOF', () => {
    const store = createDesignStore(getTemplate('scale-up')!);
    const before = selectReport(store);
    store.getState().setSelection({ nodes: ['web2'] });
    store.getState().removeSelection();
    const after = selectReport(store);
    expect(after).not.toBe(before);
    expect(after.findings.some((f) => f.rule === 'spof' && f.nodes.includes('web1'))).toBe(true);
    expect(before.findings.some((f) => f.rule === 'spof')).toBe(false);
  });
});
