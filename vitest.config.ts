import { defineConfig } from 'vitest/config';

// One runner for the whole monorepo: each workspace declares its own project.
export default defineConfig({
  test: {
    projects: ['collector-processor', 'node-instrumentation', 'grafana-plugin', 'tests'],
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
