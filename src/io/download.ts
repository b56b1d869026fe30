/**
 * Offering a file to the person. A module of its own: autosave (loaded at boot) needs it for
 * quarantined copies, and must not pull in the exporters, which load on first use.
 */

/** Offers a blob to the person as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
