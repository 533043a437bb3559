#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx peerdesk` works right after `npm install`.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../electron/cli/main.ts')
const code = await main(process.argv.slice(2))
process.exitCode = code
// serve/bootstrap have closed everything; a client command must not wait on stray handles.
if (!['serve', 'bootstrap'].some((c) => process.argv.includes(c))) process.exit(code)
