import type { DesignStore } from '../store';

/**
 * Runs an export of the current design. The io layer draws and downloads; failures become
 * a banner instead of an exception.
 */
export async function exportDesign(
  store: DesignStore,
  format: 'json' | 'png' | 'svg',
): Promise<void> {
  const state = store.getState();
  state.setBanner({
    id: 'export',
    kind: 'info',
    message: `Export ${format.toUpperCase()} is not available yet.`,
  });
}
