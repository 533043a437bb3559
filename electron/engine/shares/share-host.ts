// The engine's shared folders: the drives this device owns (kept current from its folders), readers
// of the group's other shares (opened on demand), live syncs, and the transfers they run.
import fs from 'node:fs/promises'
import path from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import ReadyResource from 'ready-resource'
import type Hyperdrive from 'hyperdrive'
import { AppError } from '../../../shared/errors.js'
import { withTimeout } from '../with-timeout.js'
import type { Share, Transfer } from '../../../shared/types.js'
import type { Engine } from '../engine.js'
import { background, createLogger } from '../logger.js'
import type { ShareRecord } from '../workgroups/roster-ops.js'
import { ownerOf } from '../workgroups/describe.js'
import type { Workgroup } from '../workgroups/workgroup.js'
import { ShareOwner } from './share-owner.js'
import { ShareReader } from './share-reader.js'
import { TransferRegistry, type TransferHandle, type TransferInfo } from './transfers.js'
import { ContentHost } from './content-host.js'
import type { ContentAccess } from './download.js'
import type { Peer } from '../network/swarm-node.js'
import Protomux from 'protomux'
import type { Duplex } from 'node:stream'

const log = createLogger('shares')

/** How long browsing waits for a peer that has the share before saying it is unavailable. */
const AVAILABLE_TIMEOUT_MS = 15_000
const STATS_TIMEOUT_MS = 3000

export interface ShareRef {
  group: Workgroup
  record: ShareRecord
}

export class ShareHost extends ReadyResource {
  readonly transfers = new TransferRegistry()
  readonly #engine: Engine
  readonly #owners = new Map<string, ShareOwner>()
  readonly #readers = new Map<string, Promise<ShareReader>>()
  readonly #stats = new Map<string, { files: number; bytes: number }>()
  /** What this device can give members (its shares and the copies it fetched), and how it asks them. */
  readonly content: ContentHost
  readonly #onPeer = (peer: Peer): void => this.attachPeer(peer)
  /** Whether this device holds a copy of a content (downloaded or synced, unchanged since). */
  readonly #holds = (hash: string): boolean => this.content.index.has(hash, () => true)
  readonly #onLane = (stream: Duplex, remoteKey: string): void => {
    try {
      this.content.attach(Protomux.from(stream), remoteKey, { preferred: true })
    } catch (err) {
      log.warn(`no content channel on the lane with ${remoteKey.slice(0, 8)}: ${String(err)}`)
    }
  }

  constructor(engine: Engine) {
    super()
    this.#engine = engine
    this.content = new ContentHost({
      allowed: (remoteKey, group) => engine.groups.get(group)?.roster.has(remoteKey) ?? false,
    })
  }

  #knownFile(namespace: string): string {
    return path.join(this.#engine.dataDir, 'shares', `${namespace}.json`)
  }

  /** A content channel on a member's connection. */
  attachPeer(peer: Peer): void {
    if (peer.admission !== 'member' || this.closing) return
    try {
      this.content.attach(Protomux.from(peer.conn as unknown as Duplex), peer.key)
    } catch (err) {
      log.warn(`no content channel with ${peer.key.slice(0, 8)}: ${String(err)}`)
    }
  }

  /** How a download or sync in `group` reaches its members' copies. */
  contentAccess(group: Workgroup): ContentAccess {
    return this.content.access(group.id, (key) => group.roster.has(key))
  }

  override async _open(): Promise<void> {
    const emit = (
      kind: 'started' | 'progressed' | 'completed' | 'failed' | 'cancelled',
      info: TransferInfo,
    ) => this.#engine.events.emit(`transfer.${kind}`, { transfer: info as Transfer })
    this.transfers.on('started', (info: TransferInfo) => emit('started', info))
    this.transfers.on('progressed', (info: TransferInfo) => emit('progressed', info))
    this.transfers.on('finished', (info: TransferInfo) =>
      emit(info.state === 'done' ? 'completed' : info.state === 'cancelled' ? 'cancelled' : 'failed', info),
    )
    this.#engine.node.on('peer', this.#onPeer)
    for (const peer of this.#engine.node.peers()) this.attachPeer(peer)
    this.#engine.lane.on('lane', this.#onLane)
    for (const entry of this.#engine.settings.data.ownShares) {
      await this.#openOwner(entry.id, entry.namespace, entry.folder, entry.group).catch((err: unknown) =>
        log.error(`could not reopen the share of ${entry.folder}: ${String(err)}`),
      )
    }
  }

  override async _close(): Promise<void> {
    this.#engine.node.off('peer', this.#onPeer)
    this.#engine.lane.off('lane', this.#onLane)
    this.content.close()
    this.transfers.close()
    for (const owner of this.#owners.values()) await owner.close().catch(() => undefined)
    this.#owners.clear()
    for (const reader of this.#readers.values())
      await (await reader.catch(() => null))?.close().catch(() => undefined)
    this.#readers.clear()
  }

  /**
   * Share a folder with a group: announce it in the roster, then import it. Members see the share at
   * once and its files as the import commits them (every BATCH_FILES files), so their copy of the
   * listing arrives while this device is still hashing rather than after it. A first import that
   * fails takes the share off the group again; one cut short by the engine stopping is finished at
   * the next start.
   */
  async create(group: Workgroup, folder: string, name: string | undefined): Promise<string> {
    const stat = await fs.stat(folder).catch(() => null)
    if (!stat?.isDirectory()) throw new AppError('NOT_FOUND', `${folder} is not a folder on this device`)
    const shareName = name ?? (path.basename(folder) || 'Shared folder')
    const self = this.#engine.identity.key
    for (const record of group.shares.values()) {
      if (record.owner === self && record.name === shareName) {
        throw new AppError('CONFLICT', `You already share a folder named "${shareName}" in this group`)
      }
    }
    const namespace = randomBytes(16).toString('hex')
    const groupKey = group.key.toString('hex')
    const owner = await this.#startOwner(null, namespace, folder, groupKey)
    const id = shareId(owner.drive)
    let announced = false
    try {
      await this.#engine.settings.update((data) =>
        data.ownShares.push({ id, group: groupKey, folder, namespace, drive: owner.key.toString('hex') }),
      )
      await group.append({
        op: 'share',
        id,
        name: shareName,
        drive: owner.key.toString('hex'),
        at: Date.now(),
      })
      announced = true
      await this.#engine.waitForRoster(group, () => group.shares.has(id), 15_000, 'the new share')
      await this.#firstScan(id, owner, folder)
    } catch (err) {
      // Stopped while importing: the share stays, and the next start finishes its scan.
      if (this.closing) throw err
      await this.#withdraw(group, id, announced).catch((why: unknown) =>
        log.error(`could not take the failed share of ${folder} off the group: ${String(why)}`),
      )
      throw err
    }
    return id
  }

  /** A new share whose first import failed: off the roster (when it was announced), closed, forgotten. */
  async #withdraw(group: Workgroup, id: string, announced: boolean): Promise<void> {
    try {
      if (announced) await group.append({ op: 'unshare', id, at: Date.now() })
    } finally {
      await this.forget(id)
    }
  }

  /** Stop sharing (the owner), or take a share off the group (an admin). */
  async remove({ group, record }: ShareRef): Promise<void> {
    const self = this.#engine.identity.key
    if (record.owner !== self && group.roster.get(self)?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the owner or an admin can stop sharing this folder')
    }
    await group.append({ op: 'unshare', id: record.id, at: Date.now() })
    await this.#engine.waitForRoster(group, () => !group.shares.has(record.id), 15_000, 'the removal')
    await this.forget(record.id)
  }

  /** Close what this device holds open for a share that is gone from its group. */
  async forget(id: string): Promise<void> {
    const owner = this.#owners.get(id)
    if (owner) {
      this.#owners.delete(id)
      await owner.close()
      const namespace = this.#engine.settings.data.ownShares.find((s) => s.id === id)?.namespace
      await this.#engine.settings.update((data) => {
        data.ownShares = data.ownShares.filter((s) => s.id !== id)
      })
      if (namespace) await fs.rm(this.#knownFile(namespace), { force: true })
    }
    const reader = this.#readers.get(id)
    this.#readers.delete(id)
    await (await reader?.catch(() => null))?.close()
  }

  async describe({ group, record }: ShareRef): Promise<Share> {
    const own = this.#owners.get(record.id)
    let stats = { files: 0, bytes: 0, localBytes: 0, version: 0 }
    let available = true
    try {
      const drive = await withTimeout(this.drive({ group, record }), STATS_TIMEOUT_MS, timedOut)
      const reader = own ? null : await this.#reader(group, record)
      const s = own
        ? this.#stats.get(record.id)
        : await withTimeout(
            reader!.summary(this.#holds, this.content.index.generation),
            STATS_TIMEOUT_MS,
            timedOut,
          )
      stats = {
        files: s?.files ?? 0,
        bytes: s?.bytes ?? 0,
        localBytes: own ? (s?.bytes ?? 0) : ((s as { localBytes?: number } | undefined)?.localBytes ?? 0),
        version: drive.version,
      }
    } catch {
      available = false
    }
    return {
      id: record.id,
      name: record.name,
      groupId: group.id,
      ...ownerOf(this.#engine, group, record.owner),
      folder: own?.folder ?? null,
      ...stats,
      available,
      createdAt: record.createdAt,
    }
  }

  /** The share's drive: ours, or a reader of the owner's, waiting until a peer has its metadata. */
  async drive({ group, record }: ShareRef): Promise<Hyperdrive> {
    const own = this.#owners.get(record.id)
    if (own) return own.drive
    const reader = await this.#reader(group, record)
    if (reader.drive.version <= 1 || reader.drive.core.length === 0) {
      const found = await withTimeout(reader.update({ wait: true }), AVAILABLE_TIMEOUT_MS, timedOut).catch(
        () => false,
      )
      if (!found && reader.drive.core.length === 0) throw unavailable(group, record)
    }
    return reader.drive
  }

  /** Run work as a transfer; returns its id at once. */
  run(
    kind: 'download' | 'restore',
    share: ShareRef,
    source: string,
    work: (handle: TransferHandle) => Promise<void>,
  ): string {
    const handle = this.transfers.start(kind, share.record.id, source, 0)
    background(
      log,
      `${kind} of ${share.record.name}${source}`,
      work(handle).then(
        () => handle.done(),
        (err: unknown) => {
          handle.fail(err)
        },
      ),
    )
    return handle.id
  }

  async dropLocalData(ref: ShareRef): Promise<number> {
    if (this.#owners.has(ref.record.id)) {
      throw new AppError('BAD_REQUEST', 'This is your own share: stop sharing it instead')
    }
    const reader = await this.#reader(ref.group, ref.record)
    // What the store held (copies in the user's folders are not touched).
    const before = (await reader.stats().catch(() => null))?.localBytes ?? 0
    await reader.drive.clearAll()
    const after = (await reader.stats().catch(() => null))?.localBytes ?? 0
    return Math.max(0, before - after)
  }

  /** Reopen one of this device's shares at start-up and rescan its folder. */
  async #openOwner(id: string, namespace: string, folder: string, groupKey: string): Promise<void> {
    const owner = await this.#startOwner(id, namespace, folder, groupKey)
    try {
      await this.#firstScan(id, owner, folder)
    } catch (err) {
      this.#owners.delete(id)
      await owner.close()
      throw err
    }
  }

  /** Open the owner of a share (not scanned yet) and keep it under its id. */
  async #startOwner(
    knownId: string | null,
    namespace: string,
    folder: string,
    groupKey: string,
  ): Promise<ShareOwner> {
    const group = [...this.#engine.groups.values()].find((g) => g.key.toString('hex') === groupKey)
    if (!group) throw new AppError('NOT_FOUND', 'The group of this share is not open')
    const owner = new ShareOwner({
      store: this.#engine.store.namespace(`share-${namespace}`),
      folder,
      encryptionKey: encryptionKeyOf(group),
      // The first scan runs in #firstScan, as an import transfer.
      scanOnOpen: false,
      historyDelayMs: this.#engine.historyDelayMs,
      knownFile: this.#knownFile(namespace),
      contentIndex: {
        addFolder: (folder, lookup) => this.content.index.addFolder({ folder, group: group.id, lookup }),
        folderChanged: () => this.content.index.folderChanged(),
        removeFolder: (folder) => this.content.index.removeFolder(folder),
      },
    })
    await owner.ready()
    const id = knownId ?? shareId(owner.drive)
    this.#owners.set(id, owner)
    owner.on('updated', (result: { version: number; files: number; bytes: number }) => {
      this.#stats.set(id, { files: result.files, bytes: result.bytes })
      this.#engine.events.emit('share.updated', { shareId: id, version: result.version })
    })
    return owner
  }

  /** The scan a share starts with, shown as an import transfer: a large folder takes a while. */
  async #firstScan(id: string, owner: ShareOwner, folder: string): Promise<void> {
    const handle = this.transfers.start('import', id, folder, 0)
    const onProgress = (p: { bytesDone: number; bytesTotal: number }) =>
      handle.progress({ bytesDone: p.bytesDone, bytesTotal: p.bytesTotal })
    owner.on('progress', onProgress)
    try {
      const result = await owner.rescan()
      this.#stats.set(id, { files: result.files, bytes: result.bytes })
      handle.done()
    } catch (err) {
      handle.fail(err)
      throw err
    } finally {
      owner.off('progress', onProgress)
    }
  }

  #reader(group: Workgroup, record: ShareRecord): Promise<ShareReader> {
    let reader = this.#readers.get(record.id)
    if (!reader) {
      const opening = new ShareReader({
        store: this.#engine.store,
        key: Buffer.from(record.drive, 'hex'),
        encryptionKey: encryptionKeyOf(group),
      })
      reader = opening.ready().then(() => {
        let timer: NodeJS.Timeout | null = null
        // Tell views the share changed, a few times a second at most.
        opening.drive.core.on('append', () => {
          if (timer) return
          timer = setTimeout(() => {
            timer = null
            if (!opening.closing) {
              this.#engine.events.emit('share.updated', {
                shareId: record.id,
                version: opening.drive.version,
              })
            }
          }, 250)
        })
        return opening
      })
      reader.catch(() => this.#readers.delete(record.id))
      this.#readers.set(record.id, reader)
    }
    return reader
  }
}

/** A short id that every member computes the same way, and that is not the drive's key. */
export function shareId(drive: Hyperdrive): string {
  return drive.discoveryKey.toString('hex').slice(0, 16)
}

function encryptionKeyOf(group: Workgroup): Buffer {
  const key = group.base.encryptionKey
  if (!key) throw new AppError('INTERNAL', 'The group has no encryption key')
  // One key per share would need the roster to carry it; the group's key, hashed for this use, keeps
  // the roster free of secrets while the drive's blocks stay unreadable to anyone outside the group.
  return createHash('sha256').update('peerdesk/share/v1').update(key).digest()
}

function unavailable(group: Workgroup, record: ShareRecord): AppError {
  const owner = group.roster.get(record.owner)?.name ?? 'its owner'
  return new AppError(
    'UNAVAILABLE',
    `"${record.name}" is not available: ${owner} is offline and no other online member has it`,
  )
}

function timedOut(): AppError {
  return new AppError('TIMEOUT', 'Timed out')
}
