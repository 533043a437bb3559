// Chooses how this device joins a DHT. With a bootstrap list: that list. With the public nodes in
// reach: the public DHT, plus any LAN devices heard. With no route out: the LAN devices become the
// DHT. A LAN node starts as a bootstrapper bound to its LAN address, since a plain DHT with an empty
// bootstrap list never learns its own address and the other nodes silently drop it.
import DHT from 'hyperdht'
import { createLogger } from '../logger.js'
import { parseHostPort, type HostPort } from './bootstrap-list.js'
import { freeUdpPort, hasRoute, isPrivate, lanAddressFor } from './lan-address.js'
import type { LanDiscovery } from './lan-discovery.js'

const log = createLogger('network')

/** How long a starting device listens for LAN answers before forming a DHT on its own. */
export const FIRST_ANSWER_MS = 1500
/** Preferred DHT port of a LAN node: a stable port keeps addresses given to `peerdesk connect` valid. */
export const LAN_DHT_PORT = 49738

export type NetworkMode = 'internet' | 'lan' | 'custom'

export interface DhtStartOptions {
  bootstrap?: HostPort[]
  host?: string
  port?: number
  peers?: HostPort[]
  /** LAN only: do not look for the public DHT. */
  lanOnly?: boolean
}

export interface StartedDht {
  dht: DHT
  mode: NetworkMode
  /** The LAN address a LAN-mode node claims as its own. */
  lanHost: string | null
  /** Nodes found on the LAN before start. */
  found: HostPort[]
  /** LAN mode's second node that holds announcements (see `startKeeper`). */
  keeper: DHT | null
}

/** The public HyperDHT bootstrap nodes, as "ip@name:port" strings parsed to their IPs. */
export function publicBootstrap(): HostPort[] {
  return (DHT as unknown as { BOOTSTRAP: string[] }).BOOTSTRAP.map((s) => {
    const [ip = '', rest = ''] = s.split('@')
    return parseHostPort(`${ip}:${rest.split(':').pop() ?? ''}`)
  })
}

/** True when the kernel can route to at least one public bootstrap node (nothing is sent). */
export async function publicRoute(): Promise<boolean> {
  const results = await Promise.all(publicBootstrap().map((n) => hasRoute(n.host)))
  return results.some(Boolean)
}

/**
 * An office bootstrap at a private address: this device reaches it, and the other devices reach us,
 * without NAT in between, so the DHT node says so (`firewalled: false`) instead of holepunching.
 *
 * Why: a node starts "firewalled" and only learns otherwise by being pinged by DHT nodes it never
 * contacted; in an office DHT (one bootstrap node and a few devices) that never happens, so every
 * connection between two devices is holepunched. There hyperdht's fast path fails: the server answers
 * the handshake from its puncher socket, the client takes that first packet as the connection
 * (`connection` fires) and never runs the punch round the server waits for, and after 10 s the server
 * drops its puncher: both ends then time out (ETIMEDOUT ~13 s), whether or not they share a subnet.
 * Measured here with hyperdht 6.34.0 and no Peerdesk code; an open node is connected to directly and
 * works at once, across a router too (test/lan/hard-networks.test.ts).
 */
export function officeLan(bootstrap: HostPort[] | undefined): boolean {
  return !!bootstrap?.length && bootstrap.every((node) => isPrivate(node.host))
}

export async function startDht(opts: DhtStartOptions, lan: LanDiscovery | null): Promise<StartedDht> {
  const peers = opts.peers ?? []
  const bind = opts.host ? { host: opts.host } : {}
  const port = opts.port ? { port: opts.port } : {}
  const open = officeLan(opts.bootstrap) ? { firewalled: false } : {}
  if (!lan) {
    const dht = new DHT({
      ...(opts.bootstrap ? { bootstrap: [...opts.bootstrap, ...peers] } : {}),
      ...bind,
      ...port,
      ...open,
    })
    return { dht, mode: opts.bootstrap ? 'custom' : 'internet', lanHost: null, found: [], keeper: null }
  }
  const [found, online] = await Promise.all([
    lan.firstAnswers(FIRST_ANSWER_MS),
    opts.lanOnly ? false : publicRoute(),
  ])
  if (opts.bootstrap || online) {
    const bootstrap = [...(opts.bootstrap ?? publicBootstrap()), ...peers, ...found]
    const dht = new DHT({ bootstrap, ...bind, ...port, ...open })
    return { dht, mode: opts.bootstrap ? 'custom' : 'internet', lanHost: null, found, keeper: null }
  }
  const lanHost = opts.host ?? lanAddressFor(found[0]?.host ?? null) ?? '127.0.0.1'
  const lanPort = opts.port ?? (await freeUdpPort(LAN_DHT_PORT))
  log.info(
    `no route to the public DHT: forming a LAN DHT at ${lanHost}:${lanPort} with ${found.length} node(s)`,
  )
  const dht = DHT.bootstrapper(lanPort, lanHost, { bootstrap: [...found, ...peers], ...bind })
  const keeper = await startKeeper(lanHost, lanPort, opts.host)
  return { dht, mode: 'lan', lanHost, found, keeper }
}

/**
 * A DHT node never looks in its own record store: with two devices, A's announce lands on B and B's
 * lookup asks only A, so they never meet. A second plain node per LAN device holds records too, so
 * a DHT of two devices (a common small office) still has a third node to meet at.
 */
async function startKeeper(lanHost: string, lanPort: number, bindHost?: string): Promise<DHT> {
  const port = await freeUdpPort(lanPort + 1)
  return DHT.bootstrapper(port, lanHost, {
    bootstrap: [{ host: lanHost, port: lanPort }],
    ...(bindHost ? { host: bindHost } : {}),
  })
}
