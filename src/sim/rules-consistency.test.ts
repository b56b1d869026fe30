import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '../model';
import type { Design } from '../model/types';
// Tests may cross layers: this one checks the simulator against the rules engine (DESIGN.md §4).
// eslint-disable-next-line no-restricted-imports
import { checkDesign, type FlowName } from '../rules';
import { scenarioArbitrary } from './arbitrary';
import { simulateRequest } from './simulate';
import { createSimState } from './state';
import { REQUEST_TYPES, type RequestType } from './types';

/** The flow of DESIGN.md §3 that a request type travels in this design. */
function flowOf(design: Design, type: RequestType): FlowName {
  if (type === 'static') return 'static';
  return design.nodes.some((n) => n.kind === 'database') ? type : 'dynamic';
}

/** Flows each component or server is reported to cut: spof, db-single-writer, server-spof. */
function reportedCuts(design: Design): Map<string, Set<FlowName>> {
  const cuts = new Map<string, Set<FlowName>>();
  const add = (id: string, flows: readonly FlowName[]) => {
    const set = cuts.get(id) ?? new Set<FlowName>();
    for (const f of flows) set.add(f);
    cuts.set(id, set);
  };
  for (const f of checkDesign(design).findings) {
    if (f.rule === 'spof' || f.rule === 'server-spof') add(f.nodes[0]!, f.flows ?? []);
    if (f.rule === 'db-single-writer') add(f.nodes[0]!, ['write']);
  }
  return cuts;
}

/** Components and servers the rules judge: not users or DNS; servers holding two or more components. */
function judged(design: Design): string[] {
  const components = design.nodes
    .filter((n) => n.kind !== 'user' && n.kind !== 'dns')
    .map((n) => n.id);
  const servers = design.servers
    .filter((s) => design.nodes.filter((n) => n.server === s.id).length >= 2)
    .map((s) => s.id);
  return [...components, ...servers];
}

/** Which (user, type) requests are served with `failed` down. */
function served(design: Design, failed: string[]): Set<string> {
  const ok = new Set<string>();
  let state = { ...createSimState(), failed };
  for (const user of design.nodes.filter((n) => n.kind === 'user')) {
    for (const type of REQUEST_TYPES) {
      const result = simulateRequest(design, type, state, { from: user.id });
      state = result.state;
      if (result.status === 200) ok.add(`${user.id} ${type}`);
    }
  }
  return ok;
}

/**
 * For every judged component C and request type T: failing C makes some user's T requests
 * fail (that user being served before) exactly when the rules report C as cutting T's flow.
 */
function checkAgreement(design: Design): void {
  const cuts = reportedCuts(design);
  const before = served(design, []);
  for (const id of judged(design)) {
    const after = served(design, [id]);
    for (const type of REQUEST_TYPES) {
      const lost = [...before].filter((k) => k.endsWith(` ${type}`) && !after.has(k));
      const reported = cuts.get(id)?.has(flowOf(design, type)) ?? false;
      expect({ component: id, type, cut: lost.length > 0 }).toEqual({
        component: id,
        type,
        cut: reported,
      });
    }
  }
}

describe('the simulator agrees with the rules engine', () => {
  it('on the scale-up design, failing the primary (db-single-writer) fails every write, and nothing else cuts a flow', () => {
    const design = getTemplate('scale-up')!;
    checkAgreement(design);
    const writes = simulateRequest(design, 'write', { ...createSimState(), failed: ['db1'] });
    expect(writes.status).toBe(502);
  });

  it('on every template, each reported single point of failure stops its flow and no other component does', () => {
    for (const template of TEMPLATES) checkAgreement(template.design);
  });

  it('on random designs, failing a component stops a flow exactly when the rules call it a SPOF of that flow', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ design }) => checkAgreement(design)),
      { numRuns: 300 },
    );
  });
});
