/**
 * no-user — the design has no `user` node.
 *
 * Why: every request starts with a user; the flow rules (no-path, spof, db-single-writer,
 * server-spof) follow requests from the users, so without one they have nothing to check
 * and say nothing.
 *
 * Known false positives: a half-drawn design (the empty board) shows this error until a
 * user is placed; that is intended, it tells the student where to start.
 */
import type { Finding, Rule } from './types';
import type { AnalysisContext } from './context';

export const noUser: Rule<AnalysisContext> = {
  id: 'no-user',
  check(_design, context): Finding[] {
    if (context.hasUser) return [];
    return [
      {
        rule: 'no-user',
        severity: 'error',
        nodes: [],
        message:
          'The design has no user. Every request starts with a user, so nothing can be checked for single points of failure yet. Add a User and connect it to the DNS.',
      },
    ];
  },
};
