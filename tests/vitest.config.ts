import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tests',
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/target/**'],
    // Browser tests start Chromium and may build the host bundle first.
    testTimeout: 60000,
    hookTimeout: 120000,
  },
});
