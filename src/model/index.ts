/**
 * The model layer's public API: design types, the catalogue of kinds, the one parse
 * pipeline, serialization, migrations, layout, factories and templates. Pure: no React,
 * no React Flow, no store, no DOM.
 */
export * from './types';
export * from './catalogue';
export {
  describeValue,
  designFileSchema,
  isValidId,
  nodeSchema,
  edgeSchema,
  clusterSchema,
  serverSchema,
  positionSchema,
  type DesignFileInput,
  type DesignFileData,
} from './schema';
export {
  parseDesign,
  parseDesignValue,
  formatProblems,
  formatPath,
  DEFAULT_TITLE,
  MAX_PROBLEMS,
  MAX_CONTAINERS,
  type ParseOptions,
} from './parse';
export { serializeDesign, toDesignFile, type DesignFile } from './serialize';
export {
  MIGRATIONS,
  checkMigrations,
  copyJson,
  migrateFile,
  type Migration,
  type JsonObject,
} from './migrations';
export {
  layoutByTier,
  findFreePosition,
  snapToGrid,
  columnOf,
  COLUMN_STEP,
  DATA_COLUMN_EXTRA,
  ROW_STEP,
  NODE_GAP,
} from './layout';
export {
  addEdge,
  addNode,
  collectIds,
  createCluster,
  createEdge,
  createId,
  createLabel,
  createNode,
  createServer,
  emptyDesign,
  ID_PREFIX,
  type EdgeOptions,
  type NodeOptions,
} from './factories';
export { makeDesign, type DesignSketch } from './sketch';
export { TEMPLATES, getTemplate, type Template } from './templates';
export { TEMPLATE_LIST, loadTemplate, type TemplateId, type TemplateInfo } from './template-list';
