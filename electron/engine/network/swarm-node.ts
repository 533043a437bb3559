// The engine's one Hyperswarm: binds its DHT where told, admits only the devices the engine says are
// members (or are redeeming one of our invites), and reports who is connected. Hyperswarm's firewall
// only sees incoming handshakes, so outgoing connections are checked here as well.
import ReadyResource from 'ready-resource'
import DHT from 'hyperdht'
import Hyperswarm, { type NoiseSocket, type PeerDiscovery } from 'hyperswarm'
import type { KeyPair } from 'hypercore-crypto'
import { createLogger } from '../logger.js'
import type { HostPort } from './bootstrap-list.js'

const log = createLogger('network')

const RECONCILE_MS = 1500
const RETRY_FROM_SCRATCH_MS = 30_000

/** member: replicate with it. pairing: let only invite pairing run on it, for a while. reject: close. */
export type Admission = 'member' | 'pairing' | 'reject'

export interface NetworkOptions {
  /** Omitted: the public HyperDHT bootstrap nodes. */
  bootstrap?: HostPort[]
  /** The address the DHT binds (all interfaces when omitted). */
  host?: string
  port?: number
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
}

export class SwarmNode extends ReadyResource {
  readonly #opts: SwarmNodeOptions
  readonly #peers = new Map<NoiseSocket, Peer>()
  readonly #graceTimers = new Map<NoiseSocket, NodeJS.Timeout>()
  #swarm: Hyperswarm | null = null
  #wanted = new Set<string>()
  #reconcileTimer: NodeJS.Timeout | null = null
  #lastReset = 0

  constructor(opts: SwarmNodeOptions) {
    super()
    this.#opts = opts
  }

  get swarm(): Hyperswarm {
    if (!this.#swarm) throw new Error('SwarmNode is not open')
    return this.#swarm
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

  /** Re-evaluate every open connection after the membership changed. */
  recheck(): void {
    for (const peer of [...this.#peers.values()]) this.#evaluate(peer.conn, peer)
  }

  override async _open(): Promise<void> {
    const { bootstrap, host, port, keyPair } = this.#opts
    const dht = new DHT({
      ...(bootstrap ? { bootstrap } : {}),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
    })
    this.#swarm = new Hyperswarm({
      keyPair,
      dht,
      firewall: (remoteKey) => {
        const rejected = this.#opts.admit(remoteKey.toString('hex')) === 'reject'
        if (rejected) log.info(`firewall refused ${remoteKey.toString('hex').slice(0, 8)}`)
        return rejected
      },
    })
    this.#swarm.on('connection', (conn) => this.#onConnection(conn))
    await dht.ready()
    this.#reconcileTimer = setInterval(() => this.#reconcile(), RECONCILE_MS)
  }

  override async _close(): Promise<void> {
    if (this.#reconcileTimer) clearInterval(this.#reconcileTimer)
    for (const timer of this.#graceTimers.values()) clearTimeout(timer)
    this.#graceTimers.clear()
    this.#peers.clear()
    await this.#swarm?.destroy()
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
