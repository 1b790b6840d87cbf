import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'grafana-plugin',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./vitest.setup.ts'],
    server: {
      deps: {
        // Grafana's ESM builds name-import CommonJS packages (moment-timezone, …), which
        // Node's own loader refuses; running them through Vite applies CommonJS interop.
        inline: [/@grafana\//],
      },
    },
  },
});
