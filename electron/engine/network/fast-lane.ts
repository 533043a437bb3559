// The LAN fast lane: a second connection between two members on the same network, over TCP instead of
// UDX, authenticated and encrypted the same way (Noise, @hyperswarm/secret-stream, each device's own key
// pair). The kernel's TCP moves bulk data with a fraction of UDX's per-packet cost in JS. Members tell
// each other their lane port over the swarm connection they already have; the one with the lower key
// dials, and only to a private address (the swarm connection's own). The listener takes any address,
// but admits only a completed Noise handshake from a member.
import net from 'node:net'
import { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import c from 'compact-encoding'
import Protomux from 'protomux'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import type { KeyPair } from 'hypercore-crypto'
import { createLogger } from '../logger.js'
import { isPrivate } from './lan-address.js'
import { LaneStream } from './lane-stream.js'
import { adoptLaneSocket, dialLaneSocket, type LaneSocket } from './lane-socket.js'
import type { NoiseSocket } from 'hyperswarm'
import type { Peer } from './swarm-node.js'

const log = createLogger('fast-lane')

export const LANE_PROTOCOL = 'peerdesk/lane/1'
const HANDSHAKE_TIMEOUT_MS = 5000
const RETRY_MS = 3000
const KEEP_ALIVE_MS = 5000
const MAX_ATTEMPTS = 5

/** A member's lane port, offered on its swarm connection, that we dial (we have the lower key). */
interface Offer {
  host: string
  port: number
  attempts: number
  conn: NoiseSocket
}

export interface FastLaneOptions {
  keyPair: KeyPair
  /** The address to listen on: the DHT's (127.0.0.1 in tests), else every interface. */
  host?: string
  /** Only members get a lane. */
  isMember(remoteKey: string): boolean
}

/**
 * Emits 'lane' (stream, remoteKey) for every authenticated lane, in or out; a lane's stream closes
 * when either side goes away, and a later swarm reconnect offers a new one.
 */
export class FastLane extends EventEmitter {
  readonly #opts: FastLaneOptions
  readonly #selfKey: string
  readonly #lanes = new Map<string, NoiseSecretStream>()
  readonly #dialing = new Set<string>()
  readonly #sockets = new Set<net.Socket>()
  readonly #paired = new WeakSet<Protomux>()
  /** Lanes members offered that we dial (we have the lower key), by device key. */
  readonly #offers = new Map<string, Offer>()
  readonly #timers = new Set<NodeJS.Timeout>()
  /** The swarm connection each dialled lane's offer came on. */
  readonly #laneConn = new WeakMap<NoiseSecretStream, NoiseSocket>()
  #server: net.Server | null = null
  #port = 0
  #closed = false

  constructor(opts: FastLaneOptions) {
    super()
    this.#opts = opts
    this.#selfKey = opts.keyPair.publicKey.toString('hex')
  }

  get port(): number {
    return this.#port
  }

  /** Lanes open now, by device key. */
  lanes(): string[] {
    return [...this.#lanes.keys()]
  }

  async listen(): Promise<void> {
    // Paused, so the lane socket that takes each connection over misses nothing (lane-socket.ts).
    const server = net.createServer({ pauseOnConnect: true }, (socket) => this.#accept(socket))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, this.#opts.host ?? '0.0.0.0', () => {
        server.off('error', reject)
        resolve()
      })
    })
    server.on('error', (err) => log.warn(`lane listener: ${err.message}`))
    this.#port = (server.address() as net.AddressInfo).port
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    this.#offers.clear()
    for (const stream of this.#lanes.values()) stream.destroy()
    this.#lanes.clear()
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
    const server = this.#server
    this.#server = null
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Offer our lane port on a member's swarm connection (and learn theirs). */
  attach(peer: Peer): void {
    if (this.#closed || peer.admission !== 'member' || !this.#port) return
    let mux: Protomux
    try {
      mux = Protomux.from(peer.conn as unknown as Duplex)
    } catch {
      return
    }
    const open = (): void => {
      const channel = mux.createChannel({
        protocol: LANE_PROTOCOL,
        handshake: c.uint as never,
        onopen: (port: unknown) => this.#onOffer(peer, port),
      })
      channel?.open(this.#port)
    }
    if (!this.#paired.has(mux)) {
      this.#paired.add(mux)
      mux.pair({ protocol: LANE_PROTOCOL }, open)
    }
    if (!mux.opened({ protocol: LANE_PROTOCOL })) open()
  }

  #onOffer(peer: Peer, port: unknown): void {
    const host = peer.remoteHost
    if (this.#closed || typeof port !== 'number' || port <= 0 || port > 65535) return
    // One side dials: the other waits for it, so two lanes never cross.
    if (this.#selfKey > peer.key || !host || !isPrivate(host)) return
    const conn = peer.conn
    const offer: Offer = { host: host.replace(/^::ffff:/, ''), port, attempts: 0, conn }
    this.#offers.set(peer.key, offer)
    conn.once('close', () => {
      if (this.#offers.get(peer.key) === offer) this.#offers.delete(peer.key)
      // A lane lives no longer than the swarm connection it was offered on: a device that went to
      // sleep or lost its network does not leave a lane behind that looks open.
      const lane = this.#lanes.get(peer.key)
      if (lane && this.#laneConn.get(lane) === conn) lane.destroy()
    })
    this.#dial(peer.key)
  }

  /**
   * Dial the lane a member offered. Right after an invite the other side may not list us as a member
   * yet and refuses: a roster change (recheck) or a later retry dials again.
   */
  #dial(remoteKey: string): void {
    const offer = this.#offers.get(remoteKey)
    if (!offer || this.#closed || this.#lanes.has(remoteKey) || this.#dialing.has(remoteKey)) return
    this.#dialing.add(remoteKey)
    offer.attempts++
    void this.#secure(dialLaneSocket(offer.host, offer.port), true, remoteKey).then((stream) => {
      this.#dialing.delete(remoteKey)
      if (stream) {
        offer.attempts = 0
        this.#laneConn.set(stream, offer.conn)
      }
      if (!stream) this.#redial(remoteKey, offer)
      // Closed by the other side (which may not have known us as a member yet) while the swarm
      // connection lives on: offer it again.
      else stream.once('close', () => this.#redial(remoteKey, offer))
    })
  }

  #redial(remoteKey: string, offer: Offer): void {
    if (this.#closed || offer.attempts >= MAX_ATTEMPTS || this.#offers.get(remoteKey) !== offer) return
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      this.#dial(remoteKey)
    }, RETRY_MS)
    this.#timers.add(timer)
  }

  #accept(socket: net.Socket): void {
    if (this.#closed) {
      socket.destroy()
      return
    }
    void this.#secure(adoptLaneSocket(socket), false, null)
  }

  /** Authenticate a lane; resolves its stream, or null when it was refused. */
  async #secure(
    lane: LaneSocket,
    initiator: boolean,
    expected: string | null,
  ): Promise<NoiseSecretStream | null> {
    const { socket } = lane
    this.#sockets.add(socket)
    socket.setNoDelay(true)
    socket.on('close', () => this.#sockets.delete(socket))
    socket.on('error', () => undefined)
    const stream = new LaneStream(initiator, lane, {
      keyPair: this.#opts.keyPair,
      ...(expected ? { remotePublicKey: Buffer.from(expected, 'hex') } : {}),
    })
    stream.on('error', (err: Error) => log.info(`lane: ${err.message}`))
    const timer = setTimeout(() => stream.destroy(), HANDSHAKE_TIMEOUT_MS)
    this.#timers.add(timer)
    const ok = await stream.opened.catch(() => false)
    clearTimeout(timer)
    this.#timers.delete(timer)
    const remoteKey = stream.remotePublicKey?.toString('hex') ?? null
    if (
      !ok ||
      !remoteKey ||
      (expected && remoteKey !== expected) ||
      !this.#opts.isMember(remoteKey) ||
      this.#closed
    ) {
      stream.destroy()
      return null
    }
    // A new lane replaces an old one: the old one may be dead without either side knowing yet.
    this.#lanes.get(remoteKey)?.destroy()
    // Keep-alives find a lane whose other end vanished, as the swarm's connections do.
    ;(stream as unknown as { setKeepAlive(ms: number): void }).setKeepAlive(KEEP_ALIVE_MS)
    this.#lanes.set(remoteKey, stream)
    stream.on('close', () => {
      if (this.#lanes.get(remoteKey) === stream) this.#lanes.delete(remoteKey)
    })
    // One muxer for everything on the lane (content, replication), found by Protomux.from(stream).
    stream.userData = Protomux.from(stream as unknown as Duplex)
    log.info(`fast lane with ${remoteKey.slice(0, 8)} (${initiator ? 'dialled' : 'accepted'})`)
    this.emit('lane', stream, remoteKey)
    return stream
  }

  /** Close the lanes of devices that are no longer members (a removal, a group left). */
  recheck(): void {
    for (const [key, stream] of this.#lanes) if (!this.#opts.isMember(key)) stream.destroy()
    for (const key of this.#offers.keys()) this.#dial(key)
  }
}
