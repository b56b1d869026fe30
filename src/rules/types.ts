/**
 * What the rules engine returns (DESIGN.md §3). Pure data: no React, no store.
 */
import type { Design } from '../model/types';

export type Severity = 'error' | 'warning';

/** The flows of DESIGN.md §3: static ends at a web server, read/write at databases, dynamic at app servers. */
export type FlowName = 'static' | 'read' | 'write' | 'dynamic';

export type RuleId =
  | 'no-user'
  | 'no-path'
  | 'spof'
  | 'db-single-writer'
  | 'server-spof'
  | 'dead-end'
  | 'lb-not-clustered'
  | 'lb-active-active-single-entry'
  | 'no-replica'
  | 'multiple-primaries'
  | 'replica-unfed'
  | 'replica-write'
  | 'replication-direction'
  | 'app-cannot-write'
  | 'tier-order'
  | 'orphan'
  | 'colocated-tiers';

/**
 * A mechanical fix a finding offers: a plain description, applied by `applyFix(design, fix)`
 * (pure, in `rules/fixes.ts`), which the store wraps as one undoable step.
 */
export type Fix =
  | { kind: 'add-peer'; label: string; node: string }
  | { kind: 'cluster-load-balancers'; label: string; nodes: string[] }
  | { kind: 'add-replica'; label: string; primary: string }
  | { kind: 'set-entry-points'; label: string; cluster: string; entryPoints: number }
  | { kind: 'reverse-replication'; label: string; edge: string }
  | { kind: 'make-writable'; label: string; edge: string }
  | { kind: 'connect-writer'; label: string; app: string; primary: string };

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Node, cluster or server ids, as DESIGN.md §3 says for each rule. */
  nodes: string[];
  flows?: FlowName[];
  /** For a student: what is wrong, why it matters, how to fix it. Names components by label. */
  message: string;
  fix?: Fix;
}

export type ChecklistId =
  | 'lb-cluster'
  | 'web-tier'
  | 'app-tier'
  | 'db-primary'
  | 'db-replicas'
  | 'request-flow'
  | 'no-spof';

export interface ChecklistItem {
  id: ChecklistId;
  /** Short title, e.g. "Load-balancer cluster". */
  label: string;
  passed: boolean;
  /** What is missing when not passed (empty when passed). */
  detail: string;
}

export interface Report {
  findings: Finding[];
  checklist: ChecklistItem[];
}

/** One rule: a pure function of the design and the shared analysis. */
export interface Rule<Context> {
  id: RuleId;
  check(design: Design, context: Context): Finding[];
}
