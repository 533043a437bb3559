// Finds other Peerdesk devices on the local network over mDNS and tells them about us. The record
// carries only a DHT port and a random per-run instance id (to drop our own echo): no keys, topics or
// names, so a stranger on the LAN learns only that a Peerdesk node listens there. The host is taken
// from the packet's source address.
import { randomBytes } from 'node:crypto'
import ReadyResource from 'ready-resource'
import multicastDns, { type Answer, type MulticastDns, type Packet, type RemoteInfo } from 'multicast-dns'
import { createLogger } from '../logger.js'

const log = createLogger('lan')

export const SERVICE = '_peerdesk._udp.local'
/** Queries go out a few times at start: one lost packet must not cost a device its LAN. */
const QUERY_AT_MS = [0, 250, 1000]
/** Unsolicited announcements repeat once (loss), then keep the record fresh. */
const ANNOUNCE_AGAIN_MS = 1000
const ANNOUNCE_EVERY_MS = 60_000

export interface LanPeer {
  host: string
  port: number
}

export interface LanDevice extends LanPeer {
  id: string
  seenAt: number
}

export interface LanDiscoveryOptions {
  /** mDNS port and group: 5353 and 224.0.0.251 unless a test says otherwise. */
  mdnsPort?: number
  mdnsIp?: string
}

export class LanDiscovery extends ReadyResource {
  /** Random per run: lets us drop our own packets and tells devices apart behind one address. */
  readonly id = randomBytes(8).toString('hex')
  readonly #opts: LanDiscoveryOptions
  readonly #devices = new Map<string, LanDevice>()
  readonly #timers = new Set<NodeJS.Timeout>()
  #mdns: MulticastDns | null = null
  #port: number | null = null
  #startedAt = 0
  #firstAnswerMs: number | null = null
  #sendError: string | null = null
  #announceTimer: NodeJS.Timeout | null = null

  constructor(opts: LanDiscoveryOptions = {}) {
    super()
    this.#opts = opts
  }

  /** Devices heard from since start, newest first. */
  devices(): LanDevice[] {
    return [...this.#devices.values()].sort((a, b) => b.seenAt - a.seenAt)
  }

  /** Milliseconds from start to the first answer, or null while nobody answered. */
  get firstAnswerMs(): number | null {
    return this.#firstAnswerMs
  }

  /** The last error sending multicast (no route, interface down), null when sends go out. */
  get sendError(): string | null {
    return this.#sendError
  }

  override async _open(): Promise<void> {
    this.#startedAt = Date.now()
    const mdns = multicastDns({
      ...(this.#opts.mdnsPort ? { port: this.#opts.mdnsPort } : {}),
      ...(this.#opts.mdnsIp ? { ip: this.#opts.mdnsIp } : {}),
    })
    this.#mdns = mdns
    mdns.on('warning', (err) => log.debug(`mdns warning: ${err.code ?? err.message}`))
    mdns.on('query', (packet, rinfo) => this.#onQuery(packet, rinfo))
    mdns.on('response', (packet, rinfo) => this.#onResponse(packet, rinfo))
    await new Promise<void>((resolve, reject) => {
      mdns.once('ready', resolve)
      mdns.once('error', reject)
    })
    mdns.on('error', (err) => log.warn(`mdns error: ${err.message}`))
    this.query()
  }

  override async _close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    if (this.#announceTimer) clearInterval(this.#announceTimer)
    const mdns = this.#mdns
    this.#mdns = null
    if (mdns) await new Promise<void>((resolve) => mdns.destroy(() => resolve()))
  }

  /**
   * Resolves with the devices found once the first answers are in, or after `timeoutMs` with none.
   * Devices answer a query at once, so the others' answers come within milliseconds of the first; a
   * device heard later still joins the DHT (the 'peer' event). The wait is start-up time the user sees.
   */
  async firstAnswers(timeoutMs: number, graceMs = 30): Promise<LanPeer[]> {
    if (this.#devices.size === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          this.off('peer', done)
          resolve()
        }
        const timer = setTimeout(done, timeoutMs)
        this.on('peer', done)
      })
      if (this.#devices.size > 0) await new Promise((resolve) => setTimeout(resolve, graceMs))
    }
    return this.devices().map(({ host, port }) => ({ host, port }))
  }

  /** Ask who is there, now and twice more shortly after. */
  query(): void {
    for (const at of QUERY_AT_MS) {
      this.#later(at, () => this.#send('query', { questions: [{ name: SERVICE, type: 'PTR' }] }))
    }
  }

  /** Start answering with our DHT port, and tell everyone now (again after a network change). */
  announce(port: number): void {
    this.#port = port
    this.#sendRecord()
    this.#later(ANNOUNCE_AGAIN_MS, () => this.#sendRecord())
    if (this.#announceTimer) clearInterval(this.#announceTimer)
    this.#announceTimer = setInterval(() => this.#sendRecord(), ANNOUNCE_EVERY_MS)
  }

  /** Join the multicast group on interfaces that came up since, then ask and announce again. */
  refresh(): void {
    this.#mdns?.update()
    this.query()
    if (this.#port !== null) this.announce(this.#port)
  }

  #later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      if (!this.closing) work()
    }, ms)
    this.#timers.add(timer)
  }

  #record(): Answer[] {
    const instance = `${this.id}.${SERVICE}`
    return [
      { name: SERVICE, type: 'PTR', ttl: 120, data: instance },
      { name: instance, type: 'SRV', ttl: 120, data: { port: this.#port, target: `${this.id}.local` } },
      { name: instance, type: 'TXT', ttl: 120, data: [`id=${this.id}`] },
    ]
  }

  #sendRecord(): void {
    if (this.#port !== null) this.#send('respond', { answers: this.#record() })
  }

  #send(kind: 'query' | 'respond', packet: Partial<Packet>): void {
    const mdns = this.#mdns
    if (!mdns || this.closing) return
    mdns[kind](packet, (err) => {
      if (err) {
        const code = (err as Error & { code?: string }).code ?? err.message
        if (this.#sendError !== code) log.warn(`could not send mDNS ${kind}: ${code}`)
        this.#sendError = code
      } else this.#sendError = null
    })
  }

  #onQuery(packet: Packet, rinfo: RemoteInfo): void {
    if (this.#port === null) return
    if (!packet.questions?.some((q) => q.name === SERVICE)) return
    log.debug(`mDNS query from ${rinfo.address}`)
    this.#sendRecord()
  }

  #onResponse(packet: Packet, rinfo: RemoteInfo): void {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])]
    for (const srv of records) {
      if (srv.type !== 'SRV' || !srv.name.endsWith(`.${SERVICE}`)) continue
      const id = srv.name.slice(0, -SERVICE.length - 1)
      const port = (srv.data as { port?: unknown } | undefined)?.port
      if (id === this.id || !/^[0-9a-f]{16}$/.test(id)) continue
      if (typeof port !== 'number' || !(port > 0 && port < 65536)) continue
      this.#seen({ id, host: rinfo.address, port, seenAt: Date.now() })
    }
  }

  #seen(device: LanDevice): void {
    const known = this.#devices.get(device.id)
    this.#devices.set(device.id, device)
    if (known && known.host === device.host && known.port === device.port) return
    this.#firstAnswerMs ??= device.seenAt - this.#startedAt
    log.info(`found a device at ${device.host}:${device.port} (${device.id})`)
    this.emit('peer', { host: device.host, port: device.port } satisfies LanPeer)
  }
}
