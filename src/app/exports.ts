import type { DesignStore } from '../store';

/**
 * Runs an export of the current design (the io layer draws it from the model and downloads
 * it). Problems become a banner, never an exception.
 */
export async function exportDesign(
  store: DesignStore,
  format: 'json' | 'png' | 'svg',
): Promise<void> {
  const { design, ui, setBanner, dismissBanner } = store.getState();
  const theme = ui.theme;
  try {
    // Loaded on first use: the drawing code stays out of the initial bundle (issue #5).
    const { exportJson, exportPng, exportSvg } = await import('../io/export');
    if (format === 'json') exportJson(design);
    else if (format === 'svg') exportSvg(design, { theme });
    else {
      const result = await exportPng(design, { theme });
      if (!result.ok) {
        setBanner({ id: 'export', kind: 'error', message: result.message });
        return;
      }
      if (result.scaledDown)
        setBanner({
          id: 'export',
          kind: 'info',
          message: `The design is very large: the PNG was drawn at ${result.width}×${result.height} pixels.`,
        });
      else dismissBanner('export');
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    setBanner({
      id: 'export',
      kind: 'error',
      message: `Could not export ${format.toUpperCase()}: ${reason}`,
    });
  }
}
