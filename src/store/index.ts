export * from './create-store';
export * from './design-ops';
export * from './selectors';
export * from './commands';
export {
  CommandContextProvider,
  INERT_COMMAND_CONTEXT,
  StoreProvider,
  useCommandContext,
  useDesignStore,
  useRunCommand,
  useStoreApi,
} from './react';
