/**
 * Files in and out of the browser: import (JSON, PNG and SVG exports), export (JSON, SVG,
 * PNG with the design inside) and autosave to IndexedDB. May import `model` and `store`.
 */
export { renderDesignSvg, renderDesignSvgDocument, type RenderSvgOptions } from './render-svg';
export { insertTextChunk, readTextChunk, findTextChunk, readPngSize, isPng } from './png';
export {
  readDesignFromFile,
  readDesignFromText,
  readDesignFromBytes,
  MAX_IMPORT_BYTES,
  PNG_KEYWORD,
} from './import';
export {
  exportJson,
  exportSvg,
  exportPng,
  renderDesignPng,
  renderDesignPngImage,
  downloadBlob,
  designFileName,
  PNG_SCALE,
  PNG_LIMITS,
  type PngExportResult,
} from './export';
export {
  AutosaveSession,
  getAutosaveSession,
  loadSaved,
  type LoadResult,
  type AutosaveEvent,
} from './autosave';
export {
  startAutosave,
  initialFromSaved,
  downloadQuarantined,
  AUTOSAVE_BANNERS,
} from './autosave-store';
