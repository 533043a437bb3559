// `peerdesk serve` and `peerdesk bootstrap`: long-running processes that close cleanly on a signal.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import DHT from 'hyperdht'
import { createEngine } from '../engine/index.js'
import { tuneHeapForEngine } from '../engine/heap-settings.js'
import { parseBootstrapList } from '../engine/network/bootstrap-list.js'
import { lanAddressFor } from '../engine/network/lan-address.js'
import { startRelay } from '../engine/network/relay-server.js'
import { relayKeyPair } from '../engine/network/relay-key.js'
import { AppError } from '../../shared/errors.js'
import type { HostedService } from '../../shared/rpc-session.js'
import { startApiServer } from '../server/api-server.js'
import { intOption, option, type ParsedArgs } from './args.js'
import type { Output } from './output.js'

const CLOSE_TIMEOUT_MS = 10_000

/** The built UI: dist/renderer of the project this file belongs to (from source or from the bundle). */
export function rendererDir(): string | null {
  // electron/cli/serve.ts and dist/cli/chunks/serve-*.js sit at different depths: find the root.
  let root = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(root, 'package.json'))) {
    const up = path.dirname(root)
    if (up === root) return null
    root = up
  }
  const dir = path.join(root, 'dist', 'renderer')
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null
}

export async function serve(args: ParsedArgs, dataDir: string, out: Output): Promise<void> {
  const bootstrap = option(args, 'bootstrap')
  const host = option(args, 'host')
  const port = intOption(args, 'port')
  const relayThrough = option(args, 'relay-through')
  if (relayThrough !== undefined && !/^[0-9a-f]{64}$/i.test(relayThrough)) {
    throw new AppError(
      'BAD_REQUEST',
      '--relay-through needs the 64-hex-digit key `peerdesk bootstrap --relay` prints',
    )
  }
  let storageOpen: () => void = () => undefined
  const opened = new Promise<void>((resolve) => (storageOpen = resolve))
  // With no network flag, the mode saved in Settings applies (by default LAN discovery and the public
  // DHT when reachable: on a LAN with no internet and no office server, mDNS is how devices meet).
  const networkFlags = bootstrap !== undefined || args.options.has('lan') || args.options.has('no-lan')
  tuneHeapForEngine()
  const engine = createEngine({
    dataDir,
    savedNetwork: !networkFlags,
    network: {
      ...(bootstrap ? { bootstrap: parseBootstrapList(bootstrap) } : {}),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      lan: args.options.has('lan') || (!bootstrap && !args.options.has('no-lan')),
      ...(relayThrough ? { relayThrough: relayThrough.toLowerCase() } : {}),
      ...(args.options.has('relay-always') ? { relayAlways: true } : {}),
      onOpening: () => storageOpen(),
    },
  })
  const ready = engine.ready()
  // The API (and api.json) comes up as soon as the data folder is ours (its storage lock is held),
  // while the LAN wait, the DHT bootstrap and the groups are still opening: a client connects at once
  // and its calls wait for the engine. Never earlier: a second node on the same folder must fail on
  // the lock before it could overwrite the running node's api.json.
  await Promise.race([opened, ready])
  const api = await startApiServer({
    engine: { ...engine, service: afterReady(engine.service, ready) },
    dataDir,
    port: intOption(args, 'api-port') ?? 0,
    staticDir: rendererDir(),
  })
  try {
    await ready
  } catch (err) {
    await api.close()
    await engine.close().catch(() => undefined)
    throw err
  }
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

/** The service, each of whose calls first waits for the engine to be open. */
function afterReady(service: HostedService, ready: Promise<void>): HostedService {
  return new Proxy(service, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return async (...params: unknown[]) => {
        await ready
        return (value as (...p: unknown[]) => unknown).apply(target, params)
      }
    },
  })
}

export async function bootstrap(args: ParsedArgs, out: Output, dataDir?: string): Promise<void> {
  const bind = option(args, 'host')
  const port = intOption(args, 'port') ?? 49737
  // A bootstrapper must know the address others reach it at; bound to all interfaces, that is its
  // LAN address (hyperdht refuses 0.0.0.0 there).
  const host =
    bind && bind !== '0.0.0.0' ? bind : (option(args, 'address') ?? lanAddressFor(null) ?? '127.0.0.1')
  const node = DHT.bootstrapper(port, host, bind ? { host: bind } : {})
  await node.ready()
  const { port: bound } = node.address()
  const relay = args.options.has('relay') ? await startRelay(node, await relayKeyPair(dataDir)) : null
  out.result({ host, port: bound, ...(relay ? { relay: relay.publicKey } : {}) }, () =>
    [
      `Bootstrap node listening on ${host}:${bound} (Ctrl+C to stop)`,
      `  Devices use it with: peerdesk serve --bootstrap ${host}:${bound}`,
      ...(relay
        ? [`  Relay key:  ${relay.publicKey}  (peerdesk serve --relay-through ${relay.publicKey})`]
        : []),
    ].join('\n'),
  )
  await untilSignal()
  await withTimeout(
    (async () => {
      await relay?.close()
      await node.destroy()
    })(),
  )
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
