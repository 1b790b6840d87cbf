import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'node-instrumentation',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Many tests start Node child processes with the whole SDK; on a loaded
    // machine a start alone can take seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
