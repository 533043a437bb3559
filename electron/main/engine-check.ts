// A smoke check of the packaged engine with plain Node (bundled to dist/electron/engine-check.cjs):
// open an engine on a data folder with no network reach, print its status, close it. The packaging
// test runs it from the files inside app.asar; support can run it the same way.
import { createEngine } from '../engine/index.js'

async function main(): Promise<void> {
  const dataDir = process.argv[2]
  if (!dataDir) throw new Error('usage: node engine-check.cjs <dataDir>')
  // No bootstrap nodes and loopback only: the check must not depend on (or touch) the internet.
  const peerdesk = createEngine({ dataDir, network: { bootstrap: [], host: '127.0.0.1' } })
  await peerdesk.ready()
  const status = await peerdesk.service['device.status']({})
  await peerdesk.close()
  console.log(JSON.stringify({ ok: true, key: status.key, name: status.name }))
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err))
  process.exit(1)
})
