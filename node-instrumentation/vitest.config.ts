import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'node-instrumentation', environment: 'node', include: ['src/**/*.test.ts'] },
});
