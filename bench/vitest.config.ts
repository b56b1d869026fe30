import { defineConfig } from 'vitest/config';

/** The harness's own unit tests (no timing in them): `npx vitest run --config bench/vitest.config.ts`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    environment: 'node',
  },
});
