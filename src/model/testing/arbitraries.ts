/**
 * fast-check arbitraries for the model, shared by the model's fuzz suite, the rules engine,
 * the simulator, the store and the CLI tests. Test support only: never imported by app code.
 *
 * - {@link arbitraryDesign}: valid designs exactly as `parseDesign` returns them (defaults
 *   applied, ids unique, every invariant of `types.ts` kept), with full-Unicode text.
 * - {@link arbitraryBadInput}: the bad-input corpus of reliability.md §2.A–2.F: structure-
 *   aware mutations of valid designs written as text or bytes (truncated, re-encoded,
 *   bit-flipped), raw strings, random bytes, other tools' files, and non-JSON values for
 *   `parseDesignValue`.
 * - {@link checkDesignInvariants}: the invariants of a `Design`, as messages.
 */
import fc from 'fast-check';
import { isValidId } from '../schema';
import { toDesignFile } from '../serialize';
import {
  ACCESS_MODES,
  CLUSTER_MODES,
  COMPONENT_KINDS,
  DATABASE_ROLES,
  LB_ALGORITHMS,
  LIMITS,
  type Access,
  type Cluster,
  type ComponentKind,
  type Design,
  type DesignEdge,
  type DesignNode,
  type Server,
} from '../types';

// ---------------------------------------------------------------------------------------
// Text

/** Strings that have broken editors and parsers before (reliability.md §2.F). */
export const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u202Eevil\u202C',
  '\u2066isolate\u2069',
  'zero\u200Bwidth\u200D\uFEFF',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301',
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\u0000',
  'line\r\nbreak\rand\nmore',
  '\u2028\u2029',
  '\u001b]0;pwned\u0007\u001b[2J',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '</textarea><script>',
  "{{constructor.constructor('alert(1)')()}}",
  '${x} {{x}} %s %n',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'مستخدم',
  'שרת',
  'Nginx 1',
];

/** One UTF-16 code unit or one code point, biased towards the troublesome ones. */
const unicodeUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u202E',
      '\u200F',
      '\u200B',
      '\u200D',
      '\uFEFF',
      '\uD800',
      '\uDC00',
      '\u0000',
      '\n',
      '\u2028',
    ),
  },
);

/** Any string, up to `maxLength` UTF-16 code units: lone surrogates, controls, bidi and all. */
export function arbitraryText(maxLength = 24): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: unicodeUnit, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  );
}

/** A valid id: short names, names that shadow Object.prototype, Unicode names. */
export function arbitraryId(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[a-z]{1,3}[0-9]{0,2}$/) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'prototype',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter(isValidId),
    },
  );
}

/** A finite coordinate within the bounds, never -0. */
const coordinate: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -2000, max: 2000 }).map((v) => v * 16 || 0) },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, min: -LIMITS.maxCoordinate, max: LIMITS.maxCoordinate })
      .map((v) => v || 0),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(LIMITS.maxCoordinate, -LIMITS.maxCoordinate, 0.1, 5e-324),
  },
);

// ---------------------------------------------------------------------------------------
// Valid designs

export interface DesignArbitraryOptions {
  /** At most this many components (default 12). */
  maxNodes?: number;
  /** At most this many connections (default 2 × maxNodes). */
  maxEdges?: number;
  /** At most this many clusters, and as many servers (default 3). */
  maxGroups?: number;
  /** Labels, notes and titles (default {@link arbitraryText}). */
  text?: fc.Arbitrary<string>;
  /** Only these kinds (default all). */
  kinds?: readonly ComponentKind[];
}

interface RawNode {
  kind: ComponentKind;
  label: string;
  role: (typeof DATABASE_ROLES)[number];
  cluster: number | null;
  server: number | null;
  position: { x: number; y: number };
  notes: string | null;
  algorithm: (typeof LB_ALGORITHMS)[number] | null;
  latencyMs: number | null;
}

interface RawEdge {
  source: number;
  target: number;
  replication: boolean;
  access: Access;
  label: string | null;
}

/**
 * Valid designs, exactly as `parseDesign` returns them: serialize → parse is the identity
 * on every one. Clusters hold one kind each, edges never loop or join a cluster with its
 * own member, access sits only on request edges into databases, all text is any Unicode.
 */
export function arbitraryDesign(options: DesignArbitraryOptions = {}): fc.Arbitrary<Design> {
  const maxNodes = options.maxNodes ?? 12;
  const maxEdges = options.maxEdges ?? maxNodes * 2;
  const maxGroups = options.maxGroups ?? 3;
  const text = options.text ?? arbitraryText();
  const kinds = options.kinds ?? COMPONENT_KINDS;
  const id = arbitraryId();

  const counts = fc.record({
    nodes: fc.nat(maxNodes),
    clusters: fc.nat(maxGroups),
    servers: fc.nat(maxGroups),
    edges: fc.nat(maxEdges),
  });
  return counts.chain((n) => {
    const total = n.nodes + n.clusters + n.servers;
    const rawNode: fc.Arbitrary<RawNode> = fc.record({
      kind: fc.constantFrom(...kinds),
      label: text,
      role: fc.constantFrom(...DATABASE_ROLES),
      cluster: n.clusters > 0 ? fc.option(fc.nat(n.clusters - 1)) : fc.constant(null),
      server: n.servers > 0 ? fc.option(fc.nat(n.servers - 1)) : fc.constant(null),
      position: fc.record({ x: coordinate, y: coordinate }),
      notes: fc.option(text, { freq: 4 }),
      algorithm: fc.option(fc.constantFrom(...LB_ALGORITHMS)),
      latencyMs: fc.option(
        fc.oneof(
          fc.nat(LIMITS.maxLatencyMs),
          fc.double({ noNaN: true, min: 0, max: LIMITS.maxLatencyMs }).map((v) => v || 0),
        ),
        { freq: 4 },
      ),
    });
    const endpoints = n.nodes + n.clusters;
    const rawEdge: fc.Arbitrary<RawEdge> = fc.record({
      source: fc.nat(Math.max(0, endpoints - 1)),
      target: fc.nat(Math.max(0, endpoints - 1)),
      replication: fc.boolean(),
      access: fc.constantFrom(...ACCESS_MODES),
      label: fc.option(text, { freq: 3 }),
    });
    return fc
      .record({
        title: text,
        ids: fc.uniqueArray(id, { minLength: total, maxLength: total }),
        edgeIds: fc.uniqueArray(id, { minLength: n.edges, maxLength: n.edges }),
        nodes: fc.array(rawNode, { minLength: n.nodes, maxLength: n.nodes }),
        edges:
          endpoints > 0
            ? fc.array(rawEdge, { minLength: n.edges, maxLength: n.edges })
            : fc.constant<RawEdge[]>([]),
        clusters: fc.array(
          fc.record({
            label: text,
            mode: fc.constantFrom(...CLUSTER_MODES),
            entryPoints: fc.integer({ min: 1, max: LIMITS.maxEntryPoints }),
          }),
          { minLength: n.clusters, maxLength: n.clusters },
        ),
        servers: fc.array(text, { minLength: n.servers, maxLength: n.servers }),
      })
      .map((raw) => buildDesign(raw, n.nodes, n.clusters));
  });
}

function buildDesign(
  raw: {
    title: string;
    ids: string[];
    edgeIds: string[];
    nodes: RawNode[];
    edges: RawEdge[];
    clusters: Array<{ label: string; mode: Cluster['mode']; entryPoints: number }>;
    servers: string[];
  },
  nodeCount: number,
  clusterCount: number,
): Design {
  const nodeIds = raw.ids.slice(0, nodeCount);
  const clusterIds = raw.ids.slice(nodeCount, nodeCount + clusterCount);
  const serverIds = raw.ids.slice(nodeCount + clusterCount);
  const clusterKind: Array<ComponentKind | undefined> = clusterIds.map(() => undefined);

  const nodes: DesignNode[] = raw.nodes.map((r, i) => {
    const node: DesignNode = {
      id: nodeIds[i]!,
      kind: r.kind,
      label: r.label,
      // fc.record may build null-prototype objects: designs hold plain ones.
      position: { x: r.position.x, y: r.position.y },
    };
    if (r.kind === 'database') node.role = r.role;
    if (r.cluster !== null) {
      // A cluster takes the kind of its first member; others of another kind stay out.
      const kind = clusterKind[r.cluster];
      if (kind === undefined || kind === r.kind) {
        clusterKind[r.cluster] = r.kind;
        node.cluster = clusterIds[r.cluster]!;
      }
    }
    if (r.server !== null) node.server = serverIds[r.server]!;
    if (r.notes !== null) node.notes = r.notes;
    if (r.algorithm !== null && r.kind === 'load-balancer') node.algorithm = r.algorithm;
    if (r.latencyMs !== null) node.latencyMs = r.latencyMs;
    return node;
  });

  const endpointId = (index: number) =>
    index < nodes.length ? nodes[index]!.id : clusterIds[index - nodes.length]!;
  const endpointKind = (index: number) =>
    index < nodes.length ? nodes[index]!.kind : clusterKind[index - nodes.length];
  const isMemberPair = (a: number, b: number) =>
    a >= nodes.length && b < nodes.length && nodes[b]!.cluster === clusterIds[a - nodes.length];
  const edges: DesignEdge[] = [];
  raw.edges.forEach((r, i) => {
    if (
      r.source === r.target ||
      isMemberPair(r.source, r.target) ||
      isMemberPair(r.target, r.source)
    )
      return;
    const edge: DesignEdge = {
      id: raw.edgeIds[i]!,
      source: endpointId(r.source),
      target: endpointId(r.target),
      kind: r.replication ? 'replication' : 'request',
    };
    if (!r.replication && endpointKind(r.target) === 'database') edge.access = r.access;
    if (r.label !== null) edge.label = r.label;
    edges.push(edge);
  });

  const clusters: Cluster[] = raw.clusters.map((c, i) => ({ id: clusterIds[i]!, ...c }));
  const servers: Server[] = raw.servers.map((label, i) => ({ id: serverIds[i]!, label }));
  return { title: raw.title, nodes, edges, clusters, servers };
}

/**
 * What breaks the invariants of a `Design` (types.ts), as messages; empty when none.
 * Tests of anything that produces designs (parse, factories, store actions, fixes) use it.
 */
export function checkDesignInvariants(design: Design): string[] {
  const out: string[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, what: string) => {
    if (ids.has(id)) out.push(`duplicate id ${JSON.stringify(id)} (${ids.get(id)} and ${what})`);
    else ids.set(id, what);
  };
  design.nodes.forEach((n) => claim(n.id, 'component'));
  design.clusters.forEach((c) => claim(c.id, 'cluster'));
  design.servers.forEach((s) => claim(s.id, 'server'));
  const nodeById = new Map(design.nodes.map((n) => [n.id, n] as const));
  const clusterKind = new Map<string, ComponentKind>();
  for (const n of design.nodes) {
    if (!isValidId(n.id)) out.push(`invalid id ${JSON.stringify(n.id)}`);
    if (typeof n.label !== 'string' || n.label.length > LIMITS.maxLabelLength)
      out.push(`${n.id}: bad label`);
    if (n.kind === 'database' ? n.role === undefined : n.role !== undefined)
      out.push(`${n.id}: role on a ${n.kind}`);
    if (n.cluster !== undefined) {
      if (ids.get(n.cluster) !== 'cluster') out.push(`${n.id}: undeclared cluster ${n.cluster}`);
      const kind = clusterKind.get(n.cluster);
      if (kind !== undefined && kind !== n.kind)
        out.push(`cluster ${n.cluster} mixes ${kind} and ${n.kind}`);
      clusterKind.set(n.cluster, n.kind);
    }
    if (n.server !== undefined && ids.get(n.server) !== 'server')
      out.push(`${n.id}: undeclared server ${n.server}`);
    const { x, y } = n.position ?? {};
    for (const v of [x, y]) {
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > LIMITS.maxCoordinate)
        out.push(`${n.id}: bad position`);
    }
  }
  const edgeIds = new Set<string>();
  for (const e of design.edges) {
    if (edgeIds.has(e.id)) out.push(`duplicate edge id ${JSON.stringify(e.id)}`);
    edgeIds.add(e.id);
    for (const end of [e.source, e.target]) {
      const what = ids.get(end);
      if (what !== 'component' && what !== 'cluster')
        out.push(`${e.id}: endpoint ${JSON.stringify(end)} is ${what ?? 'missing'}`);
    }
    if (e.source === e.target) out.push(`${e.id}: self-edge`);
    if (
      nodeById.get(e.target)?.cluster === e.source ||
      nodeById.get(e.source)?.cluster === e.target
    ) {
      out.push(`${e.id}: joins a cluster and its member`);
    }
    const targetKind = nodeById.get(e.target)?.kind ?? clusterKind.get(e.target);
    const wantsAccess = e.kind === 'request' && targetKind === 'database';
    if (wantsAccess !== (e.access !== undefined))
      out.push(`${e.id}: access ${e.access ?? 'missing'} on a ${e.kind} edge into a ${targetKind}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Bad inputs

/** One input of the bad-input corpus, and how to feed it: `parseDesign` (text, bytes) or `parseDesignValue`. */
export type BadInput =
  | { via: 'text'; input: string; note: string }
  | { via: 'bytes'; input: Uint8Array; note: string }
  | { via: 'value'; input: unknown; note: string };

/** Markers for numbers JSON.stringify cannot write; replaced by raw tokens in the text. */
const RAW = (token: string) => `\u0000RAW:${token}\u0000`;
const RAW_PATTERN = /"\\u0000RAW:([^"\\]*)\\u0000"/g;

/** Values that are wrong somewhere in a design file (reliability.md §2.A–2.F). */
const BAD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  '',
  'lb',
  '10',
  [],
  {},
  [1, 2],
  { x: 1 },
  RAW('1e400'),
  RAW('-1e400'),
  RAW('NaN'),
  RAW('-0'),
  RAW('12345678901234567890'),
  RAW('1e15'),
  'x'.repeat(LIMITS.maxLabelLength + 1),
  'archboard',
  99,
  2,
  'a\u0000b',
  '\u202E',
  '__proto__',
  'constructor',
  'database',
  'replica',
  'replication',
  'write',
  'active-active',
  1001,
  60001,
  { polluted: 1 },
  { prototype: { polluted: 1 } },
];

/** Keys worth setting: the format's own, and the dangerous ones. */
const KEYS: readonly string[] = [
  'id',
  'kind',
  'label',
  'role',
  'cluster',
  'server',
  'position',
  'x',
  'y',
  'notes',
  'source',
  'target',
  'access',
  'format',
  'version',
  'title',
  'nodes',
  'edges',
  'clusters',
  'servers',
  'mode',
  'entryPoints',
  'latencyMs',
  'algorithm',
  '__proto__',
  'constructor',
  'prototype',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Mutation {
  op: 'set' | 'delete' | 'duplicate' | 'deepen' | 'swap-ref' | 'grow' | 'retype' | 'integrity';
  where: number;
  key: number;
  value: number;
  amount: number;
}

/** Every object and array in a JSON tree, in a fixed order. */
function containers(root: Json): Array<Json[] | { [key: string]: Json }> {
  const out: Array<Json[] | { [key: string]: Json }> = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    out.push(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return out;
}

function setOwn(object: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Breaks one rule of DESIGN.md §2 while keeping every shape valid, so the integrity step
 * (not the schema) has to catch it: self-edges, cluster↔member edges, edges to servers,
 * mixed clusters, misplaced roles, algorithms and access, ids shared across kinds.
 */
function breakIntegrity(root: Json, m: Mutation): void {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return;
  const list = (key: string) => (Array.isArray(root[key]) ? (root[key] as Json[]) : []);
  const objects = (key: string) =>
    list(key).filter(
      (v): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v),
    );
  const nodes = objects('nodes');
  const edges = objects('edges');
  const clusters = objects('clusters');
  const servers = objects('servers');
  const pick = <T>(items: readonly T[], n: number): T | undefined =>
    items.length > 0 ? items[n % items.length] : undefined;
  const node = pick(nodes, m.where);
  const other = pick(nodes, m.key);
  const edge = pick(edges, m.where);
  switch (m.value % 9) {
    case 0: // self-edge
      if (edge) setOwn(edge, 'target', edge.source ?? null);
      return;
    case 1: // edge between a cluster and its member
      if (edge && node && typeof node.cluster === 'string') {
        setOwn(edge, 'source', node.cluster);
        setOwn(edge, 'target', node.id ?? null);
      } else if (edge && node && clusters[0]) {
        setOwn(node, 'cluster', clusters[0].id ?? null);
        setOwn(edge, 'source', node.id ?? null);
        setOwn(edge, 'target', clusters[0].id ?? null);
      }
      return;
    case 2: // edge naming a server
      if (edge && servers[0])
        setOwn(edge, m.key % 2 === 0 ? 'source' : 'target', servers[0].id ?? null);
      return;
    case 3: // a cluster of two kinds
      if (node && other && clusters[0] && node !== other) {
        setOwn(node, 'cluster', clusters[0].id ?? null);
        setOwn(other, 'cluster', clusters[0].id ?? null);
        if (node.kind === other.kind) setOwn(other, 'kind', node.kind === 'dns' ? 'user' : 'dns');
      }
      return;
    case 4: // a role off a database
      if (node) {
        setOwn(node, 'kind', 'web-server');
        setOwn(node, 'role', 'primary');
      }
      return;
    case 5: // an algorithm off a load balancer
      if (node) {
        setOwn(node, 'kind', 'app-server');
        setOwn(node, 'algorithm', 'round-robin');
      }
      return;
    case 6: // access where there is none
      if (edge) {
        setOwn(edge, 'access', 'write');
        if (m.key % 2 === 0) setOwn(edge, 'kind', 'replication');
      }
      return;
    case 7: // an id shared across components, clusters and servers
      if (node && (clusters[0] || servers[0]))
        setOwn((clusters[0] ?? servers[0])!, 'id', node.id ?? null);
      return;
    default: // a component's cluster or server that is something else
      if (node && other) setOwn(node, m.key % 2 === 0 ? 'cluster' : 'server', other.id ?? null);
  }
}

function applyMutation(root: Json, m: Mutation): void {
  if (m.op === 'integrity') {
    breakIntegrity(root, m);
    return;
  }
  const all = containers(root);
  const target = all[m.where % all.length]!;
  const pick = <T>(list: readonly T[], n: number) => list[n % list.length]!;
  const badValue = () => structuredClone(pick(BAD_VALUES, m.value)) as Json;
  if (Array.isArray(target)) {
    const index = target.length === 0 ? 0 : m.key % target.length;
    switch (m.op) {
      case 'delete':
        target.splice(index, 1);
        return;
      case 'duplicate':
      case 'grow':
        if (target.length > 0) {
          const copies = m.op === 'grow' ? m.amount * 2 : 1;
          for (let i = 0; i < copies; i++) target.push(structuredClone(target[index]!));
        }
        return;
      case 'deepen': {
        let v: Json = target[index] ?? null;
        for (let i = 0; i < m.amount; i++) v = [v];
        target[index] = v;
        return;
      }
      default:
        target[index] = badValue();
        return;
    }
  }
  const keys = Object.keys(target);
  const existing = keys.length > 0 ? pick(keys, m.key) : pick(KEYS, m.key);
  switch (m.op) {
    case 'delete':
      delete target[existing];
      return;
    case 'deepen': {
      let v: Json = target[existing] ?? null;
      for (let i = 0; i < m.amount; i++) v = { [pick(KEYS, m.value + i)]: v };
      setOwn(target, existing, v);
      return;
    }
    case 'swap-ref': {
      // Point a reference at another id of the file, or at a dangling one.
      const ids = all.flatMap((c) => (!Array.isArray(c) && typeof c.id === 'string' ? [c.id] : []));
      const refKey = pick(['source', 'target', 'cluster', 'server', 'id'], m.key);
      setOwn(target, refKey, ids.length > 0 && m.value % 4 !== 0 ? pick(ids, m.value) : 'ghost');
      return;
    }
    case 'retype':
      setOwn(
        target,
        'kind',
        pick(
          [
            'user',
            'dns',
            'load-balancer',
            'web-server',
            'app-server',
            'database',
            'lb',
            'firewall',
            'replication',
            'request',
          ],
          m.value,
        ),
      );
      return;
    default:
      setOwn(target, m.value % 3 === 0 ? pick(KEYS, m.key) : existing, badValue());
  }
}

function toText(root: Json, pretty: boolean): string {
  return JSON.stringify(root, null, pretty ? 2 : undefined).replace(
    RAW_PATTERN,
    (_, token: string) => token,
  );
}

/** Replaces the RAW markers by the values they stand for (for value inputs). */
function resolveRaw(root: Json): unknown {
  const all = containers(root);
  for (const c of all) {
    const entries: Array<[string | number, Json]> = Array.isArray(c)
      ? c.map((v, i) => [i, v])
      : Object.entries(c);
    for (const [k, v] of entries) {
      if (typeof v === 'string' && v.startsWith('\u0000RAW:')) {
        const num = Number(v.slice(5, -1));
        if (Array.isArray(c)) c[k as number] = num as unknown as Json;
        else setOwn(c, k as string, num as unknown as Json);
      }
    }
  }
  return root;
}

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'latin1' | 'text' | 'text-bom';

function encode(text: string, encoding: Encoding): string | Uint8Array {
  switch (encoding) {
    case 'text':
      return text;
    case 'text-bom':
      return `\uFEFF${text}`;
    case 'utf8':
      return new TextEncoder().encode(text);
    case 'utf8-bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    case 'latin1':
      return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
    default: {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 * i + (encoding === 'utf16le' ? 0 : 1)] = c & 0xff;
        out[2 * i + (encoding === 'utf16le' ? 1 : 0)] = c >> 8;
      }
      return out;
    }
  }
}

interface Damage {
  kind: 'none' | 'truncate' | 'insert' | 'delete' | 'flip';
  at: number;
  what: number;
}

function damageText(text: string, d: Damage): string {
  if (d.kind === 'none' || text.length === 0) return text;
  const at = d.at % text.length;
  switch (d.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + pickFrom('{}[],:"\\\u0000\uD800 x1e-', d.what) + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    default:
      return (
        text.slice(0, at) +
        String.fromCharCode(text.charCodeAt(at) ^ (1 << (d.what % 7))) +
        text.slice(at + 1)
      );
  }
}

function pickFrom(chars: string, n: number): string {
  return chars[n % chars.length]!;
}

/** Other tools' files and JSON that is not a design at all. */
const FOREIGN: readonly string[] = [
  '{"type":"excalidraw","version":2,"source":"https://excalidraw.com","elements":[],"appState":{}}',
  '{"type":"excalidrawlib","version":2,"libraryItems":[]}',
  '{"tldrawFileFormatVersion":1,"schema":{"schemaVersion":2,"sequences":{}},"records":[]}',
  '{"nodes":[{"id":"1","position":{"x":0,"y":0},"data":{"label":"a"}}],"edges":[],"viewport":{"x":0,"y":0,"zoom":1}}',
  '[{"id":"1","position":{"x":0,"y":0},"data":{"label":"a"}}]',
  '<mxfile host="app.diagrams.net"><diagram id="x">abc</diagram></mxfile>',
  '<!DOCTYPE html><html><head><title>x</title></head><body></body></html>',
  '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
  'null',
  'true',
  '42',
  '"archboard"',
  '[]',
  '{}',
  '{"format":"archboard"}',
  '{"format":"archboard","version":1}',
  '{"format":"archboard","version":"1","nodes":[],"edges":[]}',
  '{"format":"archboard","version":1e400,"nodes":[],"edges":[]}',
  '{"format":"archboard","version":2,"nodes":[],"edges":[]}',
  '{"format":"archboard","version":1,"nodes":[],"edges":[],"__proto__":{"polluted":1}}',
  '{"format":"archboard","version":1,"nodes":[],"edges":[],"constructor":{"prototype":{"polluted":1}}}',
  '',
  '   \n\t',
];

/** Values only `parseDesignValue` can meet (autosave, paste): not JSON at all. */
function strangeValue(design: Design, n: number): unknown {
  const file = toDesignFile(design) as unknown as Record<string, unknown>;
  const cyclic: Record<string, unknown> = { ...file };
  cyclic.self = cyclic;
  const shared = { x: 0, y: 0 };
  const throwing = { ...file };
  Object.defineProperty(throwing, 'nodes', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  const options: unknown[] = [
    undefined,
    Symbol('x'),
    () => 1,
    10n,
    new Date(0),
    new Map([['format', 'archboard']]),
    Object.create(null),
    cyclic,
    throwing,
    { ...file, nodes: design.nodes.map((node) => ({ ...node, position: shared })) },
    { ...file, nodes: file.nodes, edges: new Array(3) },
    { ...file, version: 1n },
    { ...file, title: Symbol('t') },
    { ...file, nodes: [{ id: 'a', kind: 'user', position: { x: NaN, y: Infinity } }], edges: [] },
    new Proxy(file, {}),
  ];
  return options[n % options.length];
}

/**
 * The bad-input corpus: each value is one input and the door it comes through. Structure-
 * aware mutations of valid designs (1–4 each: bad values at any path, deleted keys,
 * duplicated entries, deep nesting, dangling and crossed references, `__proto__` keys),
 * written as text or bytes in some encoding and sometimes damaged; raw strings; random
 * bytes; other tools' files; values that are not JSON.
 *
 * The mutated inputs are built from one seed by a fast PRNG rather than composed from
 * fast-check records: 20,000 of them take about a second to generate instead of minutes.
 * A failure reports the seed, which rebuilds the same input.
 */
export function arbitraryBadInput(): fc.Arbitrary<BadInput> {
  const seedArb = fc.integer();
  return fc.oneof(
    { weight: 10, arbitrary: seedArb.map(mutatedInput) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: unicodeUnit, maxLength: 200 })
        .map((input): BadInput => ({ via: 'text', input, note: 'raw string' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({
          unit: fc.constantFrom(
            '{',
            '}',
            '[',
            ']',
            ',',
            ':',
            '"',
            '1',
            'e',
            '-',
            ' ',
            'n',
            'u',
            'l',
            '\\',
          ),
          maxLength: 80,
        })
        .map((input): BadInput => ({ via: 'text', input, note: 'JSON-ish characters' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((input): BadInput => ({ via: 'bytes', input, note: 'random bytes' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...FOREIGN)
        .map((input): BadInput => ({ via: 'text', input, note: 'foreign file' })),
    },
    {
      weight: 1,
      arbitrary: seedArb.map((seed): BadInput => ({
        via: 'value',
        input: strangeValue(randomDesign(seed, { maxNodes: 6 }), seed >>> 0),
        note: 'strange value',
      })),
    },
  );
}

const OPS: readonly Mutation['op'][] = [
  'set',
  'set',
  'set',
  'delete',
  'duplicate',
  'deepen',
  'swap-ref',
  'grow',
  'retype',
  'integrity',
  'integrity',
];
const ENCODINGS: readonly Encoding[] = [
  'text',
  'text',
  'utf8',
  'utf8',
  'utf8-bom',
  'text-bom',
  'utf16le',
  'utf16be',
  'latin1',
];
const DAMAGE: readonly Damage['kind'][] = [
  'none',
  'none',
  'none',
  'truncate',
  'insert',
  'delete',
  'flip',
];

/** One structure-aware mutated input, rebuilt from its seed. */
export function mutatedInput(seed: number): BadInput {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const design = randomDesign(seed ^ 0x5bd1e995, { maxNodes: 8, maxGroups: 2 });
  const root = JSON.parse(JSON.stringify(toDesignFile(design))) as Json;
  const mutations: Mutation[] = Array.from({ length: 1 + int(4) }, () => ({
    op: OPS[int(OPS.length)]!,
    where: int(1 << 30),
    key: int(1 << 30),
    value: int(1 << 30),
    amount: 1 + int(48),
  }));
  for (const m of mutations) applyMutation(root, m);
  const d: Damage = { kind: DAMAGE[int(DAMAGE.length)]!, at: int(1 << 30), what: int(256) };
  const note = `mutated: ${mutations.map((m) => m.op).join(', ')} (seed ${seed})`;
  if (rng() < 0.3 && d.kind === 'none') return { via: 'value', input: resolveRaw(root), note };
  const encoding = ENCODINGS[int(ENCODINGS.length)]!;
  const text = damageText(toText(root, rng() < 0.5), d);
  const input = encode(text, encoding);
  return typeof input === 'string'
    ? { via: 'text', input, note: `${note}; ${d.kind}` }
    : { via: 'bytes', input, note: `${note}; ${d.kind}; ${encoding}` };
}

// ---------------------------------------------------------------------------------------
// Seeded designs (fast, for volume)

/** mulberry32: a small, fast PRNG in [0, 1); the same seed gives the same sequence. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A valid design built from a seed by a PRNG: the same invariants as {@link arbitraryDesign}
 * (it goes through the same builder) at a fraction of the cost, without shrinking.
 */
export function randomDesign(
  seed: number,
  options: Omit<DesignArbitraryOptions, 'text'> = {},
): Design {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const maxNodes = options.maxNodes ?? 12;
  const maxGroups = options.maxGroups ?? 3;
  const kinds = options.kinds ?? COMPONENT_KINDS;
  const text = (): string => {
    const r = rng();
    if (r < 0.3) return pick(TRICKY_STRINGS);
    if (r < 0.6) return `${pick(['Nginx', 'App', 'MySQL', 'HAProxy', 'User', 'DNS'])} ${int(10)}`;
    let out = '';
    for (let i = int(12); i > 0; i--)
      out += String.fromCharCode(rng() < 0.7 ? 32 + int(95) : int(0x10000));
    return out;
  };
  const idPool = new Set<string>();
  const freshId = (): string => {
    for (;;) {
      const r = rng();
      const id =
        r < 0.1
          ? pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'])
          : r < 0.2
            ? Array.from({ length: 1 + int(6) }, () =>
                String.fromCharCode(0xa0 + int(0x2000)),
              ).join('')
            : `${pick(['n', 'web', 'app', 'db', 'lb', 'c', 's'])}${int(100)}`;
      if (isValidId(id) && !idPool.has(id)) {
        idPool.add(id);
        return id;
      }
    }
  };
  const coordinateOf = () =>
    rng() < 0.75 ? (int(4001) - 2000) * 16 || 0 : (rng() * 2 - 1) * LIMITS.maxCoordinate || 0;
  const n = { nodes: int(maxNodes + 1), clusters: int(maxGroups + 1), servers: int(maxGroups + 1) };
  const edgeCount = int((options.maxEdges ?? maxNodes * 2) + 1);
  const ids = Array.from({ length: n.nodes + n.clusters + n.servers }, freshId);
  const edgeIdPool = new Set<string>();
  const edgeIds = Array.from({ length: edgeCount }, () => {
    for (;;) {
      const id = rng() < 0.2 ? pick(ids.length > 0 ? ids : ['e']) : `e${int(1000)}`;
      if (!edgeIdPool.has(id)) {
        edgeIdPool.add(id);
        return id;
      }
    }
  });
  const endpoints = n.nodes + n.clusters;
  const nodes: RawNode[] = Array.from({ length: n.nodes }, () => ({
    kind: pick(kinds),
    label: text(),
    role: pick(DATABASE_ROLES),
    cluster: n.clusters > 0 && rng() < 0.4 ? int(n.clusters) : null,
    server: n.servers > 0 && rng() < 0.4 ? int(n.servers) : null,
    position: { x: coordinateOf(), y: coordinateOf() },
    notes: rng() < 0.2 ? text() : null,
    algorithm: rng() < 0.3 ? pick(LB_ALGORITHMS) : null,
    latencyMs: rng() < 0.2 ? int(LIMITS.maxLatencyMs + 1) : null,
  }));
  const edges: RawEdge[] =
    endpoints === 0
      ? []
      : Array.from({ length: edgeCount }, () => ({
          source: int(endpoints),
          target: int(endpoints),
          replication: rng() < 0.2,
          access: pick(ACCESS_MODES),
          label: rng() < 0.2 ? text() : null,
        }));
  return buildDesign(
    {
      title: text(),
      ids,
      edgeIds,
      nodes,
      edges,
      clusters: Array.from({ length: n.clusters }, () => ({
        label: text(),
        mode: pick(CLUSTER_MODES),
        entryPoints: 1 + int(LIMITS.maxEntryPoints),
      })),
      servers: Array.from({ length: n.servers }, text),
    },
    n.nodes,
    n.clusters,
  );
}

/** {@link randomDesign} as an arbitrary: valid designs in volume (shrinks only the seed). */
export function arbitrarySeededDesign(
  options: Omit<DesignArbitraryOptions, 'text'> = {},
): fc.Arbitrary<Design> {
  return fc.integer().map((seed) => randomDesign(seed, options));
}
