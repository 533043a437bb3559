// How a connection travels, read from its UDP stream's remote address: a relay's address means relayed,
// a private or same-subnet address means the LAN, anything else a holepunched internet path.
import type DHT from 'hyperdht'
import type { NoiseSocket } from 'hyperswarm'
import type { ConnectionPath } from '../../../shared/types.js'
import { formatHostPort } from './bootstrap-list.js'
import { isPrivate } from './lan-address.js'

const RESOLVE_RELAY_MS = 3000

export interface PathInfo {
  path: ConnectionPath
  address: string | null
  rttMs: number | null
}

export function describePath(conn: NoiseSocket, relayAddress: string | null): PathInfo {
  const raw = conn.rawStream
  const host = raw?.remoteHost ?? null
  const address = host && raw?.remotePort ? formatHostPort({ host, port: raw.remotePort }) : null
  const rttMs = typeof raw?.rtt === 'number' && raw.rtt > 0 ? raw.rtt : null
  if (address && address === relayAddress) return { path: 'relayed', address, rttMs }
  return { path: host && isPrivate(host) ? 'lan' : 'holepunched', address, rttMs }
}

interface Connectable {
  connect(publicKey: Buffer): NoiseSocket & { on(event: 'open', cb: () => void): unknown }
}

const resolved = new WeakMap<DHT, Map<string, Promise<string | null>>>()

/**
 * The relay's UDP address, found by connecting to it once: a relayed stream's remote end is that
 * address. Hyperdht keeps no mark on a relayed connection we could read instead.
 */
export function relayAddress(dht: DHT, relayKey: string): Promise<string | null> {
  let cache = resolved.get(dht)
  if (!cache) resolved.set(dht, (cache = new Map()))
  const known = cache.get(relayKey)
  if (known) return known
  const lookup = new Promise<string | null>((resolve) => {
    const socket = (dht as unknown as Connectable).connect(Buffer.from(relayKey, 'hex'))
    const done = (value: string | null) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(value)
    }
    const timer = setTimeout(() => done(null), RESOLVE_RELAY_MS)
    socket.on('error', () => done(null))
    socket.on('open', () => {
      const raw = socket.rawStream
      done(
        raw?.remoteHost && raw.remotePort
          ? formatHostPort({ host: raw.remoteHost, port: raw.remotePort })
          : null,
      )
    })
  })
  // A relay that was down is looked up again next time.
  cache.set(relayKey, lookup)
  void lookup.then((value) => value === null && cache.delete(relayKey))
  return lookup
}
