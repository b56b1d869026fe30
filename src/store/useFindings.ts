/**
 * React hooks over the findings (see `findings.ts`): the report for panels, and one narrow
 * selector per canvas node, so a finding change re-renders only the nodes whose badge changed.
 */
import { useMemo } from 'react';
import type { Report } from '../rules';
import { selectFindingBadge, selectReport, type FindingBadge } from './findings';
import { useDesignStore } from './react';

/** The rules engine's report for the design on screen (re-run only on a topology change). */
export function useReport(): Report {
  return useDesignStore(selectReport);
}

/** The findings badge of a node, cluster or server id; the same object while it is unchanged. */
export function useFindingBadge(id: string): FindingBadge | undefined {
  const selector = useMemo(() => selectFindingBadge(id), [id]);
  return useDesignStore(selector);
}
