// Entry of the engine's utility process (bundled to dist/electron/engine-process.cjs). The main process
// passes the data folder in PEERDESK_DATA; the engine never imports electron, only this shim knows of
// `process.parentPort`.
import { createEngine } from '../engine/index.js'
import { tuneHeapForEngine } from '../engine/heap-settings.js'
import { EngineHost, type HostPort } from './engine-host.js'

function log(msg: string, err?: unknown): void {
  console.error(`[engine-process] ${msg}`, err instanceof Error ? err.stack : (err ?? ''))
}

async function main(): Promise<void> {
  const port = process.parentPort as unknown as HostPort
  const dataDir = process.env.PEERDESK_DATA
  if (!dataDir) {
    port.postMessage({ type: 'failed', message: 'PEERDESK_DATA is not set' })
    process.exit(1)
  }
  tuneHeapForEngine()
  // The network mode saved in Settings, as `peerdesk serve` without flags: by default the desktop app
  // finds colleagues on the office LAN (and over the public DHT when reachable) with nothing configured.
  const peerdesk = createEngine({ dataDir, network: { lan: true }, savedNetwork: true })
  const ready = peerdesk.ready()
  const host = new EngineHost({
    port,
    ready,
    engine: {
      service: peerdesk.service,
      events: peerdesk.engine.events,
      close: () => peerdesk.close(),
      suspend: () => peerdesk.engine.suspend(),
      resume: () => peerdesk.engine.resume(),
    },
    log,
    onClosed: () => process.exit(0),
  })
  try {
    await ready
    port.postMessage({ type: 'ready' })
  } catch (err) {
    log('engine failed to start', err)
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
    await host.close()
  }
}

void main()
