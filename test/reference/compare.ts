/**
 * Comparing `checkDesign` with the reference: findings as a multiset of
 * (rule, severity, nodes, flows), and the checklist's `passed` values; and shrinking a design
 * on which they disagree to a minimal one.
 */
import { checkDesignInvariants } from '../../src/model/testing/arbitraries';
import type { Design } from '../../src/model/types';
import { checkDesign } from '../../src/rules/check-design';
import type { RuleId } from '../../src/rules/types';
import { referenceCheck, type ReferenceFinding } from './rules-reference';

/** Rules whose `nodes` the table gives as a set (compared sorted); the others keep their order. */
const SET_RULES: ReadonlySet<RuleId> = new Set([
  'lb-not-clustered',
  'no-replica',
  'multiple-primaries',
]);

/** A finding as the comparison sees it, as one string. */
export function findingKey(finding: ReferenceFinding): string {
  const nodes = SET_RULES.has(finding.rule) ? [...finding.nodes].sort() : finding.nodes;
  const flows = finding.flows ? [...finding.flows].sort() : null;
  return JSON.stringify([finding.rule, finding.severity, nodes, flows]);
}

export interface Discrepancy {
  /** Findings `checkDesign` gives and the reference does not (keys, with multiplicity). */
  onlyEngine: string[];
  /** Findings the reference gives and `checkDesign` does not. */
  onlyReference: string[];
  /** Checklist items whose `passed` differ: `id: engine≠reference`. */
  checklist: string[];
}

/** Drops, from both sides, the elements they share (multiset difference). */
function difference(a: readonly string[], b: readonly string[]): [string[], string[]] {
  const rest = [...b];
  const onlyA: string[] = [];
  for (const key of a) {
    const i = rest.indexOf(key);
    if (i >= 0) rest.splice(i, 1);
    else onlyA.push(key);
  }
  return [onlyA, rest];
}

/** How `checkDesign` and the reference disagree on `design`; undefined when they agree. */
export function compareWithReference(design: Design): Discrepancy | undefined {
  const engine = checkDesign(design);
  const reference = referenceCheck(design);
  const [onlyEngine, onlyReference] = difference(
    engine.findings.map(findingKey),
    reference.findings.map(findingKey),
  );
  const checklist: string[] = [];
  for (const item of reference.checklist) {
    const passed = engine.checklist.find((c) => c.id === item.id)?.passed;
    if (passed !== item.passed)
      checklist.push(`${item.id}: ${String(passed)}≠${String(item.passed)}`);
  }
  if (engine.checklist.length !== reference.checklist.length)
    checklist.push(`checklist length ${engine.checklist.length}`);
  if (onlyEngine.length + onlyReference.length + checklist.length === 0) return undefined;
  return { onlyEngine, onlyReference, checklist };
}

/** Smaller designs than `design`: one edge, node, cluster, server or membership less. */
function* smallerDesigns(design: Design): Generator<Design> {
  for (let i = 0; i < design.nodes.length; i++) {
    const id = design.nodes[i]!.id;
    yield {
      ...design,
      nodes: design.nodes.filter((_, j) => j !== i),
      edges: design.edges.filter((e) => e.source !== id && e.target !== id),
    };
  }
  for (let i = 0; i < design.edges.length; i++) {
    yield { ...design, edges: design.edges.filter((_, j) => j !== i) };
  }
  for (const cluster of design.clusters) {
    yield {
      ...design,
      clusters: design.clusters.filter((c) => c !== cluster),
      nodes: design.nodes.map((n) => (n.cluster === cluster.id ? withoutKey(n, 'cluster') : n)),
      edges: design.edges.filter((e) => e.source !== cluster.id && e.target !== cluster.id),
    };
  }
  for (const server of design.servers) {
    yield {
      ...design,
      servers: design.servers.filter((s) => s !== server),
      nodes: design.nodes.map((n) => (n.server === server.id ? withoutKey(n, 'server') : n)),
    };
  }
  for (let i = 0; i < design.nodes.length; i++) {
    for (const key of ['cluster', 'server'] as const) {
      if (design.nodes[i]![key] === undefined) continue;
      yield {
        ...design,
        nodes: design.nodes.map((n, j) => (j === i ? withoutKey(n, key) : n)),
      };
    }
  }
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/**
 * A minimal design (no single element can be removed) on which `stillFails` holds, found
 * greedily from `design`. Every step keeps the invariants of `Design`.
 */
export function shrinkDesign(design: Design, stillFails: (d: Design) => boolean): Design {
  let current = design;
  for (let progress = true; progress;) {
    progress = false;
    for (const candidate of smallerDesigns(current)) {
      if (checkDesignInvariants(candidate).length === 0 && stillFails(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return current;
}

/** A design as compact JSON for a report: ids, kinds, roles, memberships and edges only. */
export function describeDesign(design: Design): string {
  return JSON.stringify({
    nodes: design.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...(n.role ? { role: n.role } : {}),
      ...(n.cluster !== undefined ? { cluster: n.cluster } : {}),
      ...(n.server !== undefined ? { server: n.server } : {}),
    })),
    edges: design.edges.map((e) => ({
      source: e.source,
      target: e.target,
      ...(e.kind === 'replication' ? { kind: e.kind } : {}),
      ...(e.access ? { access: e.access } : {}),
    })),
    clusters: design.clusters.map((c) => ({ id: c.id, mode: c.mode, entryPoints: c.entryPoints })),
    servers: design.servers.map((s) => ({ id: s.id })),
  });
}
