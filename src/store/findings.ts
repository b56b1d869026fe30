/**
 * Findings in the editor, around the memoized report of `report.ts` (the rules run only when
 * the topology or a label changes, never on a drag): the canvas badges derived from it, the
 * selection that shows a finding, and the one-click fixes as commands (one undo step each).
 *
 * Plain TypeScript: no React (the hooks are in `useFindings.ts`), no DOM.
 */
import type { Design } from '../model/types';
import {
  applyFix,
  type Finding,
  type Fix,
  type Report,
  type RuleId,
  type Severity,
} from '../rules';
import type { Command } from './commands';
import type { DesignStore } from './create-store';
import { getReportSelector } from './report';
import type { Selection } from './design-ops';
import { labelOf } from './selectors';

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

const badgeMemos = new WeakMap<
  DesignStore,
  (report: Report) => ReadonlyMap<string, FindingBadge>
>();

/**
 * The badges of a store's design (default: its current one): one memo per store, fed by the
 * store's memoized report, so reading it on every store change costs a lookup or two.
 */
export function getBadges(
  store: DesignStore,
  design: Design = store.getState().design,
): ReadonlyMap<string, FindingBadge> {
  let badgesOf = badgeMemos.get(store);
  if (!badgesOf) {
    badgesOf = createBadgeMemo();
    badgeMemos.set(store, badgesOf);
  }
  return badgesOf(getReportSelector(store)(design));
}

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
