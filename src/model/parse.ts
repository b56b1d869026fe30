/**
 * The one parse pipeline for design files (issue #2, "Files"; reliability.md §2, §5):
 *
 *   size → UTF-8 (fatal, BOM stripped) → depth and object count (a pre-scan of the text,
 *   so JSON.parse never builds millions of values) → JSON.parse → envelope (format,
 *   version; newer refused) → migrations → zod schema → integrity → defaults → placement
 *
 * Used by the file importer, the autosave loader, paste and the CLI alike. It never throws,
 * never mutates its input, never touches `Object.prototype` (ids live in `Map`s), and
 * refuses the whole file with `Problem`s that name a JSON path, or returns a `Design` that
 * keeps every invariant listed in `types.ts`.
 */
import { getDefaultLabel, KINDS } from './catalogue';
import { findJsonSyntaxError, scanJsonShape } from './json-syntax';
import { computeTierPositions, findFreeIn, Occupancy } from './layout';
import { migrateFile, MIGRATIONS, type JsonObject, type Migration } from './migrations';
import { describeValue, designFileSchema, quote, type DesignFileData } from './schema';
import {
  DEFAULT_TITLE,
  FORMAT_NAME,
  FORMAT_VERSION,
  LIMITS,
  type Access,
  type Cluster,
  type ComponentKind,
  type Design,
  type DesignEdge,
  type DesignNode,
  type Problem,
  type Result,
  type Server,
} from './types';

/** At most this many problems are reported for one input (the last one says how many more). */
export const MAX_PROBLEMS = 100;

export { DEFAULT_TITLE };

/**
 * The most objects and arrays one input may hold. A design at every cap holds about 45,000
 * (5,000 components with positions, 20,000 connections, 10,000 clusters and servers); this
 * leaves room for unknown fields while keeping the worst input well under a second.
 */
export const MAX_CONTAINERS = 250_000;

export interface ParseOptions {
  /** Migrations to run (tests inject their own); default {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
  /** The newest version this parser reads; default {@link FORMAT_VERSION}. */
  currentVersion?: number;
}

type Parsed = Result<Design, Problem[]>;

/**
 * Parses a design file from text or bytes. Never throws.
 *
 * @example
 * const result = parseDesign(await file.arrayBuffer());
 * if (!result.ok) show(formatProblems(result.error));
 */
export function parseDesign(
  input: string | Uint8Array | ArrayBuffer,
  options: ParseOptions = {},
): Parsed {
  try {
    const text = decodeInput(input);
    if (!text.ok) return text;
    const value = parseJson(text.value);
    if (!value.ok) return value;
    return parseValue(value.value, options, true);
  } catch (error) {
    return internalError(error);
  }
}

/** The same pipeline from an already-parsed JSON value (autosave, paste). Never throws. */
export function parseDesignValue(value: unknown, options: ParseOptions = {}): Parsed {
  try {
    return parseValue(value, options, false);
  } catch (error) {
    return internalError(error);
  }
}

/** Problems as text for people, one per line, at most `max` (then "… and N more"). */
export function formatProblems(problems: readonly Problem[], max = 10): string {
  if (problems.length === 0) return '';
  const shown = problems.slice(0, Math.max(1, max)).map((p) => p.message);
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(`… and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return shown.join('\n');
}

// ---------------------------------------------------------------------------------------
// Bytes and text

function problem(path: string, text: string): Problem {
  return { path, message: path === '' ? text : `${path}: ${text}` };
}

function refuse(path: string, text: string): { ok: false; error: Problem[] } {
  return { ok: false, error: [problem(path, text)] };
}

/** A refusal for what should not happen (a value whose getter throws): never a stack trace. */
function internalError(error: unknown): Parsed {
  let reason = 'unknown error';
  try {
    if (error instanceof Error && typeof error.message === 'string')
      reason = error.message.slice(0, 200);
  } catch {
    // an error whose message cannot be read: keep "unknown error"
  }
  return refuse('', `could not read this design (${reason})`);
}

const NOT_A_DESIGN = 'not an archboard design file';

function decodeInput(input: string | Uint8Array | ArrayBuffer): Result<string, Problem[]> {
  if (typeof input === 'string') {
    if (input.length > LIMITS.maxFileBytes || utf8Length(input) > LIMITS.maxFileBytes) {
      return tooBig();
    }
    return { ok: true, value: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input };
  }
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else return refuse('', `${NOT_A_DESIGN}: expected text or bytes, got ${describeValue(input)}`);
  if (bytes.byteLength > LIMITS.maxFileBytes) return tooBig();
  const sniffed = sniffBinary(bytes);
  if (sniffed) return refuse('', sniffed);
  try {
    // fatal: invalid UTF-8 is refused, never replaced; the BOM is stripped (ignoreBOM false).
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return refuse(
      '',
      `${NOT_A_DESIGN}: the file is not UTF-8 text (invalid UTF-8 byte at offset ${firstInvalidUtf8(bytes)})`,
    );
  }
}

function tooBig(): { ok: false; error: Problem[] } {
  return refuse(
    '',
    `the file is too large: archboard reads files up to ${LIMITS.maxFileBytes / 1024 / 1024} MiB`,
  );
}

/** The UTF-8 length of a string (lone surrogates count 3, as the encoder writes U+FFFD). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** A message for byte patterns that are clearly not a UTF-8 JSON file. */
function sniffBinary(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  if ((b(0) === 0xff && b(1) === 0xfe) || (b(0) === 0xfe && b(1) === 0xff)) {
    return `${NOT_A_DESIGN}: the file is UTF-16 text; save it as UTF-8`;
  }
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) {
    return `${NOT_A_DESIGN} (looks like a PNG image; import the JSON export instead)`;
  }
  for (let i = 0; i < Math.min(4, bytes.length); i++) {
    if (bytes[i] === 0)
      return `${NOT_A_DESIGN}: the file is not UTF-8 text (looks like UTF-16 or binary data)`;
  }
  return undefined;
}

/**
 * The offset of the first byte sequence that is not valid UTF-8 (WHATWG rules: no overlong
 * forms, no surrogates, nothing above U+10FFFF), for the message. Only run on failure.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function parseJson(text: string): Result<unknown, Problem[]> {
  const trimmed = text.trim();
  if (trimmed === '') return refuse('', `${NOT_A_DESIGN}: the file is empty`);
  const first = trimmed[0];
  if (first !== '{' && first !== '[') {
    const lower = trimmed.slice(0, 200).toLowerCase();
    let hint = '';
    if (lower.startsWith('<mxfile') || lower.startsWith('<mxgraphmodel'))
      hint = ' (looks like a draw.io file)';
    else if (lower.startsWith('<svg') || (lower.startsWith('<?xml') && lower.includes('<svg')))
      hint = ' (looks like an SVG image)';
    else if (lower.startsWith('<!doctype html') || lower.startsWith('<html'))
      hint = ' (looks like an HTML page)';
    else if (lower.startsWith('<')) hint = ' (looks like XML or HTML)';
    // A bare JSON scalar ("42", "null") parses but is not an object: say so precisely.
    if (!hint) {
      try {
        const scalar: unknown = JSON.parse(trimmed);
        return { ok: true, value: scalar };
      } catch {
        return refuse('', `${NOT_A_DESIGN}: it is not JSON`);
      }
    }
    return refuse('', `${NOT_A_DESIGN}${hint}`);
  }
  const shape = scanJsonShape(text, LIMITS.maxDepth, MAX_CONTAINERS);
  if (shape?.kind === 'depth') return refuse(formatPath(shape.path), depthText());
  if (shape?.kind === 'containers') return refuse('', tooManyContainersText());
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const where = findJsonSyntaxError(text);
    if (!where) return refuse('', `${NOT_A_DESIGN}: the file is not valid JSON`);
    return refuse(
      '',
      `the file is not valid JSON: ${where.reason} at line ${where.line}, column ${where.column} (position ${where.position})`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Value → Design

function parseValue(value: unknown, options: ParseOptions, fromJson: boolean): Parsed {
  const currentVersion = options.currentVersion ?? FORMAT_VERSION;
  // Text was checked for depth and size by scanJsonShape before JSON.parse.
  const depth = fromJson ? undefined : checkDepth(value);
  if (depth) return refuse(depth.path, depth.text);

  const envelope = checkEnvelope(value, currentVersion);
  if (!envelope.ok) return envelope;
  let file = envelope.value.file;
  if (envelope.value.version < currentVersion) {
    const migrated = migrateFile(
      file,
      envelope.value.version,
      currentVersion,
      options.migrations ?? MIGRATIONS,
    );
    if (!migrated.ok) return migrated;
    file = migrated.value;
    const again = checkDepth(file);
    if (again) return refuse(again.path, again.text);
  }
  // Counts before the schema, so 200k tiny components are refused at once (A8).
  for (const [key, max, what] of [
    ['nodes', LIMITS.maxNodes, 'components'],
    ['edges', LIMITS.maxEdges, 'connections'],
    ['clusters', LIMITS.maxClusters, 'clusters'],
    ['servers', LIMITS.maxServers, 'servers'],
  ] as const) {
    const list = ownValue(file, key);
    if (Array.isArray(list) && list.length > max) {
      return refuse(key, `too many ${what}: at most ${max}, got ${list.length}`);
    }
  }

  const checked = designFileSchema.safeParse({ ...file, version: FORMAT_VERSION });
  if (!checked.success) {
    // One problem per path: a value that fails several checks is reported once.
    const byPath = new Map<string, Problem>();
    for (const issue of checked.error.issues) {
      const path = formatPath(issue.path);
      if (!byPath.has(path)) byPath.set(path, problem(path, issue.message));
    }
    return { ok: false, error: capProblems([...byPath.values()]) };
  }
  const integrity = checkIntegrity(checked.data);
  if (integrity.length > 0) return { ok: false, error: capProblems(integrity) };
  return { ok: true, value: placeMissing(applyDefaults(checked.data)) };
}

function ownValue(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - (MAX_PROBLEMS - 1);
  return [
    ...problems.slice(0, MAX_PROBLEMS - 1),
    { path: '', message: `… and ${rest} more problems` },
  ];
}

/** `nodes[3].position.x` from `['nodes', 3, 'position', 'x']`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$]*$/.test(name)
        ? out === ''
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/**
 * Refuses values nested deeper than LIMITS.maxDepth or holding more than MAX_CONTAINERS
 * objects and arrays. Iterative, so 10⁶ levels cannot overflow the stack. For values that
 * did not come straight from JSON.parse: shared objects are visited once per reference and
 * cycles nest without end, so both are bounded by the two limits.
 */
function checkDepth(root: unknown): { path: string; text: string } | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  interface Frame {
    value: object;
    depth: number;
    parent: Frame | undefined;
    key: PropertyKey;
  }
  const stack: Frame[] = [{ value: root, depth: 1, parent: undefined, key: '' }];
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (depth > LIMITS.maxDepth) {
      const keys: PropertyKey[] = [];
      for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
      keys.reverse();
      return { path: formatPath(keys.slice(0, 5)), text: depthText() };
    }
    if (++visited > MAX_CONTAINERS) return { path: '', text: tooManyContainersText() };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === 'object' && child !== null) {
          stack.push({ value: child, depth: depth + 1, parent: frame, key: i });
        }
      }
    } else {
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const child: unknown = (value as JsonObject)[keys[i]!];
        if (typeof child === 'object' && child !== null) {
          stack.push({ value: child, depth: depth + 1, parent: frame, key: keys[i]! });
        }
      }
    }
  }
  return undefined;
}

function depthText(): string {
  return `nested too deeply: archboard reads values nested at most ${LIMITS.maxDepth} levels`;
}

function tooManyContainersText(): string {
  return `too many values: archboard reads files holding at most ${MAX_CONTAINERS} objects and arrays`;
}

interface Envelope {
  file: JsonObject;
  version: number;
}

function checkEnvelope(value: unknown, currentVersion: number): Result<Envelope, Problem[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (Array.isArray(value)) {
      const hint = looksLikeOtherTool(value);
      return refuse(
        '',
        `${NOT_A_DESIGN}${hint}: expected a JSON object at the top level, got an array`,
      );
    }
    return refuse(
      '',
      `${NOT_A_DESIGN}: expected a JSON object at the top level, got ${describeValue(value)}`,
    );
  }
  const file = value as JsonObject;
  const format = ownValue(file, 'format');
  if (format !== FORMAT_NAME) {
    const hint = looksLikeOtherTool(file);
    if (hint) return refuse('', `${NOT_A_DESIGN}${hint}`);
    if (format === undefined)
      return refuse('format', `${NOT_A_DESIGN}: "format": "archboard" is missing`);
    return refuse('format', `${NOT_A_DESIGN}: expected "archboard", got ${describeValue(format)}`);
  }
  const version = ownValue(file, 'version');
  if (version === undefined)
    return refuse(
      'version',
      'invalid version: required; expected a positive whole number such as 1',
    );
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(
      'version',
      `invalid version: expected a positive whole number, got ${describeValue(version)}`,
    );
  }
  if (version > currentVersion) {
    return refuse(
      'version',
      `made by a newer version of archboard (version ${version}); this app reads up to version ${currentVersion}. Update archboard to open it.`,
    );
  }
  return { ok: true, value: { file, version } };
}

function looksLikeOtherTool(value: unknown): string {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (isObject(first) && ('position' in first || 'data' in first) && 'id' in first) {
      return ' (looks like a list of React Flow nodes)';
    }
    return '';
  }
  if (!isObject(value)) return '';
  const type = ownValue(value, 'type');
  if (type === 'excalidraw' || type === 'excalidrawlib' || type === 'excalidraw/clipboard') {
    return ' (looks like an Excalidraw file)';
  }
  if (
    'tldrawFileFormatVersion' in value ||
    (isObject(ownValue(value, 'schema')) && Array.isArray(ownValue(value, 'records')))
  ) {
    return ' (looks like a tldraw file)';
  }
  if (
    Array.isArray(ownValue(value, 'nodes')) &&
    ('viewport' in value || hasReactFlowNodes(ownValue(value, 'nodes')))
  ) {
    return ' (looks like a React Flow file)';
  }
  if (Array.isArray(ownValue(value, 'cells')) || 'mxGraphModel' in value)
    return ' (looks like a draw.io file)';
  return '';
}

function hasReactFlowNodes(nodes: unknown): boolean {
  if (!Array.isArray(nodes)) return false;
  const first: unknown = nodes[0];
  return isObject(first) && isObject(ownValue(first, 'data')) && !('kind' in first);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------
// Integrity

type Entity =
  | { what: 'component'; index: number; kind: ComponentKind }
  | { what: 'cluster'; index: number }
  | { what: 'server'; index: number };

function checkIntegrity(file: DesignFileData): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, text: string) => {
    if (problems.length <= MAX_PROBLEMS) problems.push(problem(path, text));
  };
  const clusters = file.clusters ?? [];
  const servers = file.servers ?? [];

  // Ids are unique across components, clusters and servers (a Map: `__proto__` is data).
  const ids = new Map<string, Entity>();
  const claim = (id: string, entity: Entity, path: string) => {
    const other = ids.get(id);
    if (other) {
      add(
        path,
        `duplicate id ${quote(id)}: ${describeEntity(other)} has it already; ids must be unique across components, clusters and servers`,
      );
    } else ids.set(id, entity);
  };
  file.nodes.forEach((node, index) =>
    claim(node.id, { what: 'component', index, kind: node.kind }, `nodes[${index}].id`),
  );
  clusters.forEach((cluster, index) =>
    claim(cluster.id, { what: 'cluster', index }, `clusters[${index}].id`),
  );
  servers.forEach((server, index) =>
    claim(server.id, { what: 'server', index }, `servers[${index}].id`),
  );

  // Components: cluster and server declared; role only on databases; algorithm only on LBs.
  const clusterKinds = new Map<string, { kind: ComponentKind; index: number }>();
  file.nodes.forEach((node, index) => {
    const path = `nodes[${index}]`;
    if (node.cluster !== undefined) {
      const target = ids.get(node.cluster);
      if (!target || target.what !== 'cluster') {
        add(
          `${path}.cluster`,
          `cluster ${quote(node.cluster)} is not declared in "clusters"${target ? ` (it is the id of ${describeEntity(target)})` : ''}`,
        );
      } else {
        const first = clusterKinds.get(node.cluster);
        if (!first) clusterKinds.set(node.cluster, { kind: node.kind, index });
        else if (first.kind !== node.kind) {
          add(
            `${path}.cluster`,
            `cluster ${quote(node.cluster)} mixes kinds: nodes[${first.index}] is ${article(first.kind)} but this component is ${article(node.kind)}; a cluster's members are all of one kind`,
          );
        }
      }
    }
    if (node.server !== undefined) {
      const target = ids.get(node.server);
      if (!target || target.what !== 'server') {
        add(
          `${path}.server`,
          `server ${quote(node.server)} is not declared in "servers"${target ? ` (it is the id of ${describeEntity(target)})` : ''}`,
        );
      }
    }
    if (node.role !== undefined && node.kind !== 'database') {
      add(`${path}.role`, `only databases have a role; this component is ${article(node.kind)}`);
    }
    if (node.algorithm !== undefined && node.kind !== 'load-balancer') {
      add(
        `${path}.algorithm`,
        `only load balancers have an algorithm; this component is ${article(node.kind)}`,
      );
    }
  });

  // Edges: unique ids, endpoints exist and are components or clusters, no self-edge,
  // no cluster↔member edge, access only on request edges into databases.
  const edgeIds = new Map<string, number>();
  file.edges.forEach((edge, index) => {
    const path = `edges[${index}]`;
    if (edge.id !== undefined) {
      const first = edgeIds.get(edge.id);
      if (first !== undefined)
        add(`${path}.id`, `duplicate edge id ${quote(edge.id)}: edges[${first}] has it already`);
      else edgeIds.set(edge.id, index);
    }
    let endpointsOk = true;
    for (const end of ['source', 'target'] as const) {
      const id = edge[end];
      const target = ids.get(id);
      if (!target) {
        add(`${path}.${end}`, `no component or cluster has the id ${quote(id)}`);
        endpointsOk = false;
      } else if (target.what === 'server') {
        add(
          `${path}.${end}`,
          `${quote(id)} is a server; connect the components on it, not the server itself`,
        );
        endpointsOk = false;
      }
    }
    if (!endpointsOk) return;
    if (edge.source === edge.target) {
      add(path, `connects ${quote(edge.source)} to itself`);
      return;
    }
    const source = ids.get(edge.source)!;
    const target = ids.get(edge.target)!;
    const memberOf = (node: Entity, cluster: string) =>
      node.what === 'component' && file.nodes[node.index]!.cluster === cluster;
    if (
      (source.what === 'cluster' && memberOf(target, edge.source)) ||
      (target.what === 'cluster' && memberOf(source, edge.target))
    ) {
      add(
        path,
        `connects cluster ${quote(source.what === 'cluster' ? edge.source : edge.target)} with one of its own members`,
      );
      return;
    }
    if (edge.access !== undefined) {
      if (edge.kind === 'replication') {
        add(
          `${path}.access`,
          'a replication edge has no access; only request edges into a database do',
        );
      } else if (kindOf(target, edge.target, clusterKinds, file) !== 'database') {
        add(
          `${path}.access`,
          `access is only for request edges into a database; ${quote(edge.target)} is not a database`,
        );
      }
    }
  });
  return problems;
}

/** "a web-server", "an app-server". */
function article(kind: string): string {
  return `${/^[aeio]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function kindOf(
  entity: Entity,
  id: string,
  clusterKinds: Map<string, { kind: ComponentKind }>,
  file: DesignFileData,
): ComponentKind | undefined {
  if (entity.what === 'component') return file.nodes[entity.index]!.kind;
  if (entity.what === 'cluster') return clusterKinds.get(id)?.kind;
  return undefined;
}

function describeEntity(entity: Entity): string {
  if (entity.what === 'component') return `nodes[${entity.index}]`;
  return `${entity.what === 'cluster' ? 'clusters' : 'servers'}[${entity.index}]`;
}

// ---------------------------------------------------------------------------------------
// Defaults and placement

function applyDefaults(file: DesignFileData): Design & { unplaced: Set<DesignNode> } {
  const unplaced = new Set<DesignNode>();
  const nodes = file.nodes.map((n) => {
    const node: DesignNode = {
      id: n.id,
      kind: n.kind,
      label: n.label ?? getDefaultLabel(n.kind, n.role),
      position: n.position ? { x: zero(n.position.x), y: zero(n.position.y) } : { x: 0, y: 0 },
    };
    if (n.kind === 'database') node.role = n.role ?? 'primary';
    if (n.cluster !== undefined) node.cluster = n.cluster;
    if (n.server !== undefined) node.server = n.server;
    if (n.notes !== undefined) node.notes = n.notes;
    if (n.algorithm !== undefined) node.algorithm = n.algorithm;
    if (n.latencyMs !== undefined) node.latencyMs = zero(n.latencyMs);
    if (!n.position) unplaced.add(node);
    return node;
  });
  const nodeById = new Map<string, DesignNode>();
  for (const node of nodes) nodeById.set(node.id, node);
  const membersOf = new Map<string, DesignNode[]>();
  for (const node of nodes) {
    if (node.cluster === undefined) continue;
    const list = membersOf.get(node.cluster);
    if (list) list.push(node);
    else membersOf.set(node.cluster, [node]);
  }

  const clusters: Cluster[] = (file.clusters ?? []).map((c) => {
    const kind = membersOf.get(c.id)?.[0]?.kind;
    return {
      id: c.id,
      label: c.label ?? (kind ? `${KINDS[kind].defaultLabel} cluster` : 'Cluster'),
      mode: c.mode ?? 'active-passive',
      entryPoints: c.entryPoints ?? 1,
    };
  });
  const servers: Server[] = (file.servers ?? []).map((s, index) => ({
    id: s.id,
    label: s.label ?? `Server ${index + 1}`,
  }));

  // Edge ids: keep the file's, generate e1, e2… for the others without colliding.
  const taken = new Set<string>();
  for (const e of file.edges) if (e.id !== undefined) taken.add(e.id);
  for (const n of nodes) taken.add(n.id);
  for (const c of clusters) taken.add(c.id);
  for (const s of servers) taken.add(s.id);
  let counter = 0;
  const nextId = () => {
    let id: string;
    do id = `e${++counter}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
  const edges: DesignEdge[] = file.edges.map((e) => {
    const edge: DesignEdge = {
      id: e.id ?? nextId(),
      source: e.source,
      target: e.target,
      kind: e.kind ?? 'request',
    };
    if (edge.kind === 'request') {
      const access = e.access ?? defaultAccess(edge.target, nodeById, membersOf);
      if (access !== undefined) edge.access = access;
    }
    if (e.label !== undefined) edge.label = e.label;
    return edge;
  });

  return { title: file.title ?? DEFAULT_TITLE, nodes, edges, clusters, servers, unplaced };
}

/** read-write into a primary (or a cluster holding one), read into replicas, none elsewhere. */
function defaultAccess(
  target: string,
  nodeById: Map<string, DesignNode>,
  membersOf: Map<string, DesignNode[]>,
): Access | undefined {
  const node = nodeById.get(target);
  const members = node ? [node] : (membersOf.get(target) ?? []);
  if (members.length === 0 || members[0]!.kind !== 'database') return undefined;
  return members.every((m) => m.role === 'replica') ? 'read' : 'read-write';
}

function zero(value: number): number {
  return value === 0 ? 0 : value; // -0 → 0: JSON cannot keep -0
}

/** All unplaced → tier layout; some unplaced → each near its tier column, on a free spot. */
function placeMissing(design: Design & { unplaced: Set<DesignNode> }): Design {
  const { unplaced, ...rest } = design;
  if (unplaced.size === 0) return rest;
  const tier = computeTierPositions(rest.nodes);
  if (unplaced.size === rest.nodes.length) {
    for (const node of rest.nodes) node.position = tier.get(node)!;
    return rest;
  }
  // Some have positions: put the others in their tier's column, to the right of or level
  // with what is drawn, on spots that overlap nothing.
  const placed = rest.nodes.filter((n) => !unplaced.has(n));
  const occupancy = new Occupancy(placed.map((n) => n.position));
  const columnX = new Map<ComponentKind, number>();
  for (const node of placed) {
    const x = columnX.get(node.kind);
    columnX.set(node.kind, x === undefined ? node.position.x : Math.min(x, node.position.x));
  }
  const minX = Math.min(...placed.map((n) => n.position.x));
  const minY = Math.min(...placed.map((n) => n.position.y));
  for (const node of rest.nodes) {
    if (!unplaced.has(node)) continue;
    const p = tier.get(node)!;
    const near = { x: columnX.get(node.kind) ?? minX + p.x, y: minY + p.y };
    node.position = findFreeIn(occupancy, near);
    occupancy.add(node.position);
  }
  return rest;
}
