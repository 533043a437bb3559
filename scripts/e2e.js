// `npm run test:e2e`: build the renderer, then run the browser specs against real nodes.
import { spawnSync } from 'node:child_process'

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

run(process.execPath, [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'renderer/vite.config.ts',
  '--logLevel',
  'warn',
])
run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--config',
  'vitest.e2e.config.ts',
  '--passWithNoTests',
])
