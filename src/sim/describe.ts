/**
 * Simulator events as trace text for people: components named by their labels, never ids.
 * Labels are plain text here; whoever renders them must render them as text.
 */
import type { Design } from '../model/types';
import { CHOICE_WORDS } from './simulate';
import type { SimEvent, SimResult, SimStatus, SkippedHop } from './types';

/** Reason phrases of the statuses the simulator answers with. */
export const STATUS_TEXT: Readonly<Record<SimStatus, string>> = {
  200: 'OK',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function labelOf(design: Design, id: string): string {
  const node = design.nodes.find((n) => n.id === id);
  if (node) return node.label;
  const group = design.clusters.find((c) => c.id === id) ?? design.servers.find((s) => s.id === id);
  return group ? group.label : 'a removed component';
}

/** Milliseconds for people: integers as they are, else one decimal. */
export function formatMs(ms: number): string {
  return Number.isInteger(ms) ? `${ms}` : ms.toFixed(1);
}

function describeSkipped(design: Design, skipped: readonly SkippedHop[]): string {
  const down = skipped.filter((s) => s.why === 'down').map((s) => labelOf(design, s.node));
  const deadEnd = skipped.filter((s) => s.why === 'dead-end').map((s) => labelOf(design, s.node));
  const parts: string[] = [];
  if (down.length > 0) parts.push(`skipped ${down.join(', ')}: down`);
  if (deadEnd.length > 0) parts.push(`skipped ${deadEnd.join(', ')}: no healthy path onward`);
  return parts.join('; ');
}

const SERVED_TEXT: Readonly<Record<string, string>> = {
  'static page': 'serves the static page',
  read: 'answers the read',
  write: 'stores the write',
  'dynamic request': 'runs the dynamic request',
};

/**
 * One trace line for an event, with labels:
 * - request hop: "User → DNS www.foobar.com: resolve www.foobar.com",
 *   "HAProxy 1 → Nginx 2: static page (round robin; skipped Nginx 1: down)",
 *   "App 1 → MySQL replica: read";
 * - response hop: "Nginx 2 → HAProxy 1: response 200";
 * - served: "Nginx 2 serves the static page"; failed: "HAProxy 1: no healthy web server → 503";
 * - response: the outcome, as {@link describeOutcome}.
 */
export function describeEvent(design: Design, event: SimEvent): string {
  switch (event.type) {
    case 'hop': {
      const head = `${labelOf(design, event.from)} → ${labelOf(design, event.to)}`;
      if (event.direction === 'response') {
        return `${head}: response${event.status !== undefined ? ` ${event.status}` : ''}`;
      }
      const action = event.action ?? event.note;
      const how = [
        event.choice ? CHOICE_WORDS[event.choice] : '',
        event.skipped ? describeSkipped(design, event.skipped) : '',
      ]
        .filter((s) => s !== '')
        .join('; ');
      return `${head}${action ? `: ${action}` : ''}${how ? ` (${how})` : ''}`;
    }
    case 'served':
      return `${labelOf(design, event.at)} ${
        Object.hasOwn(SERVED_TEXT, event.note) ? SERVED_TEXT[event.note] : `answers: ${event.note}`
      }`;
    case 'failed':
      return `${labelOf(design, event.at)}: ${event.reason} → ${event.status} ${STATUS_TEXT[event.status]}`;
    case 'response':
      return describeResponse(design, event);
  }
}

function describeResponse(design: Design, event: Extract<SimEvent, { type: 'response' }>): string {
  if (event.status === 200) {
    const by =
      event.servedBy !== undefined ? ` — served by ${labelOf(design, event.servedBy)}` : '';
    return `200 OK${by} in ${formatMs(event.totalMs)} ms`;
  }
  const where = event.failedAt !== undefined ? ` at ${labelOf(design, event.failedAt)}` : '';
  return `${event.status} failed${where}: ${event.reason ?? STATUS_TEXT[event.status]}`;
}

/**
 * The outcome of a request in one line: "200 OK — served by MySQL replica in 43 ms", or
 * "503 failed at HAProxy 1: no healthy web server" (the status code, the word `failed`,
 * where, and why).
 */
export function describeOutcome(design: Design, result: SimResult): string {
  const last = result.events[result.events.length - 1];
  if (last?.type === 'response') return describeResponse(design, last);
  return result.status === 200
    ? `200 OK in ${formatMs(result.totalMs)} ms`
    : `${result.status} failed: ${STATUS_TEXT[result.status]}`;
}
