/**
 * The catalogue of component kinds: default labels, colours, icons, simulated latency,
 * and a short "what it does and why it is here" for students (our own words, from the
 * roles in the seed design and the course's standard explanations).
 *
 * Pure data, shared by the canvas, the palette, the inspector and the exporters, so an
 * exported PNG or SVG looks like the canvas.
 */
import { User, Globe, Split, Server, AppWindow, Database, DatabaseBackup } from 'lucide';
import type { ComponentKind, DatabaseRole } from './types';

/** An icon as SVG elements on a 24×24 grid, stroked: `[tag, attributes][]` (lucide's IconNode). */
export type IconNode = ReadonlyArray<readonly [string, Readonly<Record<string, string | number>>]>;

export interface KindInfo {
  kind: ComponentKind;
  /** Name of the kind for people: "Load balancer". */
  name: string;
  /** The label a new component of this kind gets ("HAProxy", "Nginx"…). */
  defaultLabel: string;
  /** Accent colour (light theme), as #rrggbb. */
  color: string;
  /** Accent colour for the dark theme. */
  colorDark: string;
  icon: IconNode;
  /** Simulated time spent in one hop through this component, ms. */
  latencyMs: number;
  /** Tier index in the documented order, or -1 for user and DNS (before the tiers). */
  tier: number;
  /** One line: what it does. */
  role: string;
  /** Why it is in the design, in a few sentences for a student. */
  why: string;
}

export const KINDS: Readonly<Record<ComponentKind, KindInfo>> = {
  user: {
    kind: 'user',
    name: 'User',
    defaultLabel: 'User',
    color: '#6e7781',
    colorDark: '#9ea7b3',
    icon: User as IconNode,
    latencyMs: 0,
    tier: -1,
    role: 'A browser that wants to open www.foobar.com.',
    why: 'Every request starts with a user. The rules follow each request from the users to the data, so a design needs at least one user to be checked.',
  },
  dns: {
    kind: 'dns',
    name: 'DNS',
    defaultLabel: 'DNS',
    color: '#8250df',
    colorDark: '#b083f0',
    icon: Globe as IconNode,
    latencyMs: 20,
    tier: -1,
    role: 'Turns www.foobar.com into the IP addresses of the entry points.',
    why: 'People type names, machines talk to IP addresses. An A record maps www to the IP of the load balancers; with two records (or two virtual IPs) both load balancers receive traffic.',
  },
  'load-balancer': {
    kind: 'load-balancer',
    name: 'Load balancer',
    defaultLabel: 'HAProxy',
    color: '#bf3989',
    colorDark: '#e275ad',
    icon: Split as IconNode,
    latencyMs: 1,
    tier: 0,
    role: 'Spreads incoming requests across the web servers and skips the ones that fail their health checks.',
    why: 'It lets the site run on several web servers at once, so one can fail or be updated without downtime. A single load balancer is itself a single point of failure: pair two in a cluster (active-active with two entry points, or active-passive with failover).',
  },
  'web-server': {
    kind: 'web-server',
    name: 'Web server',
    defaultLabel: 'Nginx',
    color: '#1a7f37',
    colorDark: '#3fb950',
    icon: Server as IconNode,
    latencyMs: 2,
    tier: 1,
    role: 'Answers HTTP(S): serves static files (HTML, CSS, images), terminates TLS, forwards dynamic requests to the application servers.',
    why: 'Static content is cheap to serve and should not wait behind application code. A separate web tier scales on its own and can be maintained one server at a time; keep at least two (N+1).',
  },
  'app-server': {
    kind: 'app-server',
    name: 'Application server',
    defaultLabel: 'App server',
    color: '#0969da',
    colorDark: '#58a6ff',
    icon: AppWindow as IconNode,
    latencyMs: 15,
    tier: 2,
    role: 'Runs the code base: business logic and dynamic pages, reading and writing the database.',
    why: 'Application code needs CPU and memory of its own. A separate tier of at least two app servers scales independently and keeps serving when one fails or is being deployed.',
  },
  database: {
    kind: 'database',
    name: 'Database',
    defaultLabel: 'MySQL',
    color: '#bc4c00',
    colorDark: '#f0883e',
    icon: Database as IconNode,
    latencyMs: 5,
    tier: 3,
    role: 'Stores the data. The primary takes the writes; replicas copy it and serve reads.',
    why: 'Data must outlive any one server. A primary with at least one replica keeps reads going when a machine fails and spreads the read load; the single primary remains the one place writes can go, so plan how a replica is promoted.',
  },
};

/** The replica flavour of a database, for the palette shortcut and the replica icon. */
export const REPLICA_INFO = {
  name: 'Database replica',
  defaultLabel: 'MySQL replica',
  icon: DatabaseBackup as IconNode,
  role: 'A read-only copy of the primary, kept up to date by replication; serves reads.',
  why: 'Replicas take read traffic off the primary and keep the data available if the primary fails (after a promotion). They must be fed by a replication edge from the primary and never take writes.',
} as const;

/** The icon of a node: databases with role replica get the replica icon. */
export function getIcon(kind: ComponentKind, role?: DatabaseRole): IconNode {
  return kind === 'database' && role === 'replica' ? REPLICA_INFO.icon : KINDS[kind].icon;
}

/** The default label of a new component of this kind (and role, for databases). */
export function getDefaultLabel(kind: ComponentKind, role?: DatabaseRole): string {
  return kind === 'database' && role === 'replica'
    ? REPLICA_INFO.defaultLabel
    : KINDS[kind].defaultLabel;
}

/** Size of a component on the canvas and in exports, px. */
export const NODE_SIZE = { width: 168, height: 56 } as const;
/** Grid step for snapping. */
export const GRID = 16;

/**
 * Space a cluster box keeps around its members on the canvas, and the band above them for
 * its label. The tier layout leaves room for it between groups.
 */
export const CLUSTER_PADDING = { side: 16, top: 32, bottom: 16 } as const;
/** Server boxes are a little larger than cluster boxes, so a cluster inside one stays visible. */
export const SERVER_PADDING = { side: 32, top: 64, bottom: 32 } as const;
