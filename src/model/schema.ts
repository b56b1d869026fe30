/**
 * The zod schema of a design file, format 1 (DESIGN.md §2), with messages written for people.
 *
 * The schema checks the *shape* of each value: types, enums, lengths, numeric bounds, counts.
 * Cross-references (unique ids, edge endpoints, cluster kinds, roles, access) are checked by
 * the integrity step of `parseDesign` afterwards, because they need the whole file.
 *
 * Unknown fields are ignored: zod objects strip keys they do not know, so `__proto__`,
 * `constructor` or a newer app's extra fields never reach a `Design`.
 */
import * as z from 'zod/mini';
import {
  ACCESS_MODES,
  CLUSTER_MODES,
  COMPONENT_KINDS,
  DATABASE_ROLES,
  EDGE_KINDS,
  LB_ALGORITHMS,
  LIMITS,
} from './types';

// No generated code: zod's JIT compiles object parsers with `new Function`, and merely probing
// whether it may do so is reported as a violation of the app's `script-src 'self'` policy
// (a `securitypolicyviolation` on every page load). Must run before any schema is built.
z.config({ jitless: true });

/** Describes a JSON value in a message: `the string "2"`, `a number`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : `the non-finite number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a value of type ${typeof value}`;
  }
}

/** A string quoted as JSON, shortened to 40 characters so a message stays readable. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/** Characters an id may not hold: controls, invisible format characters, line separators. */
const FORBIDDEN_ID_CHARS =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** True when `id` is a valid component, cluster, server or edge id. */
export function isValidId(id: string): boolean {
  return id.length >= 1 && id.length <= LIMITS.maxIdLength && !FORBIDDEN_ID_CHARS.test(id);
}

function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `required; expected ${what}`
      : `expected ${what}, got ${describeValue(issue.input)}`;
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `required; expected one of ${values.join(', ')}`
        : typeof issue.input === 'string'
          ? `unknown ${noun} ${quote(issue.input)}; expected one of ${values.join(', ')}`
          : `expected one of ${values.join(', ')}, got ${describeValue(issue.input)}`,
  });
}

const idSchema = z.string({ error: expected('a non-empty string id') }).check(
  z.minLength(1, { error: 'an id may not be empty' }),
  z.maxLength(LIMITS.maxIdLength, {
    error: `an id may hold at most ${LIMITS.maxIdLength} characters`,
  }),
  z.refine((id) => !FORBIDDEN_ID_CHARS.test(id), {
    error: 'an id may not hold control or invisible characters',
  }),
);

function text(max: number, what: string) {
  return z.string({ error: expected(`${what} as a string`) }).check(
    z.maxLength(max, {
      error: (issue) =>
        `too long: at most ${max} characters, got ${(issue.input as string).length}`,
    }),
  );
}

function range(min: number, max: number) {
  return [
    z.gte(min, { error: `out of range: at least ${min}` }),
    z.lte(max, { error: `out of range: at most ${max}` }),
  ] as const;
}

const coordinate = z
  .number({ error: expected('a finite number') })
  .check(...range(-LIMITS.maxCoordinate, LIMITS.maxCoordinate));

export const positionSchema = z.object(
  { x: coordinate, y: coordinate },
  { error: expected('a position {"x": number, "y": number}') },
);

export const nodeSchema = z.object(
  {
    id: idSchema,
    kind: oneOf(COMPONENT_KINDS, 'kind'),
    label: z.optional(text(LIMITS.maxLabelLength, 'a label')),
    role: z.optional(oneOf(DATABASE_ROLES, 'role')),
    cluster: z.optional(idSchema),
    server: z.optional(idSchema),
    position: z.optional(positionSchema),
    notes: z.optional(text(LIMITS.maxNotesLength, 'notes')),
    algorithm: z.optional(oneOf(LB_ALGORITHMS, 'algorithm')),
    latencyMs: z.optional(
      z
        .number({ error: expected('a finite number of milliseconds') })
        .check(...range(0, LIMITS.maxLatencyMs)),
    ),
  },
  { error: expected('a component object') },
);

export const edgeSchema = z.object(
  {
    id: z.optional(idSchema),
    source: idSchema,
    target: idSchema,
    kind: z.optional(oneOf(EDGE_KINDS, 'edge kind')),
    access: z.optional(oneOf(ACCESS_MODES, 'access')),
    label: z.optional(text(LIMITS.maxLabelLength, 'a label')),
  },
  { error: expected('a connection object') },
);

export const clusterSchema = z.object(
  {
    id: idSchema,
    label: z.optional(text(LIMITS.maxLabelLength, 'a label')),
    mode: z.optional(oneOf(CLUSTER_MODES, 'cluster mode')),
    entryPoints: z.optional(
      z
        .int({ error: expected('a whole number of entry points') })
        .check(...range(1, LIMITS.maxEntryPoints)),
    ),
  },
  { error: expected('a cluster object') },
);

export const serverSchema = z.object(
  {
    id: idSchema,
    label: z.optional(text(LIMITS.maxLabelLength, 'a label')),
  },
  { error: expected('a server object') },
);

function list<T extends z.ZodMiniType>(item: T, max: number, what: string) {
  return z
    .array(item, { error: expected(`an array of ${what}`) })
    .check(z.maxLength(max, { error: `too many ${what}: at most ${max}` }));
}

/**
 * The whole file, format 1. `format` and `version` are checked by the envelope step of
 * `parseDesign` before this schema runs (they decide which schema applies), and again here.
 */
export const designFileSchema = z.object(
  {
    format: z.literal('archboard', { error: expected('"archboard"') }),
    version: z
      .int({ error: expected('a positive whole number') })
      .check(z.gte(1, { error: 'out of range: at least 1' })),
    title: z.optional(text(LIMITS.maxTitleLength, 'a title')),
    nodes: list(nodeSchema, LIMITS.maxNodes, 'components'),
    edges: list(edgeSchema, LIMITS.maxEdges, 'connections'),
    clusters: z.optional(list(clusterSchema, LIMITS.maxClusters, 'clusters')),
    servers: z.optional(list(serverSchema, LIMITS.maxServers, 'servers')),
  },
  { error: expected('a JSON object') },
);

/** A design file as written on disk (optional fields may be left out). */
export type DesignFileInput = z.input<typeof designFileSchema>;
/** A design file after the schema: shapes checked, defaults not yet applied. */
export type DesignFileData = z.output<typeof designFileSchema>;
export type NodeFileData = z.output<typeof nodeSchema>;
export type EdgeFileData = z.output<typeof edgeSchema>;
