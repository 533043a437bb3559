#!/usr/bin/env node
// The `peerdesk` command. Runs the esbuild bundle (dist/cli/peerdesk.js, built by `npm install` and
// `npm run build`) when no source changed since it was built; otherwise runs the TypeScript through
// tsx, so a developer's edits are never stale. PEERDESK_CLI=tsx forces the TypeScript.
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freshBundle } from './cli-sources.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bundle = process.env.PEERDESK_CLI === 'tsx' ? null : freshBundle(root)
let main
if (bundle) {
  ;({ main } = await import(pathToFileURL(bundle).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../electron/cli/main.ts'))
}
const code = await main(process.argv.slice(2))
process.exitCode = code
// serve/bootstrap have closed everything; a client command must not wait on stray handles.
if (!['serve', 'bootstrap'].some((c) => process.argv.includes(c))) process.exit(code)
