// The Peerdesk engine: a device identity, one corestore, one swarm, and the workgroups this device
// belongs to. Hosts (the server, the Electron shell) create it, expose its service, and close it.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import ReadyResource from 'ready-resource'
import Corestore from 'corestore'
import CoreStorage from 'hypercore-storage'
import Rache from 'rache'
import BlindPairing from 'blind-pairing'
import { AppError } from '../../shared/errors.js'
import { EventLog } from './event-log.js'
import { loadIdentity, type Identity } from './identity.js'
import { createLogger, background } from './logger.js'
import { Settings, type GroupEntry } from './settings.js'
import { SwarmNode, type Admission, type NetworkOptions, type Peer } from './network/swarm-node.js'
import { parseHostPort, type HostPort } from './network/bootstrap-list.js'
import { networkFromSetting } from './network/network-setting.js'
import { Workgroup } from './workgroups/workgroup.js'
import { InviteDesk } from './workgroups/pairing.js'
import type { MemberRecord } from './workgroups/roster-ops.js'
import { answerInvites } from './workgroups/admission.js'
import { describeMember } from './workgroups/describe.js'
import type { Member } from '../../shared/types.js'
import { ShareHost } from './shares/share-host.js'
import { SyncHost } from './shares/sync-host.js'
import { resolveShare } from './shares/resolve-share.js'
import type { ShareRecord } from './workgroups/roster-ops.js'
import type { PrinterRecord } from './workgroups/roster-ops.js'
import { PrintHost, type PrintingOptions } from './printers/print-host.js'
import { FastLane } from './network/fast-lane.js'

const log = createLogger('engine')

/**
 * RocksDB's memtable for the store: 8 MiB, not hypercore-storage's 64 MiB. A share of 100,000 files
 * fills the default one, and the process keeps that memory afterwards (30 MiB more resident, measured).
 */
const STORE_WRITE_BUFFER = 8 * 1024 * 1024

/**
 * Decoded Hyperbee nodes kept in memory, for all the store's bees together. Without a cache of the
 * store's own, each bee keeps up to 65,536 (hyperbee's default): a share of 100,000 files filled its
 * drive's, and the heap during its history copy was 147 MiB instead of 78 (peak RSS 368 -> 296 MiB),
 * with the same CPU time for the import and the copy.
 */
const STORE_CACHED_NODES = 4096

export interface EngineOptions {
  dataDir: string
  network?: NetworkOptions
  /**
   * Take the network mode (public DHT and LAN, LAN only, or bootstrap nodes) from settings.json, over
   * `network`: hosts set it when the user gave no network flags.
   */
  savedNetwork?: boolean
  /** How long a device redeeming one of our invites may stay connected without being a member. */
  pairingGraceMs?: number
  /** A transfer with no progress and no peer for this long fails as UNAVAILABLE (default 20 s). */
  stallTimeoutMs?: number
  /**
   * How long after a change an owned share's new contents are copied into the owner's store for
   * history (default 30 s: after a transfer, not during it; 0: as part of each scan).
   */
  historyDelayMs?: number
  /** Printing: the CUPS environment (CUPS_SERVER), the owner's job limits, a backend to use instead. */
  printing?: PrintingOptions
}

export class Engine extends ReadyResource {
  readonly dataDir: string
  #network: NetworkOptions
  readonly events = new EventLog()
  readonly groups = new Map<string, Workgroup>()
  readonly #opts: EngineOptions
  #identity: Identity | null = null
  #settings: Settings | null = null
  #store: Corestore | null = null
  #node: SwarmNode | null = null
  #pairing: BlindPairing | null = null
  #desk: InviteDesk | null = null
  #shares: ShareHost | null = null
  #syncs: SyncHost | null = null
  #lane: FastLane | null = null
  #printing: PrintHost | null = null
  /** "groupId:key" of every member we are connected to, per group. */
  #online = new Map<string, { groupId: string; key: string }>()
  #connected = new Set<string>()
  #replicated = new WeakSet<object>()
  #redeeming = 0
  readonly #abort = new AbortController()

  constructor(opts: EngineOptions) {
    super()
    this.#opts = opts
    this.dataDir = path.resolve(opts.dataDir)
    this.#network = opts.network ?? {}
  }

  /** The network options the engine runs with (with the saved mode once open, under `savedNetwork`). */
  get networkOptions(): NetworkOptions {
    return this.#network
  }

  get identity(): Identity {
    return need(this.#identity)
  }
  get settings(): Settings {
    return need(this.#settings)
  }
  get store(): Corestore {
    return need(this.#store)
  }
  get node(): SwarmNode {
    return need(this.#node)
  }
  get pairing(): BlindPairing {
    return need(this.#pairing)
  }
  get desk(): InviteDesk {
    return need(this.#desk)
  }
  get shares(): ShareHost {
    return need(this.#shares)
  }
  /** The LAN fast lane between members (TCP), beside the swarm's connections. */
  get lane(): FastLane {
    return need(this.#lane)
  }

  get syncs(): SyncHost {
    return need(this.#syncs)
  }
  get printing(): PrintHost {
    return need(this.#printing)
  }
  get historyDelayMs(): number {
    return this.#opts.historyDelayMs ?? 30_000
  }

  get stallTimeoutMs(): number {
    return this.#opts.stallTimeoutMs ?? 20_000
  }
  get signal(): AbortSignal {
    return this.#abort.signal
  }

  /** Throws CLOSED once the engine is closing: every service call checks it first. */
  assertOpen(): void {
    if (this.closing || this.closed) throw new AppError('CLOSED', 'The Peerdesk engine is shutting down')
  }

  isOnline(key: string): boolean {
    return key === this.identity.key || this.#connected.has(key)
  }

  lastSeen(key: string): number | null {
    let latest: number | null = null
    for (const entry of this.settings.data.groups) {
      const seen = entry.lastSeen[key]
      if (seen !== undefined && (latest === null || seen > latest)) latest = seen
    }
    return latest
  }

  override async _open(): Promise<void> {
    try {
      await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 })
      this.#identity = await loadIdentity(this.dataDir)
      this.#settings = await Settings.load(this.dataDir)
      if (this.#opts.savedNetwork) {
        this.#network = { ...this.#network, ...networkFromSetting(this.#settings.data.network) }
      }
      this.#store = new Corestore(
        new CoreStorage(path.join(this.dataDir, 'store'), {
          writeBufferSize: STORE_WRITE_BUFFER,
          // No block cache (hypercore-storage asks for RocksDB's default, 32 MiB): the history copy of
          // 100,000 small files filled it, 30-35 MiB more resident during the copy (measured), for reads
          // the OS's page cache answers. The copy's CPU time did not change. Each table then keeps its
          // index and filter itself (they are small).
          blockCache: false,
          tableCacheIndexAndFilterBlocks: false,
        }),
        { globalCache: new Rache({ maxSize: STORE_CACHED_NODES }) },
      )
      await this.#store.ready()
      this.#node = new SwarmNode({
        ...this.networkOptions,
        peers: [...(this.networkOptions.peers ?? []), ...savedPeers(this.settings.data.peers)],
        keyPair: this.identity.keyPair,
        admit: (key) => this.#admit(key),
        ...(this.#opts.pairingGraceMs ? { pairingGraceMs: this.#opts.pairingGraceMs } : {}),
      })
      this.#node.on('peer', (peer: Peer) => this.#onPeer(peer))
      this.#node.on('peer-closed', () => this.#updatePresence())
      await this.#node.ready()
      this.#lane = new FastLane({
        keyPair: this.identity.keyPair,
        ...(this.networkOptions.host ? { host: this.networkOptions.host } : {}),
        isMember: (key) => [...this.groups.values()].some((g) => g.roster.has(key)),
      })
      await this.#lane.listen()
      // The shares' metadata replicates over the lane too: thousands of small blocks move faster
      // over TCP than over UDX.
      this.#lane.on('lane', (stream: Duplex) => this.store.replicate(stream))
      for (const peer of this.#node.peers()) this.#lane.attach(peer)
      this.#pairing = new BlindPairing(this.#node.swarm, { poll: 5000 })
      this.#desk = new InviteDesk(this.#pairing)
      for (const entry of this.settings.data.groups) {
        await this.openGroup(entry).catch((err: unknown) => log.error(`could not open group: ${String(err)}`))
      }
      this.#shares = new ShareHost(this)
      await this.#shares.ready()
      this.#syncs = new SyncHost(this, this.#shares)
      this.#printing = new PrintHost(this, this.#opts.printing)
      await this.#printing.ready()
      // Syncs wait for their share's owner: resume them in the background.
      background(
        log,
        'resume syncs',
        this.#syncs.resumeSaved((id) => resolveShare(this, id)),
      )
    } catch (err) {
      // ready-resource skips _close after a failed open: release what was opened (all optional).
      await this._close().catch(() => undefined)
      throw err
    }
  }

  override async _close(): Promise<void> {
    this.#abort.abort()
    await this.#printing?.close()
    await this.#syncs?.close()
    await this.#shares?.close()
    await this.#desk?.close()
    await this.#pairing?.close()
    for (const group of this.groups.values()) await group.close().catch(() => undefined)
    this.groups.clear()
    await this.#lane?.close()
    await this.#node?.close()
    await this.#store?.close()
    await this.#settings?.flush()
    this.events.clear()
  }

  /** Sleep (the Electron shell calls it): close connections and stop announcing until resume(). */
  async suspend(): Promise<void> {
    if (!this.opened || this.closing) return
    await this.#pairing?.suspend()
    await this.node.suspend()
  }

  /** Wake: rebind, announce again and reconnect the members. */
  async resume(): Promise<void> {
    if (!this.opened || this.closing) return
    await this.node.resume()
    this.#pairing?.resume()
    this.#keepMembersConnected()
  }

  /** Open a group this device belongs to: replicate it and keep its members connected. */
  async openGroup(entry: GroupEntry): Promise<Workgroup> {
    const group = new Workgroup({
      store: this.store.namespace(entry.namespace),
      key: entry.key ? Buffer.from(entry.key, 'hex') : null,
      encryptionKey: Buffer.from(entry.encryptionKey, 'hex'),
    })
    await group.ready()
    this.groups.set(group.id, group)
    group.on('roster', (before: Map<string, MemberRecord>, after: Map<string, MemberRecord>) =>
      this.#onRoster(group, before, after),
    )
    group.on('shares', (before: Map<string, ShareRecord>, after: Map<string, ShareRecord>) =>
      this.#onShares(group, before, after),
    )
    group.on('printers', (before: Map<string, PrinterRecord>, after: Map<string, PrinterRecord>) =>
      this.#printing?.onPrinters(group, before, after),
    )
    // A group we are joining admits whoever is on its topic until its roster arrives. A device we
    // refused earlier (say its admin, after it removed us from another group) stays banned by the
    // swarm otherwise, and the roster never comes.
    if (group.roster.size === 0) this.node.forgiveAll()
    this.node.join(group.discoveryKey)
    this.#onRoster(group, new Map(), group.roster as Map<string, MemberRecord>)
    return group
  }

  /** Stop replicating a group and forget it on this device. */
  async closeGroup(group: Workgroup): Promise<void> {
    this.groups.delete(group.id)
    const key = group.key.toString('hex')
    await this.node.leave(group.discoveryKey).catch(() => undefined)
    await group.close()
    await this.settings.update((data) => {
      data.groups = data.groups.filter((g) => g.key !== key)
    })
    this.node.recheck()
    this.#lane?.recheck()
    this.#keepMembersConnected()
    this.#updatePresence()
  }

  /** Hold connections open for pairing while this device redeems an invite. */
  async whileRedeeming<T>(work: () => Promise<T>): Promise<T> {
    this.#redeeming++
    try {
      return await work()
    } finally {
      this.#redeeming--
    }
  }

  /** Resolves when `test` holds for the group's roster, or fails with TIMEOUT. */
  waitForRoster(
    group: Workgroup,
    test: (roster: ReadonlyMap<string, MemberRecord>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    if (test(group.roster)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const done = (err?: AppError) => {
        clearTimeout(timer)
        group.off('roster', check)
        if (err) reject(err)
        else resolve()
      }
      const check = () => {
        if (test(group.roster)) done()
      }
      const timer = setTimeout(
        () => done(new AppError('TIMEOUT', `Timed out waiting for ${what}`)),
        timeoutMs,
      )
      group.on('roster', check)
    })
  }

  #admit(key: string): Admission {
    if (this.closing) return 'reject'
    for (const group of this.groups.values()) {
      // A group we just joined has no roster yet: its first peers are how we learn it.
      if (group.roster.size === 0 || group.roster.has(key)) return 'member'
    }
    if (this.#redeeming > 0 || this.#desk?.hasLiveInvites()) return 'pairing'
    return 'reject'
  }

  #onPeer(peer: Peer): void {
    if (!this.#replicated.has(peer.conn)) {
      this.#replicated.add(peer.conn)
      this.store.replicate(peer.conn)
    }
    this.#lane?.attach(peer)
    this.#updatePresence()
  }

  #onRoster(group: Workgroup, before: Map<string, MemberRecord>, after: Map<string, MemberRecord>): void {
    const self = this.identity.key
    if (before.size > 0) {
      for (const [key, member] of after) {
        const old = before.get(key)
        if (!old)
          this.events.emit('member.joined', { groupId: group.id, member: this.describe(group, member) })
        else if (old.name !== member.name) {
          this.events.emit('member.renamed', { groupId: group.id, key, name: member.name })
        }
      }
      for (const key of before.keys()) {
        if (after.has(key)) continue
        background(log, 'member departure', this.#onDeparture(group, key))
      }
    }
    this.node.recheck()
    this.#lane?.recheck()
    this.#keepMembersConnected()
    this.#updatePresence()
    if (after.get(self)?.role === 'admin') background(log, 'answer invites', this.#answerInvites(group))
    if (before.size > 0) this.events.emit('group.updated', { groupId: group.id })
  }

  #onShares(group: Workgroup, before: Map<string, ShareRecord>, after: Map<string, ShareRecord>): void {
    if (!this.#shares) return
    const shares = this.#shares
    for (const [id, record] of after) {
      if (before.has(id)) continue
      background(
        log,
        'announce share',
        shares
          .describe({ group, record })
          .then((share) => this.events.emit('share.added', { groupId: group.id, share })),
      )
    }
    for (const id of before.keys()) {
      if (after.has(id)) continue
      this.events.emit('share.removed', { groupId: group.id, shareId: id })
      background(log, 'forget share', Promise.all([shares.forget(id), this.syncs.forget(id)]))
    }
  }

  async #onDeparture(group: Workgroup, key: string): Promise<void> {
    const removal = await group.removal(key)
    if (removal) this.events.emit('member.removed', { groupId: group.id, key, by: removal.by })
    else this.events.emit('member.left', { groupId: group.id, key })
    // Our own leave is closed by workgroup.leave once the op had a chance to reach the others.
    if (key === this.identity.key && removal && this.groups.has(group.id)) {
      log.info(`this device was removed from group ${group.id}`)
      await this.closeGroup(group)
      this.events.emit('group.left', { groupId: group.id })
    }
  }

  async #answerInvites(group: Workgroup): Promise<void> {
    await answerInvites(this, group)
  }

  #keepMembersConnected(): void {
    const keys = new Set<string>()
    for (const group of this.groups.values()) for (const key of group.roster.keys()) keys.add(key)
    keys.delete(this.identity.key)
    this.node.keepConnected(keys)
  }

  /** Emits online/offline per group and member, from who is connected and who is in each roster. */
  #updatePresence(): void {
    if (!this.#node || this.closing) return
    const connected = this.node.memberKeys()
    const now = new Map<string, { groupId: string; key: string }>()
    for (const group of this.groups.values()) {
      for (const key of group.roster.keys()) {
        if (connected.has(key)) now.set(`${group.id}:${key}`, { groupId: group.id, key })
      }
    }
    for (const [pair, who] of now) {
      if (!this.#online.has(pair)) this.events.emit('member.online', who)
    }
    const at = Date.now()
    const gone: { groupId: string; key: string }[] = []
    for (const [pair, who] of this.#online) if (!now.has(pair)) gone.push(who)
    this.#online = now
    this.#connected = connected
    if (gone.length === 0) return
    background(
      log,
      'save last seen',
      this.settings.update((data) => {
        for (const entry of data.groups) for (const { key } of gone) entry.lastSeen[key] = at
      }),
    )
    for (const who of gone) {
      if (this.groups.get(who.groupId)?.roster.has(who.key)) {
        this.events.emit('member.offline', { ...who, lastSeen: at })
      }
    }
  }

  describe(group: Workgroup, member: MemberRecord): Member {
    return describeMember(this, group, member)
  }
}

/** Saved "host:port" peers; an entry that no longer parses is skipped rather than fatal. */
function savedPeers(peers: readonly string[]): HostPort[] {
  return peers.flatMap((text) => {
    try {
      return [parseHostPort(text)]
    } catch {
      return []
    }
  })
}

function need<T>(value: T | null): T {
  if (value === null) throw new AppError('CLOSED', 'The Peerdesk engine is not open')
  return value
}
