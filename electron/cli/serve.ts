// `peerdesk serve` and `peerdesk bootstrap`: long-running processes that close cleanly on a signal.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import DHT from 'hyperdht'
import { createEngine } from '../engine/index.js'
import { parseBootstrapList } from '../engine/network/bootstrap-list.js'
import { startApiServer } from '../server/api-server.js'
import { intOption, option, type ParsedArgs } from './args.js'
import type { Output } from './output.js'

const CLOSE_TIMEOUT_MS = 10_000

export function rendererDir(): string | null {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer')
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null
}

export async function serve(args: ParsedArgs, dataDir: string, out: Output): Promise<void> {
  const bootstrap = option(args, 'bootstrap')
  const host = option(args, 'host')
  const port = intOption(args, 'port')
  const engine = createEngine({
    dataDir,
    network: {
      ...(bootstrap ? { bootstrap: parseBootstrapList(bootstrap) } : {}),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
    },
  })
  await engine.ready()
  const api = await startApiServer({
    engine,
    dataDir,
    port: intOption(args, 'api-port') ?? 0,
    staticDir: rendererDir(),
  })
  const status = await engine.service['device.status']({})
  out.result({ ui: api.ui, url: api.url, dataDir, key: status.key }, () =>
    [
      `Peerdesk node "${status.name}" is running (fingerprint ${status.fingerprint})`,
      `  Open the app: ${api.ui}`,
      `  Local API:    ${api.url}`,
      `  Data folder:  ${dataDir}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  )
  await untilSignal()
  out.note('Stopping…')
  await withTimeout(
    (async () => {
      await api.close()
      await engine.close()
    })(),
  )
}

export async function bootstrap(args: ParsedArgs, out: Output): Promise<void> {
  const host = option(args, 'host') ?? '0.0.0.0'
  const port = intOption(args, 'port') ?? 49737
  const node = DHT.bootstrapper(port, host, { host })
  await node.ready()
  const { port: bound } = node.address()
  out.result({ host, port: bound }, () => `Bootstrap node listening on ${host}:${bound} (Ctrl+C to stop)`)
  await untilSignal()
  await withTimeout(node.destroy())
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      resolve()
    }
    process.on('SIGINT', done)
    process.on('SIGTERM', done)
  })
}

async function withTimeout(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write('peerdesk: closing took too long; exiting anyway\n')
      resolve()
    }, CLOSE_TIMEOUT_MS)
  })
  await Promise.race([work, timeout])
  clearTimeout(timer)
}
