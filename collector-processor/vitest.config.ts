import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'collector-processor',
    environment: 'node',
    include: ['src/**/*.test.ts', 'eval/**/*.test.ts'],
  },
});
