/**
 * The findings of the current design, derived from the store: `checkDesign` runs only when
 * something the rules read has changed (not on moves, notes or the title), so a drag or
 * typing notes never re-runs the rules.
 */
import { checkDesign, isTopologyChange, type Report } from '../rules';
import type { Design } from '../model/types';
import type { DesignStore } from './create-store';

/** How many times the rules ran, for benchmarks and tests (B1: zero runs during a drag). */
export const reportStats = { runs: 0 };

/**
 * A memoized `design → Report`: the same Report object until the topology changes. A design
 * object it has checked before (undo, redo) gets its own report back without a run.
 */
export function createReportSelector(): (design: Design) => Report {
  let last: { design: Design; report: Report } | undefined;
  const known = new WeakMap<Design, Report>();
  return (design) => {
    if (last && (last.design === design || !isTopologyChange(last.design, design))) {
      if (last.design !== design) {
        known.set(design, last.report);
        last = { design, report: last.report };
      }
      return last.report;
    }
    let report = known.get(design);
    if (!report) {
      reportStats.runs += 1;
      report = checkDesign(design);
      known.set(design, report);
    }
    last = { design, report };
    return report;
  };
}

const selectors = new WeakMap<DesignStore, (design: Design) => Report>();

/** The report selector of a store (one per store, shared by every reader). */
export function getReportSelector(store: DesignStore): (design: Design) => Report {
  let selector = selectors.get(store);
  if (!selector) {
    selector = createReportSelector();
    selectors.set(store, selector);
  }
  return selector;
}

/** The report for the store's current design (outside React: commands, tests). */
export function selectReport(store: DesignStore): Report {
  return getReportSelector(store)(store.getState().design);
}
