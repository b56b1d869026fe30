import { describe, expect, it } from 'vitest';
import { getTemplate, type TemplateId } from '../model/templates';
import type { Design } from '../model/types';
import { checkDesign, type Report } from '../rules';
import { createDesignStore } from './create-store';
import {
  applyFindingFix,
  createBadgeMemo,
  createFixCommand,
  findingLabels,
  getBadges,
  groupFindings,
  hasNoSpof,
  selectionForFinding,
} from './findings';
import { INERT_COMMAND_CONTEXT } from './react';
import { createReportSelector, reportStats, selectReport } from './report';

function template(id: TemplateId): Design {
  const design = getTemplate(id);
  if (!design) throw new Error(`no template ${id}`);
  return design;
}

/** A fresh report memo, and how many times the rules ran through it. */
function countingMemo() {
  const memo = createReportSelector();
  const base = reportStats.runs;
  return {
    memo,
    runs: {
      get count() {
        return reportStats.runs - base;
      },
    },
  };
}

describe('report memo (report.ts), as the findings use it', () => {
  it('runs the rules once for the same design', () => {
    const { memo, runs } = countingMemo();
    const design = template('distributed');
    const first = memo(design);
    expect(memo(design)).toBe(first);
    expect(runs.count).toBe(1);
  });

  it('does not re-run the rules when a move only changes positions', () => {
    const store = createDesignStore(template('distributed'));
    const { memo, runs } = countingMemo();
    const before = memo(store.getState().design);
    const node = store.getState().design.nodes[2]!;
    store
      .getState()
      .moveNodes([
        { id: node.id, position: { x: node.position.x + 240, y: node.position.y + 80 } },
      ]);
    const moved = store.getState().design.nodes.find((n) => n.id === node.id)!;
    expect(moved.position).not.toEqual(node.position);
    expect(memo(store.getState().design)).toBe(before);
    expect(runs.count).toBe(1);
  });

  it('does not re-run the rules for a note or a new title', () => {
    const store = createDesignStore(template('simple-stack'));
    const { memo, runs } = countingMemo();
    memo(store.getState().design);
    const id = store.getState().design.nodes[0]!.id;
    store.getState().updateNode(id, { notes: 'the visitor' });
    memo(store.getState().design);
    store.getState().setTitle('My stack');
    memo(store.getState().design);
    expect(runs.count).toBe(1);
  });

  it('re-runs the rules on a topology change, and the report follows it', () => {
    const store = createDesignStore(template('distributed'));
    const { memo, runs } = countingMemo();
    const before = memo(store.getState().design);
    const lb = store.getState().design.nodes.find((n) => n.kind === 'load-balancer')!;
    store.getState().setSelection({ nodes: [lb.id] });
    store.getState().removeSelection();
    const after = memo(store.getState().design);
    expect(runs.count).toBe(2);
    expect(after).not.toBe(before);
    expect(after).toEqual(checkDesign(store.getState().design));
  });

  it('re-runs the rules on a label change, since messages name components by label', () => {
    const store = createDesignStore(template('distributed'));
    const { memo, runs } = countingMemo();
    const spof = memo(store.getState().design).findings.find((f) => f.rule === 'spof')!;
    store.getState().updateNode(spof.nodes[0]!, { label: 'Front door' });
    const report = memo(store.getState().design);
    expect(runs.count).toBe(2);
    expect(report.findings.find((f) => f.rule === 'spof')!.message).toContain('Front door');
  });

  it('reuses the report of a design it has checked before (undo)', () => {
    const store = createDesignStore(template('distributed'));
    const { memo, runs } = countingMemo();
    const start = memo(store.getState().design);
    const fix = start.findings.find((f) => f.fix)!.fix!;
    applyFindingFix(store, fix);
    memo(store.getState().design);
    store.getState().undo();
    expect(memo(store.getState().design)).toBe(start);
    expect(runs.count).toBe(2);
  });
});

describe('selectReport', () => {
  it('runs the rules once per store until the topology changes', () => {
    const store = createDesignStore(template('scale-up'));
    const runs = reportStats.runs;
    selectReport(store);
    const node = store.getState().design.nodes[3]!;
    store.getState().moveNodes([{ id: node.id, position: { x: 4000, y: 4000 } }]);
    store.getState().setSelection({ nodes: [node.id] });
    selectReport(store);
    getBadges(store);
    expect(reportStats.runs).toBe(runs + 1);
    store.getState().removeSelection();
    selectReport(store);
    getBadges(store);
    expect(reportStats.runs).toBe(runs + 2);
  });
});

describe('applyFindingFix', () => {
  it('applies a fix as one undo step labelled with the fix', () => {
    const store = createDesignStore(template('distributed'));
    const start = store.getState().design;
    const finding = checkDesign(start).findings.find((f) => f.rule === 'spof')!;
    expect(finding.fix).toBeDefined();
    expect(applyFindingFix(store, finding.fix!)).toBe(true);
    const { history } = store.getState();
    expect(history.past).toHaveLength(1);
    expect(history.past[0]!.label).toBe(finding.fix!.label);
    store.getState().undo();
    expect(store.getState().design).toBe(start);
  });

  it('removes the finding it fixes, and no new error takes its place', () => {
    const store = createDesignStore(template('distributed'));
    const before = checkDesign(store.getState().design);
    const finding = before.findings.find((f) => f.rule === 'spof')!;
    applyFindingFix(store, finding.fix!);
    const after = checkDesign(store.getState().design);
    const key = (f: { rule: string; nodes: string[] }) => `${f.rule}:${f.nodes.join(',')}`;
    expect(after.findings.map(key)).not.toContain(key(finding));
    const oldErrors = new Set(before.findings.filter((f) => f.severity === 'error').map(key));
    for (const f of after.findings.filter((x) => x.severity === 'error')) {
      expect(oldErrors.has(key(f))).toBe(true);
    }
  });

  it('selects the components the fix added', () => {
    const store = createDesignStore(template('simple-stack'));
    const finding = checkDesign(store.getState().design).findings.find(
      (f) => f.rule === 'spof' && f.fix?.kind === 'add-peer',
    )!;
    const ids = new Set(store.getState().design.nodes.map((n) => n.id));
    applyFindingFix(store, finding.fix!);
    const { selection, design } = store.getState();
    expect(selection.nodes).toHaveLength(1);
    expect(ids.has(selection.nodes[0]!)).toBe(false);
    expect(design.nodes.some((n) => n.id === selection.nodes[0])).toBe(true);
  });

  it('adds no step when the fix no longer applies', () => {
    const store = createDesignStore(template('simple-stack'));
    const fix = { kind: 'add-peer' as const, label: 'Add a peer', node: 'gone' };
    expect(applyFindingFix(store, fix)).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('runs as a command: enabled while it applies, one step when performed', () => {
    const store = createDesignStore(template('simple-stack'));
    const finding = checkDesign(store.getState().design).findings.find((f) => f.fix)!;
    const command = createFixCommand(finding.fix!);
    expect(command.label).toBe(finding.fix!.label);
    expect(command.isEnabled(store.getState())).toBe(true);
    command.perform(store, INERT_COMMAND_CONTEXT);
    expect(store.getState().history.past).toHaveLength(1);
    const gone = createFixCommand({ kind: 'add-replica', label: 'x', primary: 'nope' });
    expect(gone.isEnabled(store.getState())).toBe(false);
  });

  it('fixes every error of the distributed design, and undoing them all gives it back', () => {
    const store = createDesignStore(template('distributed'));
    const start = store.getState().design;
    let steps = 0;
    for (;;) {
      const error = checkDesign(store.getState().design).findings.find(
        (f) => f.severity === 'error' && f.fix,
      );
      if (!error) break;
      expect(applyFindingFix(store, error.fix!)).toBe(true);
      steps += 1;
      expect(steps).toBeLessThan(10);
    }
    const report = checkDesign(store.getState().design);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(store.getState().history.past).toHaveLength(steps);
    for (let i = 0; i < steps; i++) store.getState().undo();
    expect(store.getState().design).toBe(start);
  });
});

describe('badges', () => {
  it('marks what findings name: SPOF in red, other findings in amber', () => {
    const badges = createBadgeMemo()(checkDesign(template('distributed')));
    const report = checkDesign(template('distributed'));
    const spof = report.findings.find((f) => f.rule === 'spof')!;
    const writer = report.findings.find((f) => f.rule === 'db-single-writer')!;
    expect(badges.get(spof.nodes[0]!)).toMatchObject({ tone: 'error', text: 'SPOF' });
    expect(badges.get(writer.nodes[0]!)).toMatchObject({ tone: 'warning', text: '!' });
    expect(badges.get(writer.nodes[0]!)!.title).toContain('db-single-writer');
    expect(badges.get('user')).toBeUndefined();
  });

  it('lists every finding naming a server in its badge', () => {
    const report = checkDesign(template('simple-stack'));
    const badges = createBadgeMemo()(report);
    const server = report.findings.find((f) => f.rule === 'server-spof')!.nodes[0]!;
    const badge = badges.get(server)!;
    expect(badge.count).toBe(report.findings.filter((f) => f.nodes.includes(server)).length);
    expect(badge.title).toContain('server-spof');
    expect(badge.title).toContain('colocated-tiers');
  });

  it('keeps the badge object of a node whose findings did not change', () => {
    const badgesOf = createBadgeMemo();
    const store = createDesignStore(template('distributed'));
    const first = badgesOf(checkDesign(store.getState().design));
    const writer = checkDesign(store.getState().design).findings.find(
      (f) => f.rule === 'db-single-writer',
    )!.nodes[0]!;
    const spof = checkDesign(store.getState().design).findings.find((f) => f.rule === 'spof')!;
    applyFindingFix(store, spof.fix!);
    const second = badgesOf(checkDesign(store.getState().design));
    expect(second.get(writer)).toBe(first.get(writer));
    expect(second.get(spof.nodes[0]!)).toBeUndefined();
  });

  it('reads a stable badge from the store, through drags and selections', () => {
    const store = createDesignStore(template('distributed'));
    const lb = store.getState().design.nodes.find((n) => n.kind === 'load-balancer')!;
    const badge = getBadges(store).get(lb.id);
    expect(badge?.text).toBe('SPOF');
    store.getState().moveNodes([{ id: lb.id, position: { x: 0, y: 2000 } }]);
    store.getState().setSelection({ nodes: [lb.id] });
    expect(getBadges(store).get(lb.id)).toBe(badge);
  });
});

describe('helpers', () => {
  it('groups findings by severity, in the engine order', () => {
    const report = checkDesign(template('simple-stack'));
    const { errors, warnings } = groupFindings(report);
    expect(errors.every((f) => f.severity === 'error')).toBe(true);
    expect(warnings.every((f) => f.severity === 'warning')).toBe(true);
    expect([...errors, ...warnings]).toHaveLength(report.findings.length);
    expect(groupFindings(report)).toBe(groupFindings(report));
  });

  it('tells whether a report has a single point of failure', () => {
    expect(hasNoSpof(checkDesign(template('scale-up')))).toBe(true);
    expect(hasNoSpof(checkDesign(template('simple-stack')))).toBe(false);
    const empty: Report = { findings: [], checklist: [] };
    expect(hasNoSpof(empty)).toBe(true);
  });

  it('names and selects the components, clusters and servers of a finding', () => {
    const design = template('simple-stack');
    const report = checkDesign(design);
    const server = report.findings.find((f) => f.rule === 'server-spof')!;
    const spof = report.findings.find((f) => f.rule === 'spof')!;
    expect(selectionForFinding(design, server)).toEqual({
      nodes: [],
      edges: [],
      clusters: [],
      servers: server.nodes,
    });
    expect(selectionForFinding(design, spof).nodes).toEqual(spof.nodes);
    const label = design.nodes.find((n) => n.id === spof.nodes[0])!.label;
    expect(findingLabels(design, spof)).toEqual([label]);
  });
});
