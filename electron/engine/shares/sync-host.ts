// The live syncs of this device: each keeps a local folder a copy of a share, survives restarts
// (settings), and reports what it did (sync.updated, sync.conflict).
import path from 'node:path'
import { createHash } from 'node:crypto'
import { AppError } from '../../../shared/errors.js'
import type { SyncInfo } from '../../../shared/types.js'
import type { Engine } from '../engine.js'
import { createLogger } from '../logger.js'
import type { SyncEntry } from '../settings.js'
import type { ShareHost, ShareRef } from './share-host.js'
import { ShareSync, type SyncConflict, type SyncResult } from './sync.js'

const log = createLogger('sync')

interface Running {
  sync: ShareSync
  info: SyncInfo
}

export class SyncHost {
  readonly #engine: Engine
  readonly #host: ShareHost
  readonly #running = new Map<string, Running>()
  #closed = false

  constructor(engine: Engine, host: ShareHost) {
    this.#engine = engine
    this.#host = host
  }

  /** Restart the syncs saved in settings; a share that is unreachable now starts when asked again. */
  async resumeSaved(resolve: (share: string) => Promise<ShareRef>): Promise<void> {
    for (const entry of this.#engine.settings.data.syncs) {
      if (this.#closed) return
      try {
        await this.#start(await resolve(entry.share), entry)
      } catch (err) {
        log.warn(`could not resume the sync of ${entry.share} into ${entry.dest}: ${String(err)}`)
      }
    }
  }

  async add(ref: ShareRef, dest: string): Promise<SyncInfo> {
    const entry: SyncEntry = { share: ref.record.id, dest: path.resolve(dest), paused: false }
    if (this.#running.has(keyOf(entry)))
      throw new AppError('CONFLICT', `${entry.dest} already syncs this share`)
    if (ref.record.owner === this.#engine.identity.key) {
      throw new AppError('BAD_REQUEST', 'This is your own share: its folder is already the original')
    }
    const info = await this.#start(ref, entry)
    await this.#engine.settings.update((data) => data.syncs.push(entry))
    return info
  }

  async remove(shareId: string, dest: string): Promise<void> {
    const key = keyOf({ share: shareId, dest: path.resolve(dest) })
    const running = this.#running.get(key)
    if (!running) throw new AppError('NOT_FOUND', `${dest} does not sync this share`)
    this.#running.delete(key)
    await running.sync.close()
    // Its files stay on disk, but they are the user's own now: no longer served to members.
    this.#host.content.index.removeFolder(running.sync.folder)
    await this.#engine.settings.update((data) => {
      data.syncs = data.syncs.filter((s) => keyOf(s) !== key)
    })
  }

  /** Stop every sync of a share that left its group. */
  async forget(shareId: string): Promise<void> {
    for (const [key, running] of this.#running) {
      if (running.info.share !== shareId) continue
      this.#running.delete(key)
      await running.sync.close()
      this.#host.content.index.removeFolder(running.sync.folder)
    }
    if (!this.#engine.settings.data.syncs.some((s) => s.share === shareId)) return
    await this.#engine.settings.update((data) => {
      data.syncs = data.syncs.filter((s) => s.share !== shareId)
    })
  }

  list(): SyncInfo[] {
    return [...this.#running.values()].map((r) => ({ ...r.info }))
  }

  async setPaused(paused: boolean, shareId: string | null): Promise<SyncInfo[]> {
    for (const running of this.#running.values()) {
      if (shareId && running.info.share !== shareId) continue
      if (paused) running.sync.pause()
      else running.sync.resume()
      running.info.paused = paused
      this.#engine.events.emit('sync.updated', { sync: { ...running.info } })
    }
    await this.#engine.settings.update((data) => {
      for (const entry of data.syncs) if (!shareId || entry.share === shareId) entry.paused = paused
    })
    return this.list()
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const running of this.#running.values()) await running.sync.close().catch(() => undefined)
    this.#running.clear()
  }

  async #start(ref: ShareRef, entry: SyncEntry): Promise<SyncInfo> {
    const drive = await this.#host.drive(ref)
    if (this.#closed) throw new AppError('CLOSED', 'Peerdesk is shutting down')
    const stateFile = path.join(this.#engine.dataDir, 'sync', `${keyOf(entry)}.json`)
    const sync = new ShareSync({
      drive,
      folder: entry.dest,
      stateFile,
      deviceName: this.#engine.settings.data.name,
      content: this.#host.contentAccess(ref.group),
    })
    const info: SyncInfo = {
      share: entry.share,
      dest: entry.dest,
      paused: entry.paused,
      state: 'syncing',
      lastSyncedAt: null,
      conflicts: 0,
      error: null,
    }
    const changed = () => this.#engine.events.emit('sync.updated', { sync: { ...info } })
    sync.on('synced', (_result: SyncResult) => {
      info.state = 'idle'
      info.lastSyncedAt = Date.now()
      info.error = null
      changed()
    })
    sync.on('conflict', (conflict: SyncConflict) => {
      info.conflicts++
      this.#engine.events.emit('sync.conflict', {
        share: entry.share,
        dest: entry.dest,
        path: conflict.path,
        keptAs: conflict.keptAs,
        reason: conflict.reason,
      })
    })
    sync.on('sync-failed', (err: Error) => {
      info.state = 'error'
      info.error = err.message
      changed()
    })
    if (entry.paused) sync.pause()
    await sync.ready()
    // A start that finished after close() (resuming runs in the background) must not outlive it.
    if (this.#closed) {
      await sync.close()
      throw new AppError('CLOSED', 'Peerdesk is shutting down')
    }
    this.#running.set(keyOf(entry), { sync, info })
    return { ...info }
  }
}

function keyOf(entry: { share: string; dest: string }): string {
  return createHash('sha256').update(`${entry.share}\n${entry.dest}`).digest('hex').slice(0, 24)
}
