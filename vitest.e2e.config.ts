// Browser end-to-end specs: the built renderer against real `peerdesk serve` nodes, in Debian Chromium.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['renderer/e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
