// The engine's printing: a print channel on every member connection, the printers this device offers
// (announced in the roster, policies kept here), and the jobs it sends and receives. Owned by the engine.
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import Protomux from 'protomux'
import type { Duplex } from 'node:stream'
import ReadyResource from 'ready-resource'
import { AppError } from '../../../shared/errors.js'
import type { PrintJob, PrintPolicy, Printer } from '../../../shared/types.js'
import type { Engine } from '../engine.js'
import { background, createLogger } from '../logger.js'
import type { Peer } from '../network/swarm-node.js'
import type { PrinterRecord } from '../workgroups/roster-ops.js'
import { resolveGroup, resolveMember } from '../workgroups/resolve.js'
import { ownerOf } from '../workgroups/describe.js'
import type { Workgroup } from '../workgroups/workgroup.js'
import { DEFAULT_JOB_LIMITS, type JobLimits } from './job-check.js'
import { JobBook, type JobEntry } from './print-jobs.js'
import { PRINT_PROTOCOL, PrintChannel, type PrintChannelHandlers } from './print-protocol.js'
import { PrintReceiver } from './print-receiver.js'
import { PrintSender, type SendRequest } from './print-sender.js'
import { createPrinterBackend, type PrinterBackend } from './printer-backend.js'
import { describePolicy, PrinterConfig, type OfferedPrinter } from './printer-config.js'
import { PrinterAnnouncer } from './printer-announcer.js'
import { RateLimiter, type RateLimitOptions } from './rate-limit.js'

const log = createLogger('printing')

const CHANNEL_WAIT_MS = 10_000
/** Offers above this close the channel as a protocol error; policy limits below it are refused politely. */
const PROTOCOL_MAX_BYTES = 1024 * 1024 * 1024

export interface PrintingOptions {
  /** The environment for the CUPS tools (CUPS_SERVER picks the server); default process.env. */
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  /** Replaces the platform's backend (CUPS or the Windows spooler). */
  backend?: PrinterBackend
  /** The owner's caps on incoming jobs (size 50 MB, pages, copies, sheets). */
  limits?: Partial<JobLimits>
  /** Jobs per member (default 5 at once, 10 a minute). */
  rate?: RateLimitOptions
  /** How a CUPS job is followed. */
  watch?: { intervalMs?: number; timeoutMs?: number }
  /** How often offered printers' state and capabilities are checked (default 30 s). */
  refreshMs?: number
}

export interface PrinterRef {
  group: Workgroup
  record: PrinterRecord
}

export class PrintHost extends ReadyResource {
  readonly jobs: JobBook
  readonly config: PrinterConfig
  readonly limits: JobLimits
  readonly #engine: Engine
  readonly #opts: PrintingOptions
  readonly #channels = new Map<object, PrintChannel>()
  readonly #byKey = new Map<string, PrintChannel>()
  readonly #paired = new WeakSet<object>()
  readonly #abort = new AbortController()
  #backend: PrinterBackend | null = null
  #receiver: PrintReceiver | null = null
  #sender: PrintSender | null = null
  #announcer: PrinterAnnouncer | null = null
  readonly #onPeer = (peer: Peer) => this.#attach(peer)

  constructor(engine: Engine, opts: PrintingOptions = {}) {
    super()
    this.#engine = engine
    this.#opts = opts
    this.limits = { ...DEFAULT_JOB_LIMITS, ...opts.limits }
    this.config = new PrinterConfig(engine.dataDir)
    this.jobs = new JobBook((job) => engine.events.emit('job.updated', { job }))
  }

  get backend(): PrinterBackend {
    if (!this.#backend) throw new AppError('CLOSED', 'Printing is not open')
    return this.#backend
  }

  get sender(): PrintSender {
    if (!this.#sender) throw new AppError('CLOSED', 'Printing is not open')
    return this.#sender
  }

  get receiver(): PrintReceiver {
    if (!this.#receiver) throw new AppError('CLOSED', 'Printing is not open')
    return this.#receiver
  }

  override async _open(): Promise<void> {
    const engine = this.#engine
    this.#backend =
      this.#opts.backend ?? createPrinterBackend(this.#opts.platform ?? process.platform, this.#opts.env)
    await this.config.load()
    // Entries of groups this device has left are of no use any more.
    const groups = new Set(engine.settings.data.groups.map((g) => g.key))
    for (const entry of this.config.entries) if (!groups.has(entry.group)) await this.config.remove(entry.id)
    const spoolDir = path.join(engine.dataDir, 'print-spool')
    await fs.rm(spoolDir, { recursive: true, force: true })
    await fs.mkdir(spoolDir, { recursive: true, mode: 0o700 })
    this.#receiver = new PrintReceiver({
      backend: this.#backend,
      config: this.config,
      jobs: this.jobs,
      limits: this.limits,
      rate: new RateLimiter(this.#opts.rate),
      spoolDir,
      watch: this.#opts.watch ?? {},
      signal: this.#abort.signal,
      groupOf: (entry) => this.groupOf(entry),
      sendStatus: (peer, update) => {
        const channel = this.#byKey.get(peer)
        if (channel && !channel.closed) channel.status(update)
      },
      onApprovalNeeded: (job) => engine.events.emit('job.approvalRequested', { job }),
    })
    this.#sender = new PrintSender({
      jobs: this.jobs,
      self: () => ({ key: engine.identity.key, name: engine.settings.data.name }),
      channelTo: (device) => this.#channelTo(device),
    })
    this.#announcer = new PrinterAnnouncer({
      backend: this.#backend,
      config: this.config,
      groupOf: (entry) => this.groupOf(entry),
      intervalMs: this.#opts.refreshMs ?? 30_000,
    })
    this.#announcer.start()
    engine.node.on('peer', this.#onPeer)
    for (const peer of engine.node.peers()) this.#attach(peer)
  }

  override async _close(): Promise<void> {
    this.#abort.abort()
    this.#engine.node.off('peer', this.#onPeer)
    this.#announcer?.stop()
    await this.#receiver?.close()
    for (const channel of this.#channels.values()) channel.close()
    this.#channels.clear()
    this.#byKey.clear()
    await this.config.flush()
  }

  /** The open group an offered printer belongs to. */
  groupOf(entry: OfferedPrinter): Workgroup | undefined {
    return [...this.#engine.groups.values()].find((g) => g.key.toString('hex') === entry.group)
  }

  /** A printer by id, or by GROUP/NAME (the group an id or a unique name). */
  async resolve(ref: string): Promise<PrinterRef> {
    for (const group of this.#engine.groups.values()) {
      const record = group.printers.get(ref)
      if (record && group.roster.has(record.owner)) return { group, record }
    }
    for (let i = ref.indexOf('/'); i > 0; i = ref.indexOf('/', i + 1)) {
      const group = await resolveGroup(this.#engine.groups.values(), ref.slice(0, i)).catch(() => null)
      if (!group) continue
      const name = ref.slice(i + 1)
      const found = this.#visible(group).filter((p) => p.name === name)
      if (found.length > 1) {
        throw new AppError('AMBIGUOUS', `${found.length} printers are named "${name}": use the printer id`)
      }
      if (found[0]) return { group, record: found[0] }
    }
    throw new AppError('NOT_FOUND', `No printer "${ref}": use its id or GROUP/NAME`)
  }

  list(group: Workgroup): Printer[] {
    return this.#visible(group).map((record) => this.describe(group, record))
  }

  describe(group: Workgroup, record: PrinterRecord): Printer {
    const self = record.owner === this.#engine.identity.key
    const entry = self ? this.config.get(record.id) : undefined
    return {
      id: record.id,
      name: record.name,
      groupId: group.id,
      ...ownerOf(this.#engine, group, record.owner),
      state: record.state,
      color: record.color,
      duplex: record.duplex,
      media: [...record.media],
      policy: entry ? describePolicy(entry) : null,
      updatedAt: record.updatedAt,
    }
  }

  /** Offers a local queue to a group (again: updates its policy and announcement). */
  async offer(group: Workgroup, queue: string, policy: PrintPolicy | undefined): Promise<Printer> {
    const self = this.#engine.identity.key
    if (!group.roster.has(self)) throw new AppError('FORBIDDEN', 'This device is not a member of the group')
    const id = printerId(group, self, queue)
    const previous = this.config.get(id)
    const entry: OfferedPrinter = {
      id,
      group: group.key.toString('hex'),
      queue,
      policy: policy ?? previous?.policy ?? 'allow',
      overrides: previous?.overrides ?? {},
    }
    await this.config.put(entry)
    try {
      const op = await this.announcer.announcement(entry, { force: true })
      if (!op) throw new AppError('NOT_FOUND', `No print queue "${queue}" on this device`)
      await this.#engine.waitForRoster(
        group,
        () => (group.printers.get(id)?.updatedAt ?? -1) >= op.at,
        15_000,
        'the printer to be announced',
      )
    } catch (err) {
      if (!previous) await this.config.remove(id)
      throw err
    }
    return this.describe(group, group.printers.get(id)!)
  }

  /** Takes a printer off its group: its owner, or an admin. */
  async withdraw({ group, record }: PrinterRef): Promise<void> {
    const self = this.#engine.identity.key
    if (record.owner !== self && group.roster.get(self)?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the printer’s owner or an admin can withdraw it')
    }
    await group.append({ op: 'unprinter', id: record.id, at: Date.now() })
    await this.#engine.waitForRoster(group, () => !group.printers.has(record.id), 15_000, 'the withdrawal')
    await this.config.remove(record.id)
  }

  async setPolicy(
    { group, record }: PrinterRef,
    change: { policy?: PrintPolicy; member?: string; memberPolicy?: PrintPolicy | null },
  ): Promise<OfferedPrinter> {
    const entry = this.config.get(record.id)
    if (!entry) throw new AppError('FORBIDDEN', 'Only the printer’s owner decides who prints on it')
    const next = { ...entry, overrides: { ...entry.overrides } }
    if (change.policy) next.policy = change.policy
    if (change.member !== undefined) {
      const member = resolveMember(group.roster, change.member).key
      const { memberPolicy } = change
      next.overrides = Object.fromEntries(
        Object.entries(next.overrides)
          .filter(([k]) => k !== member)
          .concat(memberPolicy ? [[member, memberPolicy]] : []),
      )
    }
    await this.config.put(next)
    this.#engine.events.emit('printer.updated', { groupId: group.id, printer: this.describe(group, record) })
    return next
  }

  /** Low level: sends a document as given; the owner's device checks everything. */
  async send(req: SendRequest): Promise<JobEntry> {
    return this.sender.send(req)
  }

  job(id: string): JobEntry {
    const entry = this.jobs.get(id)
    if (!entry) throw new AppError('NOT_FOUND', `No print job ${id}`)
    return entry
  }

  async cancel(entry: JobEntry): Promise<void> {
    if (entry.job.direction === 'sent') await this.sender.cancel(entry)
    else if (this.jobs.isFinal(entry)) {
      throw new AppError('CONFLICT', `Job ${entry.job.id} already ended (${entry.job.state})`)
    } else this.receiver.cancel(entry)
  }

  listJobs(): PrintJob[] {
    return this.jobs.list()
  }

  /** The roster's printers changed: tell clients, and forget our offers an admin withdrew. */
  onPrinters(group: Workgroup, before: Map<string, PrinterRecord>, after: Map<string, PrinterRecord>): void {
    if (!this.opened || this.closing) return
    const emit = this.#engine.events
    for (const [id, record] of after) {
      const old = before.get(id)
      if (!old) emit.emit('printer.added', { groupId: group.id, printer: this.describe(group, record) })
      else if (old.updatedAt !== record.updatedAt) {
        emit.emit('printer.updated', { groupId: group.id, printer: this.describe(group, record) })
      }
    }
    for (const id of before.keys()) {
      if (after.has(id)) continue
      emit.emit('printer.removed', { groupId: group.id, printerId: id })
      if (this.config.get(id)) background(log, 'forget withdrawn printer', this.config.remove(id))
    }
  }

  get announcer(): PrinterAnnouncer {
    if (!this.#announcer) throw new AppError('CLOSED', 'Printing is not open')
    return this.#announcer
  }

  /** Printers whose owner is still a member: a removed member's printers vanish with them. */
  #visible(group: Workgroup): PrinterRecord[] {
    return [...group.printers.values()]
      .filter((p) => group.roster.has(p.owner))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  }

  /**
   * Protomux rejects a channel the other side opens before we have one for its protocol, so besides
   * opening ours we pair: an open from the peer (after a reject, or a reconnect) creates ours on demand.
   */
  #attach(peer: Peer): void {
    if (peer.admission !== 'member' || this.closing) return
    let mux: Protomux
    try {
      mux = Protomux.from(peer.conn as unknown as Duplex)
    } catch (err) {
      log.warn(`no protocol muxer on the connection with ${peer.key.slice(0, 8)}: ${String(err)}`)
      return
    }
    if (!this.#paired.has(peer.conn)) {
      this.#paired.add(peer.conn)
      mux.pair({ protocol: PRINT_PROTOCOL }, () => this.#openChannel(peer, mux))
    }
    this.#openChannel(peer, mux)
  }

  #openChannel(peer: Peer, mux: Protomux): void {
    if (this.#channels.has(peer.conn) || this.closing) return
    const key = peer.key
    const receiver = this.receiver
    const sender = this.sender
    let channel: PrintChannel | null = null
    const handlers: PrintChannelHandlers = {
      // Protomux may call this from inside open(), before `channel` is assigned: settle it just after.
      onOpen: () =>
        queueMicrotask(() => {
          if (!channel || channel.closed || this.closing) return
          this.#byKey.set(key, channel)
          receiver.resend(key)
        }),
      onOffer: (offer) => receiver.onOffer(key, offer),
      onData: (id, chunk) => receiver.onData(key, id, chunk),
      onEnd: (id) => receiver.onEnd(key, id),
      onCancel: (id) => receiver.onCancel(key, id),
      onStatus: (update) => sender.onStatus(key, update),
      onClose: (error) => {
        if (error) log.warn(`print channel with ${key.slice(0, 8)} closed: ${error.message}`)
        if (this.#channels.get(peer.conn) === channel) this.#channels.delete(peer.conn)
        if (this.#byKey.get(key) !== channel) return
        this.#byKey.delete(key)
        sender.onDisconnected(key)
        receiver.onDisconnected(key)
      },
    }
    try {
      channel = PrintChannel.open(mux, handlers, {
        maxJobBytes: Math.max(PROTOCOL_MAX_BYTES, this.limits.maxBytes),
      })
      this.#channels.set(peer.conn, channel)
    } catch (err) {
      log.warn(`could not open a print channel with ${key.slice(0, 8)}: ${String(err)}`)
    }
  }

  async #channelTo(device: string): Promise<PrintChannel> {
    const deadline = Date.now() + CHANNEL_WAIT_MS
    for (;;) {
      const channel = this.#byKey.get(device)
      if (channel && !channel.closed) return channel
      if (!this.#engine.node.memberKeys().has(device) || Date.now() > deadline || this.closing) {
        throw new AppError('UNAVAILABLE', 'The printer’s owner is offline', { reason: 'OWNER_OFFLINE' })
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/** The same on every device, different per group, and not the owner's queue name in the clear. */
export function printerId(group: Workgroup, owner: string, queue: string): string {
  return createHash('sha256')
    .update(`peerdesk/printer/v1\0${group.id}\0${owner}\0${queue}`)
    .digest('hex')
    .slice(0, 16)
}
