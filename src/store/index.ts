export * from './create-store';
export * from './design-ops';
export * from './selectors';
export * from './commands';
export * from './simulation';
export * from './report';
export {
  CommandContextProvider,
  INERT_COMMAND_CONTEXT,
  StoreProvider,
  useCommandContext,
  useDesignStore,
  useReport,
  useRunCommand,
  useStoreApi,
} from './react';
