/**
 * Shared wording for the rules' messages, so every finding speaks the same way to a student.
 */
import type { ComponentKind } from '../model/types';
import type { FlowName } from '../graph/flow-graph';

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Singular and plural names of the kinds, lower case, as used in running text. */
export const KIND_NOUN: Readonly<Record<ComponentKind, readonly [string, string]>> = {
  user: ['user', 'users'],
  dns: ['DNS', 'DNS'],
  'load-balancer': ['load balancer', 'load balancers'],
  'web-server': ['web server', 'web servers'],
  'app-server': ['app server', 'app servers'],
  database: ['database', 'databases'],
};

/** "a load balancer", "an app server". */
export function aKind(kind: ComponentKind): string {
  const noun = KIND_NOUN[kind][0];
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const FLOW_NOUN: Readonly<Record<FlowName, string>> = {
  static: 'static request',
  read: 'read',
  write: 'write',
  dynamic: 'dynamic request',
};

const FLOW_PLURAL: Readonly<Record<FlowName, string>> = {
  static: 'static requests (pages, images)',
  read: 'reads',
  write: 'writes',
  dynamic: 'dynamic requests',
};

/** Where each flow ends, for "no path" messages. */
export const FLOW_END: Readonly<Record<FlowName, string>> = {
  static: 'a web server',
  read: 'a database it may read from',
  write: 'a primary database it may write to',
  dynamic: 'an app server',
};

/**
 * "every request" when the flows are all the design has; else "every read and write",
 * "every static request"…
 */
export function everyRequestOf(flows: readonly FlowName[], all: readonly FlowName[]): string {
  if (flows.length === all.length && flows.length > 1) return 'every request';
  return `every ${listOf(flows.map((f) => FLOW_NOUN[f]))}`;
}

/** "reads and writes", "static requests (pages, images)". */
export function requestsOf(flows: readonly FlowName[], conjunction: 'and' | 'or' = 'and'): string {
  return listOf(
    flows.map((f) => FLOW_PLURAL[f]),
    conjunction,
  );
}

/** The documented request path through the tiers a design has: "User → DNS → load balancer → …". */
export function documentedPath(tiers: readonly ComponentKind[]): string {
  const all: ComponentKind[] =
    tiers.length > 0 ? tiers.slice() : ['load-balancer', 'web-server', 'app-server', 'database'];
  return ['User', 'DNS', ...all.map((t) => KIND_NOUN[t][0])].join(' → ');
}
