/**
 * The rules engine's public API (DESIGN.md §3): pure, no React, no store, no DOM.
 */
export * from './types';
export { checkDesign, summarize, type ReportSummary } from './check-design';
export { applyFix, nextLabel } from './fixes';
export { isTopologyChange } from './topology';
export { RULES, RULE_ORDER, FLOW_RULES } from './registry';
export { createContext, type AnalysisContext } from './context';
