// The engine's one Hyperswarm: binds its DHT where told, admits only the devices the engine says are
// members (or are redeeming one of our invites), and reports who is connected. Hyperswarm's firewall
// only sees incoming handshakes, so outgoing connections are checked here as well. With `lan` on it
// also finds devices on the local network (mDNS) and, with no internet, forms a DHT with them.
import ReadyResource from 'ready-resource'
import type DHT from 'hyperdht'
import Hyperswarm, { type NoiseSocket, type PeerDiscovery } from 'hyperswarm'
import type { KeyPair } from 'hypercore-crypto'
import { createLogger } from '../logger.js'
import { formatHostPort, type HostPort } from './bootstrap-list.js'
import { LAN_DHT_PORT, startDht, type NetworkMode } from './dht-start.js'
import { freeUdpPort } from './lan-address.js'
import { InterfaceWatcher } from './interface-watcher.js'
import { LanDiscovery, type LanDevice } from './lan-discovery.js'

const log = createLogger('network')

const RECONCILE_MS = 1500
const RETRY_FROM_SCRATCH_MS = 30_000
/** In a tiny DHT a fresh announce and a lookup race: look again a little later (measured here). */
const REFRESH_AGAIN_MS = 2000

/** member: replicate with it. pairing: let only invite pairing run on it, for a while. reject: close. */
export type Admission = 'member' | 'pairing' | 'reject'

export interface NetworkOptions {
  /** Omitted: the public HyperDHT bootstrap nodes. */
  bootstrap?: HostPort[]
  /** The address the DHT binds (all interfaces when omitted). */
  host?: string
  port?: number
  /** Find devices on the local network over mDNS; with no route to the internet, form a DHT with them. */
  lan?: boolean
  /** With `lan`: never join the public DHT, even when it is reachable (the LAN devices form the DHT). */
  lanOnly?: boolean
  /** DHT nodes added by address (`peerdesk connect`), bootstrapped from at every start. */
  peers?: HostPort[]
  /** Public key (hex) of a blind relay to pair through when holepunching fails. */
  relayThrough?: string
  /** Relay every connection, not only those whose holepunch failed (for tests and odd NATs). */
  relayAlways?: boolean
  /**
   * Called once as the network starts opening: the engine's identity, settings and storage (and so
   * the data folder's lock) are open by then. `peerdesk serve` starts its API here, not after the
   * LAN wait and the DHT bootstrap.
   */
  onOpening?: () => void
}

export interface SwarmNodeOptions extends NetworkOptions {
  keyPair: KeyPair
  admit: (remoteKey: string) => Admission
  /** How long a pairing-only connection may stay open. */
  pairingGraceMs?: number
}

export interface Peer {
  key: string
  conn: NoiseSocket
  admission: Exclude<Admission, 'reject'>
  remoteHost: string | null
  /** When the connection reached this admission. */
  since: number
}

export class SwarmNode extends ReadyResource {
  readonly #opts: SwarmNodeOptions
  readonly #peers = new Map<NoiseSocket, Peer>()
  readonly #graceTimers = new Map<NoiseSocket, NodeJS.Timeout>()
  #swarm: Hyperswarm | null = null
  #wanted = new Set<string>()
  #reconcileTimer: NodeJS.Timeout | null = null
  #lastReset = 0
  #dht: DHT | null = null
  #keeper: DHT | null = null
  #mode: NetworkMode = 'internet'
  #lanHost: string | null = null
  #lan: LanDiscovery | null = null
  #lanError: string | null = null
  readonly #watcher = new InterfaceWatcher()
  readonly #added = new Map<string, HostPort>()
  readonly #refreshTimers = new Set<NodeJS.Timeout>()

  constructor(opts: SwarmNodeOptions) {
    super()
    this.#opts = opts
  }

  get swarm(): Hyperswarm {
    if (!this.#swarm) throw new Error('SwarmNode is not open')
    return this.#swarm
  }

  get dht(): DHT {
    return this.swarm.dht
  }

  /** internet: public DHT; custom: a given bootstrap list; lan: a DHT of the devices on this network. */
  get mode(): NetworkMode {
    return this.#mode
  }

  get options(): Readonly<SwarmNodeOptions> {
    return this.#opts
  }

  /** What the LAN layer saw: null when it is off. */
  lanState(): {
    devices: LanDevice[]
    firstAnswerMs: number | null
    error: string | null
    host: string | null
  } | null {
    if (!this.#opts.lan) return null
    const lan = this.#lan
    return {
      devices: lan?.devices() ?? [],
      firstAnswerMs: lan?.firstAnswerMs ?? null,
      error: this.#lanError ?? lan?.sendError ?? null,
      host: this.#lanHost,
    }
  }

  /** Nodes added by address or found on the LAN since start ("host:port"). */
  addedNodes(): HostPort[] {
    return [...this.#added.values()]
  }

  /** Add a DHT node (found on the LAN or given by address) and look for our topics through it. */
  addNode(node: HostPort): void {
    const id = formatHostPort(node)
    this.#added.set(id, node)
    if (!this.#swarm || this.closing) return
    log.info(`adding DHT node ${id}`)
    this.dht.addNode(node)
    this.refreshSoon()
  }

  /** Look up every topic now and once more shortly after. */
  refreshSoon(): void {
    this.#refresh()
    const timer = setTimeout(() => {
      this.#refreshTimers.delete(timer)
      this.#refresh()
    }, REFRESH_AGAIN_MS)
    this.#refreshTimers.add(timer)
  }

  /** Sleep: close connections and stop announcing until resume(). */
  async suspend(): Promise<void> {
    if (!this.#swarm || this.closing) return
    this.#watcher.stop()
    const lan = this.#lan
    this.#lan = null
    await lan?.close()
    await this.#swarm.suspend()
    await this.#keeper?.suspend()
  }

  /** Wake: rebind, re-announce, look every topic up again. */
  async resume(): Promise<void> {
    if (!this.#swarm || this.closing) return
    await this.#keeper?.resume()
    await this.#swarm.resume()
    await this.#startLan()
    this.#watcher.start()
    this.refreshSoon()
  }

  /** Connected peers that replicate with us, by device key. */
  memberKeys(): Set<string> {
    const keys = new Set<string>()
    for (const peer of this.#peers.values()) if (peer.admission === 'member') keys.add(peer.key)
    return keys
  }

  peers(): Peer[] {
    return [...this.#peers.values()]
  }

  join(topic: Buffer): PeerDiscovery {
    return this.swarm.join(topic, { server: true, client: true })
  }

  async leave(topic: Buffer): Promise<void> {
    await this.swarm.leave(topic)
  }

  /** Keep trying to connect to exactly these devices by key, whichever topics they announce. */
  keepConnected(keys: Set<string>): void {
    for (const key of keys) {
      const publicKey = Buffer.from(key, 'hex')
      // Hyperswarm bans a peer for good once our firewall refused it (often a member whose roster
      // entry had not reached us yet). Let it back in, with a fresh peer record so it is tried now
      // rather than after the ban's backoff.
      const info = this.swarm.peers.get(key)
      if (info?.banned) {
        info.ban(false)
        this.swarm.leavePeer(publicKey)
        this.#wanted.delete(key)
      }
      if (!this.#wanted.has(key)) this.swarm.joinPeer(publicKey)
    }
    for (const key of this.#wanted) {
      if (!keys.has(key)) this.swarm.leavePeer(Buffer.from(key, 'hex'))
    }
    this.#wanted = new Set(keys)
  }

  /** Lift every ban (hyperswarm bans a peer for good once our firewall refused it), and retry now. */
  forgiveAll(): void {
    const swarm = this.#swarm as (Hyperswarm & { _attemptClientConnections?: () => void }) | null
    if (!swarm) return
    for (const [key, info] of swarm.peers) {
      if (!info.banned) continue
      info.ban(false)
      info.attempts = 0
      log.debug(`forgave ${key.slice(0, 8)}`)
    }
    swarm._attemptClientConnections?.()
  }

  /** Re-evaluate every open connection after the membership changed. */
  recheck(): void {
    for (const peer of [...this.#peers.values()]) this.#evaluate(peer.conn, peer)
  }

  override async _open(): Promise<void> {
    const { keyPair, relayThrough, relayAlways } = this.#opts
    this.#opts.onOpening?.()
    for (const peer of this.#opts.peers ?? []) this.#added.set(formatHostPort(peer), peer)
    const lan = this.#opts.lan ? await this.#openLan() : null
    try {
      // The port is fixed before the DHT binds so we can answer at once: devices that start together
      // then find each other in milliseconds instead of each waiting out the first-answer window.
      const port = lan ? (this.#opts.port ?? (await freeUdpPort(LAN_DHT_PORT))) : this.#opts.port
      if (lan && port) lan.announce(port)
      const started = await startDht({ ...this.#opts, ...(port ? { port } : {}) }, lan)
      this.#mode = started.mode
      this.#lanHost = started.lanHost
      for (const node of started.found) this.#added.set(formatHostPort(node), node)
      const dht = started.dht
      this.#dht = dht
      this.#keeper = started.keeper
      const relayKey = relayThrough ? Buffer.from(relayThrough, 'hex') : null
      this.#swarm = new Hyperswarm({
        keyPair,
        dht,
        ...(relayKey ? { relayThrough: relayAlways ? () => relayKey : relayKey } : {}),
        firewall: (remoteKey) => {
          const rejected = this.#opts.admit(remoteKey.toString('hex')) === 'reject'
          if (rejected) log.info(`firewall refused ${remoteKey.toString('hex').slice(0, 8)}`)
          return rejected
        },
      })
      this.#swarm.on('connection', (conn) => this.#onConnection(conn))
      await dht.ready()
      await this.#keeper?.ready()
      // Public mode bootstraps from the public nodes; LAN and added nodes go in on top.
      if (this.#mode === 'internet') for (const node of this.#added.values()) dht.addNode(node)
      if (lan) this.#useLan(lan)
      this.#watcher.on('change', () => this.#onNetworkChange())
      this.#watcher.start()
      this.#reconcileTimer = setInterval(() => this.#reconcile(), RECONCILE_MS)
    } catch (err) {
      // A failed open never reaches _close (ready-resource rethrows instead): release what it made.
      this.#watcher.stop()
      await lan?.close().catch(() => undefined)
      await this.#keeper?.destroy().catch(() => undefined)
      if (this.#swarm) await this.#swarm.destroy().catch(() => undefined)
      else await this.#dht?.destroy().catch(() => undefined)
      throw err
    }
  }

  override async _close(): Promise<void> {
    this.#watcher.stop()
    for (const timer of this.#refreshTimers) clearTimeout(timer)
    this.#refreshTimers.clear()
    await this.#lan?.close()
    await this.#keeper?.destroy()
    if (this.#reconcileTimer) clearInterval(this.#reconcileTimer)
    for (const timer of this.#graceTimers.values()) clearTimeout(timer)
    this.#graceTimers.clear()
    this.#peers.clear()
    // Hang up first: hyperswarm's destroy unannounces and closes its DHT server (about 5 s) before it
    // closes the connections, and until then the other devices still show this one online.
    for (const conn of this.#swarm?.connections ?? []) conn.destroy()
    await this.#swarm?.destroy()
  }

  /** mDNS is a help, never a requirement: a device whose multicast socket fails still starts. */
  async #openLan(): Promise<LanDiscovery | null> {
    const lan = new LanDiscovery()
    try {
      await lan.ready()
      this.#lanError = null
      return lan
    } catch (err) {
      this.#lanError = (err as { code?: string }).code ?? String(err)
      log.warn(`LAN discovery is off: ${this.#lanError}`)
      await lan.close().catch(() => undefined)
      return null
    }
  }

  #useLan(lan: LanDiscovery): void {
    this.#lan = lan
    lan.on('peer', (peer: HostPort) => {
      this.#dropStaleDials()
      this.addNode(peer)
    })
    lan.announce(this.dht.address().port)
  }

  async #startLan(): Promise<void> {
    if (!this.#opts.lan || this.#lan) return
    const lan = await this.#openLan()
    if (lan && this.closing) await lan.close()
    else if (lan) this.#useLan(lan)
  }

  /**
   * A device just announced itself on the LAN: it has (re)started. Of two devices, hyperswarm keeps the
   * connection dialled by the one whose key sorts higher, and refuses the other's dial while its own is
   * in flight. A dial we started while that device was away is still retrying its old address, so its
   * own dial would be refused and its user would wait about a second for ours to get through. Dials
   * still in flight to members we lack are dropped: the device's dial is then taken at once. Dropping
   * counts as a failed attempt, so hyperswarm waits a second or more before dialling again, and the
   * reconcile dials again if that device's dial does not come.
   */
  #dropStaleDials(): void {
    const swarm = this.#swarm as
      (Hyperswarm & { _allConnections?: { get(key: Buffer): NoiseSocket | undefined } }) | null
    if (!swarm || this.closing) return
    for (const key of this.#wanted) {
      const dial = swarm._allConnections?.get(Buffer.from(key, 'hex'))
      if (!dial || swarm.connections.has(dial)) continue
      log.debug(`dropping a dial in flight to ${key.slice(0, 8)}: a device came on the LAN`)
      dial.destroy()
    }
  }

  #onNetworkChange(): void {
    log.info('network interfaces changed: announcing again and looking every topic up')
    this.#lan?.refresh()
    this.refreshSoon()
  }

  #refresh(): void {
    const swarm = this.#swarm as (Hyperswarm & { _attemptClientConnections?: () => void }) | null
    if (!swarm || this.closing) return
    for (const discovery of swarm.topics()) {
      discovery.refresh().catch((err: unknown) => log.debug(`refresh failed: ${String(err)}`))
    }
    swarm._attemptClientConnections?.()
  }

  /**
   * Hyperswarm retries a device it failed to reach only when something else happens on the swarm,
   * and gives up after five tries. Members we want but lack are nudged here: within backoff at once,
   * and from scratch every half minute (a laptop that was asleep comes back).
   */
  #reconcile(): void {
    const swarm = this.#swarm as (Hyperswarm & { _attemptClientConnections?: () => void }) | null
    if (!swarm || this.closing) return
    const connected = new Set(this.peers().map((p) => p.key))
    const missing = [...this.#wanted].filter((k) => !connected.has(k))
    if (missing.length === 0) return
    if (Date.now() - this.#lastReset > RETRY_FROM_SCRATCH_MS) {
      this.#lastReset = Date.now()
      for (const key of missing) {
        const info = swarm.peers.get(key) as { attempts?: number } | undefined
        if (info) info.attempts = 0
      }
    }
    swarm._attemptClientConnections?.()
  }

  #onConnection(conn: NoiseSocket): void {
    conn.on('error', (err: Error) => log.debug(`connection error: ${err.message}`))
    conn.on('close', () => {
      const timer = this.#graceTimers.get(conn)
      if (timer) clearTimeout(timer)
      this.#graceTimers.delete(conn)
      const peer = this.#peers.get(conn)
      this.#peers.delete(conn)
      if (peer) this.emit('peer-closed', peer)
    })
    this.#evaluate(conn, null)
  }

  #evaluate(conn: NoiseSocket, peer: Peer | null): void {
    const key = conn.remotePublicKey.toString('hex')
    const admission = this.#opts.admit(key)
    // Once replicated with, a peer that is no longer a member is closed, never downgraded.
    if (admission === 'reject' || (peer?.admission === 'member' && admission !== 'member')) {
      log.info(`closing connection from non-member ${key.slice(0, 8)}`)
      this.#peers.delete(conn)
      conn.destroy()
      if (peer) this.emit('peer-closed', peer)
      return
    }
    if (peer?.admission === admission) return
    const next: Peer = {
      key,
      conn,
      admission,
      remoteHost: conn.rawStream?.remoteHost ?? null,
      since: Date.now(),
    }
    this.#peers.set(conn, next)
    if (admission === 'pairing') {
      const timer = setTimeout(() => {
        if (this.#peers.get(conn)?.admission === 'pairing') conn.destroy()
      }, this.#opts.pairingGraceMs ?? 30_000)
      this.#graceTimers.set(conn, timer)
      return
    }
    const timer = this.#graceTimers.get(conn)
    if (timer) clearTimeout(timer)
    this.#graceTimers.delete(conn)
    this.emit('peer', next)
  }
}
