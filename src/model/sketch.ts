/**
 * Small designs written in the file's own shorthand, through the real parse pipeline: for
 * tests, the templates and the CLI. Kept apart from `factories.ts`, which the app loads at
 * start, so that the parse pipeline (and zod) can load later.
 */
import { formatProblems, parseDesignValue } from './parse';
import type { DesignFileInput } from './schema';
import type { Design } from './types';
import { FORMAT_NAME, FORMAT_VERSION } from './types';

/** What {@link makeDesign} accepts: a design file without `format` and `version`. */
export type DesignSketch = Omit<DesignFileInput, 'format' | 'version' | 'nodes' | 'edges'> & {
  nodes?: DesignFileInput['nodes'];
  edges?: DesignFileInput['edges'];
};

/**
 * A design from a sketch in the file's own shorthand, through the real parse pipeline
 * (defaults applied, laid out by tier when no positions are given). For tests and
 * templates: throws with the problems when the sketch is not a valid design.
 *
 * @example
 * makeDesign({
 *   nodes: [{ id: 'u', kind: 'user' }, { id: 'w', kind: 'web-server' }],
 *   edges: [{ source: 'u', target: 'w' }],
 * });
 */
export function makeDesign(sketch: DesignSketch = {}): Design {
  const result = parseDesignValue({
    ...sketch,
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    nodes: sketch.nodes ?? [],
    edges: sketch.edges ?? [],
  });
  if (!result.ok)
    throw new Error(`makeDesign: invalid sketch\n${formatProblems(result.error, 20)}`);
  return result.value;
}
