/**
 * The rules engine's entry point (DESIGN.md §3): `checkDesign(design)` → findings and the
 * documented-design checklist. Pure and deterministic: the analysis is built once, every
 * rule reads it, findings come in the fixed rule order and, within a rule, in the
 * design's order.
 */
import type { Design } from '../model/types';
import { buildChecklist } from './checklist';
import { createContext } from './context';
import { RULES } from './registry';
import type { Finding, Report, Severity } from './types';

/**
 * Checks a design against every rule.
 *
 * @example
 * const report = checkDesign(getTemplate('scale-up')!);
 * report.findings.map((f) => f.rule); // ['db-single-writer']
 * report.checklist.filter((i) => i.passed).length; // 7
 */
export function checkDesign(design: Design): Report {
  const context = createContext(design);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const finding of rule.check(design, context)) findings.push(finding);
  }
  return { findings, checklist: buildChecklist(context, findings) };
}

export interface ReportSummary {
  errors: number;
  warnings: number;
  /** Checklist items passed, out of `checklistTotal` (7). */
  checklistPassed: number;
  checklistTotal: number;
}

/** Counts of a report, for badges and the command line's summary line. */
export function summarize(report: Report): ReportSummary {
  const count = (severity: Severity) =>
    report.findings.filter((f) => f.severity === severity).length;
  return {
    errors: count('error'),
    warnings: count('warning'),
    checklistPassed: report.checklist.filter((i) => i.passed).length,
    checklistTotal: report.checklist.length,
  };
}
