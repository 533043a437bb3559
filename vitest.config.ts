import { defineConfig } from 'vitest/config'

// These files share one private CUPS (scripts/cups-test-server.sh): they run one at a time.
const CUPS = [
  'electron/engine/printers/cups-commands.test.ts',
  'electron/engine/printers/job-watch.test.ts',
  'test/printing.test.ts',
  'test/print-cli.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests run real swarms: keep files in parallel but bounded on a 2-core machine.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'cups', include: CUPS, fileParallelism: false },
      },
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'test/**/*.test.ts',
            // Component tests pick happy-dom with a `// @vitest-environment happy-dom` line at their top.
            'renderer/src/**/*.test.{ts,tsx}',
          ],
          exclude: [...CUPS, '**/node_modules/**'],
        },
      },
    ],
  },
})
