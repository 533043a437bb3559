#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1
// The `peerdesk` command. Runs the esbuild bundle (dist/cli/peerdesk.js, built by `npm install` and
// `npm run build`) when no source changed since it was built; otherwise runs the TypeScript through
// tsx, so a developer's edits are never stale. PEERDESK_CLI=tsx forces the TypeScript.
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freshBundle } from './cli-sources.js'

// The shebang caps glibc's malloc arenas at two (glibc reads it only as the process starts): with
// sixteen pool threads it made up to sixteen, and memory freed in one is rarely given back. Sharing
// 100,000 files: 207 -> 167 MiB resident once idle, peak 208-231 -> 189 MiB (one run each). Without
// glibc (macOS) it means nothing; the desktop app sets it where it starts its engine.
// The V8 flag after `node` is ENGINE_NODE_FLAGS (electron/engine/heap-settings.ts): the young
// generation's ceiling, also read only as the process starts.
//
// More libuv threads for `serve`: a folder of small files means many concurrent opens, fsyncs and
// renames, and libuv's default pool of 4 serialises them. Read when the pool first starts, so here.
process.env.UV_THREADPOOL_SIZE ??= '16'

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
