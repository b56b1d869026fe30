import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRequestGraph } from '../graph/request-graph';
import type { Design } from '../model/types';
import { scenarioArbitrary } from './arbitrary';
import { simulateRequest } from './simulate';
import { createSimState } from './state';
import { REQUEST_TYPES, type RequestType, type SimState } from './types';

/**
 * Brute force, straight from DESIGN.md §3: with the failed components (and every component
 * of a failed server) removed, can `user` reach an end of the flow of `type`?
 * static ends at any web server; read at a database entered by an edge that allows reading;
 * write at a primary entered by an edge that allows writing; with no database in the design,
 * read and write end at any app server.
 */
function canReachEnd(
  design: Design,
  failed: readonly string[],
  user: string,
  type: RequestType,
): boolean {
  const graph = buildRequestGraph(design);
  const down = new Set(failed);
  const up = (i: number) => {
    const n = design.nodes[i]!;
    return !down.has(n.id) && !(n.server !== undefined && down.has(n.server));
  };
  const hasDatabase = design.nodes.some((n) => n.kind === 'database');
  const start = graph.index.get(user)!;
  if (!up(start)) return false;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
      const w = graph.targets[a]!;
      if (!up(w)) continue;
      const node = design.nodes[w]!;
      const access = design.edges[graph.arcEdge[a]!]!.access ?? 'read-write';
      if (type === 'static' && node.kind === 'web-server') return true;
      if (type !== 'static' && !hasDatabase && node.kind === 'app-server') return true;
      if (type === 'read' && node.kind === 'database' && access !== 'write') return true;
      if (
        type === 'write' &&
        node.kind === 'database' &&
        node.role === 'primary' &&
        access !== 'read'
      ) {
        return true;
      }
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return false;
}

describe('the simulator agrees with the request graph', () => {
  it('serves a request from a user exactly when, without the failed components, that user reaches an end of its flow', () => {
    let successes = 0;
    let failures = 0;
    fc.assert(
      fc.property(scenarioArbitrary, fc.nat(), ({ design, failed }, rounds) => {
        let state: SimState = { ...createSimState(), failed };
        for (const user of design.nodes.filter((n) => n.kind === 'user')) {
          for (const type of REQUEST_TYPES) {
            const expected = canReachEnd(design, failed, user.id, type);
            // Several requests, so round robin visits every choice.
            for (let k = 0; k < 1 + (rounds % 4); k++) {
              const result = simulateRequest(design, type, state, { from: user.id });
              state = result.state;
              expect({ user: user.id, type, served: result.status === 200 }).toEqual({
                user: user.id,
                type,
                served: expected,
              });
              if (expected) successes++;
              else failures++;
            }
          }
        }
      }),
      { numRuns: 600 },
    );
    // The generator must exercise both outcomes, or the property says little.
    expect(successes).toBeGreaterThan(200);
    expect(failures).toBeGreaterThan(200);
  });

  it('only travels in-order request edges, retraces its path, and ends at an end of its flow', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ design, failed }) => {
        const graph = buildRequestGraph(design);
        const arcs = new Set<string>();
        for (let v = 0; v < graph.size; v++) {
          for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
            arcs.add(
              `${design.nodes[v]!.id}>${design.nodes[graph.targets[a]!]!.id}>${design.edges[graph.arcEdge[a]!]!.id}`,
            );
          }
        }
        const down = (id: string) => {
          const n = design.nodes.find((x) => x.id === id)!;
          return failed.includes(id) || (n.server !== undefined && failed.includes(n.server));
        };
        let state: SimState = { ...createSimState(), failed };
        for (const type of REQUEST_TYPES) {
          const result = simulateRequest(design, type, state);
          state = result.state;
          const hops = result.events.filter((e) => e.type === 'hop');
          const requests = hops.filter((h) => h.direction === 'request');
          const responses = hops.filter((h) => h.direction === 'response');
          for (const h of requests) {
            expect(arcs.has(`${h.from}>${h.to}>${h.edge}`)).toBe(true);
            expect(down(h.to)).toBe(false);
          }
          expect(responses.map((h) => `${h.to}>${h.from}`)).toEqual(
            requests.map((h) => `${h.from}>${h.to}`).reverse(),
          );
          const last = result.events.at(-1)!;
          expect(last.type).toBe('response');
          if (result.status === 200 && last.type === 'response') {
            const end = design.nodes.find((n) => n.id === last.servedBy)!;
            const kinds = type === 'static' ? ['web-server'] : ['database', 'app-server'];
            expect(kinds).toContain(end.kind);
            if (type === 'write' && end.kind === 'database') expect(end.role).toBe('primary');
          }
          expect(result.totalMs).toBe(requests.reduce((t, h) => t + h.latencyMs, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});
