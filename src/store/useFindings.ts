/**
 * React hooks over the findings (see `findings.ts`): one narrow selector per canvas node or
 * box, so a finding change re-renders only the nodes whose badge changed. The report itself
 * comes from `useReport` (`react.tsx`).
 */
import { useCallback } from 'react';
import { useStore } from 'zustand';
import type { DesignStoreState } from './create-store';
import { getBadges, type FindingBadge } from './findings';
import { useStoreApi } from './react';

/** The findings badge of a node, cluster or server id; the same object while it is unchanged. */
export function useFindingBadge(id: string): FindingBadge | undefined {
  const store = useStoreApi();
  const select = useCallback(
    (s: DesignStoreState) => getBadges(store, s.design).get(id),
    [store, id],
  );
  return useStore(store, select);
}
