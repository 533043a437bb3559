// One workgroup: an Autobase every member writes its roster ops to, with a Hyperbee view that holds
// the roster. Emits 'roster' with the old and new member lists each time the view changes.
import ReadyResource from 'ready-resource'
import Autobase, { type ApplyNode } from 'autobase'
import Hyperbee from 'hyperbee'
import type Corestore from 'corestore'
import { createLogger } from '../logger.js'
import { applyOp, type RosterStore } from './roster-apply.js'
import {
  keys,
  type GroupMeta,
  type InviteRecord,
  type MemberRecord,
  type PrinterRecord,
  type RemovalRecord,
  type RosterOp,
  type ShareRecord,
} from './roster-ops.js'

const log = createLogger('workgroup')

type View = Hyperbee<unknown>

export interface WorkgroupOptions {
  store: Corestore
  /** Null to create a new group. */
  key: Buffer | null
  encryptionKey: Buffer
}

export class Workgroup extends ReadyResource {
  readonly #opts: WorkgroupOptions
  #base: Autobase<unknown, View> | null = null
  #roster = new Map<string, MemberRecord>()
  #shares = new Map<string, ShareRecord>()
  #printers = new Map<string, PrinterRecord>()
  #refreshing: Promise<void> = Promise.resolve()

  constructor(opts: WorkgroupOptions) {
    super()
    this.#opts = opts
  }

  get base(): Autobase<unknown, View> {
    if (!this.#base) throw new Error('Workgroup is not open')
    return this.#base
  }

  /** A short id that is the same on every device and is not the group's key. */
  get id(): string {
    return this.base.discoveryKey.toString('hex').slice(0, 16)
  }

  get key(): Buffer {
    return this.base.key
  }

  get discoveryKey(): Buffer {
    return this.base.discoveryKey
  }

  get writerKey(): string {
    return this.base.local.key.toString('hex')
  }

  /** The group's shares, as last read from the view. */
  get shares(): ReadonlyMap<string, ShareRecord> {
    return this.#shares
  }

  /** The group's printers, as last read from the view. */
  get printers(): ReadonlyMap<string, PrinterRecord> {
    return this.#printers
  }

  /** The last roster read from the view. */
  get roster(): ReadonlyMap<string, MemberRecord> {
    return this.#roster
  }

  override async _open(): Promise<void> {
    try {
      const { store, key, encryptionKey } = this.#opts
      this.#base = new Autobase<unknown, View>(store, key, {
        valueEncoding: 'json',
        ackInterval: 1000,
        encryptionKey,
        open: (viewStore) =>
          new Hyperbee(viewStore.get({ name: 'roster' }), {
            keyEncoding: 'utf-8',
            valueEncoding: 'json',
            extension: false,
          }),
        apply: (nodes, view, host) => applyNodes(nodes, view, host),
      })
      this.#base.on('update', () => this.refresh())
      this.#base.on('error', (err: Error) => log.warn(`autobase error: ${err.message}`))
      await this.#base.ready()
      await this.refresh()
    } catch (err) {
      // ready-resource skips _close after a failed open: release what was opened (all optional).
      await this._close().catch(() => undefined)
      throw err
    }
  }

  override async _close(): Promise<void> {
    await this.#refreshing.catch(() => undefined)
    await this.#base?.close()
  }

  async append(op: RosterOp): Promise<void> {
    await this.base.append(op)
  }

  async meta(): Promise<GroupMeta | null> {
    return (await this.base.view.get(keys.meta))?.value as GroupMeta | null
  }

  async invite(id: string): Promise<InviteRecord | null> {
    return ((await this.base.view.get(keys.invite(id)))?.value ?? null) as InviteRecord | null
  }

  async invites(): Promise<InviteRecord[]> {
    return this.#list<InviteRecord>('invites/')
  }

  async removal(device: string): Promise<RemovalRecord | null> {
    return ((await this.base.view.get(keys.removed(device)))?.value ?? null) as RemovalRecord | null
  }

  /** Re-read the roster and tell listeners what changed. Serialised, so diffs never interleave. */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing
      .then(async () => {
        if (this.closing) return
        const members = await this.#list<MemberRecord>('members/')
        const shares = await this.#list<ShareRecord>('shares/')
        const printers = await this.#list<PrinterRecord>('printers/')
        const before = this.#roster
        const sharesBefore = this.#shares
        const printersBefore = this.#printers
        this.#roster = new Map(members.map((m) => [m.key, m]))
        this.#shares = new Map(shares.map((s) => [s.id, s]))
        this.#printers = new Map(printers.map((p) => [p.id, p]))
        this.emit('roster', before, this.#roster)
        this.emit('shares', sharesBefore, this.#shares)
        this.emit('printers', printersBefore, this.#printers)
      })
      .catch((err: unknown) => log.warn(`roster refresh failed: ${String(err)}`))
    return this.#refreshing
  }

  async #list<T>(prefix: string): Promise<T[]> {
    const out: T[] = []
    for await (const entry of this.base.view.createReadStream({ gt: prefix, lt: prefix + '~' })) {
      out.push(entry.value as T)
    }
    return out
  }
}

async function applyNodes(
  nodes: ApplyNode<unknown>[],
  view: View,
  host: {
    addWriter(key: Buffer, opts?: { indexer?: boolean }): Promise<void>
    removeWriter(key: Buffer): Promise<void>
  },
): Promise<void> {
  const store: RosterStore = {
    get: async <T>(key: string) => ((await view.get(key, { update: false }))?.value ?? null) as T | null,
    put: (key, value) => view.put(key, value, { update: false }),
    del: (key) => view.del(key, { update: false }),
    list: async <T>(prefix: string) => {
      const out: T[] = []
      for await (const entry of view.createReadStream({ gt: prefix, lt: prefix + '~' }, { update: false })) {
        out.push(entry.value as T)
      }
      return out
    },
  }
  for (const node of nodes) {
    if (node.value === null) continue // an ack
    const result = await applyOp(node.value, node.from.key.toString('hex'), store, {
      addWriter: (key, opts) => host.addWriter(key, opts),
      removeWriter: (key) => host.removeWriter(key),
    })
    if (!result.applied) log.debug(`skipped roster op: ${result.reason ?? ''}`)
  }
}
