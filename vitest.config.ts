import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'test/**/*.test.ts',
      // Component tests pick happy-dom with a `// @vitest-environment happy-dom` line at their top.
      'renderer/src/**/*.test.{ts,tsx}',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests run real swarms: keep files in parallel but bounded on a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
