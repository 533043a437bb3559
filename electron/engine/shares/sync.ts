// Keeps a local folder a live copy of a share: new, changed and deleted files follow the owner, and a
// file the user changed here is never overwritten: it is kept as a conflict copy and reported.
import fsp from 'node:fs/promises'
import path from 'node:path'
import ReadyResource from 'ready-resource'
import type Hyperdrive from 'hyperdrive'
import type { DriveEntry } from 'hyperdrive'
import { createLogger } from '../logger.js'
import { resolveInside, safeSegments } from './safe-path.js'
import { entryMtime, entrySize, entryVersionId, toAppError } from './share-drive.js'
import { writeEntryAtomically, type ContentAccess } from './download.js'

const log = createLogger('share-sync')

export interface ShareSyncOptions {
  /** The share's drive, from a ShareReader that stays open while the sync runs. */
  drive: Hyperdrive
  /** The folder to keep in step; created if missing. */
  folder: string
  /** Where the sync remembers what it wrote (outside `folder`, e.g. in the data folder). */
  stateFile: string
  /** This device's name, for conflict copies. */
  deviceName: string
  debounceMs?: number
  now?: () => Date
  /** Fetch from the members that hold each file (and serve what it wrote); else only the owner's drive. */
  content?: ContentAccess
}

export interface SyncConflict {
  path: string
  /** Where the user's version was kept, or null when it stayed in place (the owner deleted the file). */
  keptAs: string | null
  reason: 'changed-locally' | 'deleted-remotely' | 'not-a-file'
}

export interface SyncResult {
  version: number
  downloaded: string[]
  deleted: string[]
  conflicts: SyncConflict[]
  refused: { path: string; reason: string }[]
}

interface Known {
  id: string
  size: number
  mtime: number
}

interface SyncState {
  version: number
  files: Map<string, Known>
}

/** 'report (conflict from Ana's laptop 2025-03-02 14-05).pdf': no ':' so it is valid on Windows. */
export function conflictName(file: string, device: string, at: Date): string {
  const ext = path.extname(file)
  const stem = ext ? file.slice(0, -ext.length) : file
  const stamp = at.toISOString().slice(0, 16).replace('T', ' ').replace(':', '-')
  const who = device.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 40)
  return `${stem} (conflict from ${who} ${stamp})${ext}`
}

/** Events: 'synced' (SyncResult), 'conflict' (SyncConflict), 'sync-failed' (AppError). */
export class ShareSync extends ReadyResource {
  readonly #opts: ShareSyncOptions
  readonly folder: string
  #state: SyncState = { version: 0, files: new Map() }
  #paused = false
  #timer: NodeJS.Timeout | null = null
  #running: Promise<SyncResult | null> | null = null
  #again = false
  readonly #onAppend = (): void => this.#schedule()
  readonly #abort = new AbortController()

  constructor(opts: ShareSyncOptions) {
    super()
    this.#opts = opts
    this.folder = path.resolve(opts.folder)
  }

  get paused(): boolean {
    return this.#paused
  }

  override async _open(): Promise<void> {
    await fsp.mkdir(this.folder, { recursive: true })
    this.#state = await readState(this.#opts.stateFile)
    this.#opts.drive.core.on('append', this.#onAppend)
    this.#schedule(0)
  }

  override async _close(): Promise<void> {
    this.#opts.drive.core.off('append', this.#onAppend)
    if (this.#timer) clearTimeout(this.#timer)
    this.#abort.abort()
    await this.#running?.catch(() => undefined)
  }

  pause(): void {
    this.#paused = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  resume(): void {
    this.#paused = false
    this.#schedule(0)
  }

  /** Run one pass now (or join the one running) and return what it did; null while paused. */
  async syncNow(): Promise<SyncResult | null> {
    if (this.#paused || this.closing) return null
    if (this.#running) {
      this.#again = true
      await this.#running
      // A change that arrived during that pass is picked up by the pass it scheduled.
      return this.#running ?? null
    }
    this.#running = this.#pass().finally(() => {
      this.#running = null
      if (this.#again) {
        this.#again = false
        this.#schedule(0)
      }
    })
    return this.#running
  }

  #schedule(delay = this.#opts.debounceMs ?? 100): void {
    if (this.#paused || this.closing) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.syncNow().catch((err: unknown) => {
        const error = toAppError(err, 'sync the folder')
        log.warn(`sync of ${this.folder} failed: ${error.message}`)
        if (!this.closing) this.emit('sync-failed', error)
      })
    }, delay)
  }

  async #pass(): Promise<SyncResult> {
    const live = this.#opts.drive
    // A checkout is one consistent version, however the owner changes the share meanwhile.
    const drive = live.checkout(live.version)
    const result: SyncResult = {
      version: drive.version,
      downloaded: [],
      deleted: [],
      conflicts: [],
      refused: [],
    }
    try {
      const remote = new Set<string>()
      for await (const entry of drive.list('/')) {
        if (this.#abort.signal.aborted || this.#paused) break
        let rel: string
        try {
          rel = safeSegments(entry.key, { rooted: true }).join('/')
        } catch (err) {
          result.refused.push({ path: entry.key, reason: (err as Error).message })
          continue
        }
        if (entry.value.linkname) {
          result.refused.push({ path: entry.key, reason: 'symlinks are not synced' })
          continue
        }
        remote.add(rel)
        await this.#apply(drive, entry, rel, result)
      }
      if (!this.#abort.signal.aborted && !this.#paused) {
        for (const rel of [...this.#state.files.keys()]) {
          if (!remote.has(rel)) await this.#remove(rel, result)
        }
        this.#state.version = result.version
      }
    } finally {
      // What was applied before a failure (a full disk, say) is remembered either way.
      await writeState(this.#opts.stateFile, this.#state)
      await drive.close()
    }
    for (const conflict of result.conflicts) this.emit('conflict', conflict)
    this.emit('synced', result)
    return result
  }

  async #apply(drive: Hyperdrive, entry: DriveEntry, rel: string, result: SyncResult): Promise<void> {
    const id = entryVersionId(entry)
    const known = this.#state.files.get(rel)
    let target: string
    try {
      target = await resolveInside(this.folder, rel)
    } catch (err) {
      result.refused.push({ path: entry.key, reason: (err as Error).message })
      return
    }
    const local = await fsp.lstat(target).catch(() => null)
    // The owner has not changed it since we wrote it: keep whatever the user did with it.
    if (known?.id === id && local) return
    // The same file under a new id (entries written before they named their content get one at the
    // owner's first rescan): same size and mtime as we wrote it, and ours is untouched. Keep it.
    const mtime = entryMtime(entry)
    if (
      known &&
      local?.isFile() &&
      local.size === known.size &&
      local.mtimeMs === known.mtime &&
      entrySize(entry) === known.size &&
      mtime !== null &&
      Math.abs(mtime - known.mtime) < 1
    ) {
      this.#state.files.set(rel, { ...known, id })
      return
    }
    if (local && !local.isFile()) {
      result.conflicts.push({ path: rel, keptAs: null, reason: 'not-a-file' })
      return
    }
    if (local) {
      // A file already equal to the owner's (say the state file was lost) is adopted, not copied.
      if (
        !known &&
        local.size === entrySize(entry) &&
        mtime !== null &&
        Math.abs(local.mtimeMs - mtime) < 1
      ) {
        this.#state.files.set(rel, { id, size: local.size, mtime: local.mtimeMs })
        return
      }
      const ours = known && local.size === known.size && local.mtimeMs === known.mtime
      if (!ours) {
        const keptAs = await this.#keepConflictCopy(target)
        result.conflicts.push({ path: rel, keptAs, reason: 'changed-locally' })
      }
    }
    await writeEntryAtomically(drive, entry, target, {
      signal: this.#abort.signal,
      live: this.#opts.drive,
      ...(this.#opts.content ? { content: this.#opts.content } : {}),
    })
    const st = await fsp.stat(target)
    this.#state.files.set(rel, { id, size: entrySize(entry), mtime: st.mtimeMs })
    result.downloaded.push(rel)
  }

  async #remove(rel: string, result: SyncResult): Promise<void> {
    const known = this.#state.files.get(rel)!
    this.#state.files.delete(rel)
    let target: string
    try {
      target = await resolveInside(this.folder, rel)
    } catch {
      return
    }
    const local = await fsp.lstat(target).catch(() => null)
    if (!local) return
    if (local.isFile() && local.size === known.size && local.mtimeMs === known.mtime) {
      await fsp.rm(target, { force: true })
      result.deleted.push(rel)
      await removeEmptyParents(this.folder, path.dirname(target))
      return
    }
    // The user changed a file the owner deleted: it stays, now as the user's own file.
    result.conflicts.push({ path: rel, keptAs: null, reason: 'deleted-remotely' })
  }

  async #keepConflictCopy(target: string): Promise<string> {
    const dir = path.dirname(target)
    const base = conflictName(
      path.basename(target),
      this.#opts.deviceName,
      (this.#opts.now ?? (() => new Date()))(),
    )
    let name = base
    for (let n = 2; await exists(path.join(dir, name)); n++) {
      const ext = path.extname(base)
      name = `${base.slice(0, base.length - ext.length)} ${n}${ext}`
    }
    await fsp.rename(target, path.join(dir, name))
    return path.relative(this.folder, path.join(dir, name)).split(path.sep).join('/')
  }
}

async function exists(file: string): Promise<boolean> {
  return (await fsp.lstat(file).catch(() => null)) !== null
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  while (dir !== root && dir.startsWith(root + path.sep)) {
    try {
      await fsp.rmdir(dir)
    } catch {
      return
    }
    dir = path.dirname(dir)
  }
}

async function readState(file: string): Promise<SyncState> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as {
      version?: number
      files?: Record<string, Known>
    }
    return { version: Number(parsed.version) || 0, files: new Map(Object.entries(parsed.files ?? {})) }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn(`sync state ${file} unreadable, starting over`)
    return { version: 0, files: new Map() }
  }
}

async function writeState(file: string, state: SyncState): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  await fsp.writeFile(tmp, JSON.stringify({ version: state.version, files: Object.fromEntries(state.files) }))
  await fsp.rename(tmp, file)
}
