/**
 * Findings in the editor: the rules engine's report for the design on screen, memoized on the
 * design's topology, the canvas badges derived from it, and the one-click fixes as commands.
 *
 * The report is a pure function of what `isTopologyChange` compares (the topology and the
 * labels), so a design that differs from the last one only in positions, notes or the title
 * reuses the last report: a drag runs the rules 0 times. A design already checked (undo, redo)
 * reuses its own report. Every real run is counted in {@link findingsStats}.
 *
 * Plain TypeScript: no React (the hooks are in `useFindings.ts`), no DOM.
 */
import type { Design } from '../model/types';
import {
  applyFix,
  checkDesign,
  isTopologyChange,
  type Finding,
  type Fix,
  type Report,
  type RuleId,
  type Severity,
} from '../rules';
import type { Command } from './commands';
import type { DesignStore, DesignStoreState } from './create-store';
import type { Selection } from './design-ops';
import { labelOf } from './selectors';

/** Counters for the benchmarks (`window.__archboardStats`): how many times the rules ran. */
export const findingsStats = { rulesRuns: 0 };

export interface ReportMemoOptions {
  /** The checker (default `checkDesign`); tests pass a counting one. */
  check?: (design: Design) => Report;
  /** Called after each real run of the rules. */
  onRun?: () => void;
}

/**
 * A `checkDesign` with memory: the same report for a design whose topology and labels equal
 * those of the last design checked, or for a design object it has checked before.
 *
 * @example
 * const report = createReportMemo();
 * const a = report(design);
 * report(moveNodes(design, …)) === a; // true: positions change no finding
 */
export function createReportMemo(
  options: ReportMemoOptions = {},
): (design: Design) => Report {
  const check = options.check ?? checkDesign;
  const known = new WeakMap<Design, Report>();
  let lastDesign: Design | undefined;
  let lastReport: Report | undefined;
  return (design) => {
    if (design === lastDesign && lastReport) return lastReport;
    let report = known.get(design);
    if (!report) {
      if (lastDesign && lastReport && !isTopologyChange(lastDesign, design)) {
        report = lastReport;
      } else {
        report = check(design);
        options.onRun?.();
      }
      known.set(design, report);
    }
    lastDesign = design;
    lastReport = report;
    return report;
  };
}

const appReport = createReportMemo({
  onRun: () => {
    findingsStats.rulesRuns += 1;
  },
});

/**
 * The report of the design in the store (memoized: see the module comment). Stable between
 * calls until a change that can alter a finding, so it is safe as a zustand selector.
 */
export const selectReport = (s: DesignStoreState): Report => appReport(s.design);

/** Findings split by severity, errors first, each in the engine's order. */
export interface GroupedFindings {
  errors: Finding[];
  warnings: Finding[];
}

const grouped = new WeakMap<Report, GroupedFindings>();

export function groupFindings(report: Report): GroupedFindings {
  let groups = grouped.get(report);
  if (!groups) {
    groups = {
      errors: report.findings.filter((f) => f.severity === 'error'),
      warnings: report.findings.filter((f) => f.severity === 'warning'),
    };
    grouped.set(report, groups);
  }
  return groups;
}

/** Rules that report a single point of failure (the badge reads "SPOF"). */
const SPOF_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['spof', 'server-spof']);

/** True when the report holds no `spof` and no `server-spof` finding. */
export function hasNoSpof(report: Report): boolean {
  return !report.findings.some((f) => SPOF_RULES.has(f.rule));
}

/**
 * The mark a component, cluster or server named by findings carries on the canvas. Same shape
 * as the canvas's `NodeBadge`.
 */
export interface FindingBadge {
  tone: Severity;
  /** `SPOF` when a single-point-of-failure finding names it, else `!`. */
  text: string;
  /** Every finding naming it, one per line: `error · spof: Nginx 1 is a single point…`. */
  title: string;
  /** How many findings name it. */
  count: number;
}

function sameBadge(a: FindingBadge, b: FindingBadge): boolean {
  return a.tone === b.tone && a.text === b.text && a.title === b.title && a.count === b.count;
}

/**
 * `badges(report)`: the badge of every id a finding names. Memoized per report; a badge equal
 * to the one of the previous report keeps its object, so a node whose findings did not change
 * does not re-render.
 */
export function createBadgeMemo(): (report: Report) => ReadonlyMap<string, FindingBadge> {
  const known = new WeakMap<Report, ReadonlyMap<string, FindingBadge>>();
  let previous: ReadonlyMap<string, FindingBadge> = new Map();
  return (report) => {
    const cached = known.get(report);
    if (cached) return cached;
    const named = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      for (const id of new Set(finding.nodes)) {
        const list = named.get(id);
        if (list) list.push(finding);
        else named.set(id, [finding]);
      }
    }
    const badges = new Map<string, FindingBadge>();
    for (const [id, findings] of named) {
      const badge: FindingBadge = {
        tone: findings.some((f) => f.severity === 'error') ? 'error' : 'warning',
        text: findings.some((f) => SPOF_RULES.has(f.rule)) ? 'SPOF' : '!',
        title: findings.map((f) => `${f.severity} · ${f.rule}: ${f.message}`).join('\n'),
        count: findings.length,
      };
      const old = previous.get(id);
      badges.set(id, old && sameBadge(old, badge) ? old : badge);
    }
    known.set(report, badges);
    previous = badges;
    return badges;
  };
}

const appBadges = createBadgeMemo();

/** The badge of a node, cluster or server id, or undefined when no finding names it. */
export const selectFindingBadge =
  (id: string) =>
  (s: DesignStoreState): FindingBadge | undefined =>
    appBadges(selectReport(s)).get(id);

/** The labels of what a finding names, in its order (the id itself for an unknown id). */
export function findingLabels(design: Design, finding: Finding): string[] {
  return finding.nodes.map((id) => labelOf(design, id));
}

/** The selection that shows a finding: its components, clusters and servers. */
export function selectionForFinding(design: Design, finding: Finding): Selection {
  const clusters = new Set(design.clusters.map((c) => c.id));
  const servers = new Set(design.servers.map((s) => s.id));
  const nodes = new Set(design.nodes.map((n) => n.id));
  const selection: Selection = { nodes: [], edges: [], clusters: [], servers: [] };
  for (const id of new Set(finding.nodes)) {
    if (nodes.has(id)) selection.nodes.push(id);
    else if (clusters.has(id)) selection.clusters.push(id);
    else if (servers.has(id)) selection.servers.push(id);
  }
  return selection;
}

/** Ids of the nodes in `next` that `prev` does not have, in design order. */
function addedNodeIds(prev: Design, next: Design): string[] {
  const before = new Set(prev.nodes.map((n) => n.id));
  return next.nodes.filter((n) => !before.has(n.id)).map((n) => n.id);
}

/**
 * Applies a finding's fix as ONE undo step labelled with the fix's label, and selects what the
 * fix added (if anything). Returns whether the design changed (a fix whose target is gone
 * changes nothing and adds no step).
 */
export function applyFindingFix(store: DesignStore, fix: Fix): boolean {
  const state = store.getState();
  const before = state.design;
  const after = applyFix(before, fix);
  if (after === before) return false;
  const added = addedNodeIds(before, after);
  return state.applyDesignChange(
    fix.label,
    (design) => (design === before ? after : applyFix(design, fix)),
    added.length > 0 ? { select: { nodes: added } } : {},
  );
}

/**
 * A fix as a command (same shape as the registry's, so toolbars, menus and the findings panel
 * run it the same way). Fixes carry data, so their commands are made per fix, not registered.
 */
export function createFixCommand(fix: Fix): Command {
  return {
    id: `fix:${fix.kind}`,
    label: fix.label,
    group: 'Edit',
    isEnabled: (s) => applyFix(s.design, fix) !== s.design,
    perform: (store) => void applyFindingFix(store, fix),
  };
}
