// The owner's side of a share: a Hyperdrive this device writes, kept equal to a local folder by a
// rescan at start-up and after every (debounced) change the file watcher reports.
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import ReadyResource from 'ready-resource'
import Hyperdrive, { type BlobId } from 'hyperdrive'
import type Corestore from 'corestore'
import { AppError } from '../../../shared/errors.js'
import { createLogger } from '../logger.js'
import { IGNORE_FILE, loadIgnoreFile, type IgnoreMatcher } from './ignore-file.js'
import { segmentProblem } from './safe-path.js'
import {
  entryMtime,
  entrySize,
  logKey,
  readLog,
  toAppError,
  type FileMeta,
  type LogRecord,
} from './share-drive.js'
import { PART_SUFFIX } from './download.js'

const log = createLogger('share-owner')

/**
 * Bytes per blob block. Hypercore's costs (hashing, a RocksDB write, a request, a proof, a verify) are
 * per block, so 256 KiB blocks cost about a quarter of hyperblobs' 64 KiB default per byte; in-flight
 * requests stay bounded in memory (the replicator keeps at most 512 per peer).
 */
export const BLOB_BLOCK = 256 * 1024
/** Files up to this size are read whole and appended in groups. */
const SMALL_FILE = BLOB_BLOCK
const GROUP_BYTES = 4 * 1024 * 1024
const GROUP_FILES = 512

/** The part of the blob core the grouped import uses (not in the minimal hyperdrive types). */
interface BlobCore {
  length: number
  byteLength: number
  append(blocks: Buffer[]): Promise<unknown>
}

export interface ShareOwnerOptions {
  /** A corestore namespaced for this share; the owner works on a session of it and closes only that. */
  store: Corestore
  folder: string
  encryptionKey: Buffer
  /** Omitted: the drive this namespace already holds, or a new one. */
  key?: Buffer | null
  /** Quiet time after the last file event before a rescan. */
  debounceMs?: number
  /** Also rescan this often, for changes a watcher missed (0: never). */
  rescanIntervalMs?: number
  /** false: only rescan when asked (tests, or a host that watches itself). */
  watch?: boolean
  /** false: the host runs the first scan itself (and awaits it), so none is scheduled at open. */
  scanOnOpen?: boolean
}

export interface ImportProgress {
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
}

export interface ScanResult extends LogRecord {
  version: number
  files: number
  bytes: number
  /** Local names a peer would refuse (for example 'CON' or 'a:b'), left out of the share. */
  skipped: { path: string; reason: string }[]
}

interface LocalFile {
  size: number
  mtime: number
  executable: boolean
}

export class ShareOwner extends ReadyResource {
  readonly folder: string
  readonly #opts: ShareOwnerOptions
  #drive: Hyperdrive | null = null
  #watcher: fs.FSWatcher | null = null
  #debounce: NodeJS.Timeout | null = null
  #interval: NodeJS.Timeout | null = null
  #queue: Promise<unknown> = Promise.resolve()
  #pending: Promise<ScanResult> | null = null
  #logLength: number | null = null

  constructor(opts: ShareOwnerOptions) {
    super()
    this.#opts = opts
    this.folder = path.resolve(opts.folder)
  }

  get drive(): Hyperdrive {
    if (!this.#drive) throw new Error('ShareOwner is not open')
    return this.#drive
  }

  get key(): Buffer {
    return this.drive.key
  }

  override async _open(): Promise<void> {
    const st = await fsp.stat(this.folder).catch(() => null)
    if (!st?.isDirectory()) throw toAppError({ code: 'ENOENT', message: this.folder }, 'share this folder')
    this.#drive = new Hyperdrive(this.#opts.store.session(), this.#opts.key ?? null, {
      encryptionKey: this.#opts.encryptionKey,
    })
    await this.#drive.ready()
    if (this.#opts.watch !== false) this.#startWatching()
    const every = this.#opts.rescanIntervalMs ?? 60_000
    if (every > 0 && this.#opts.watch !== false) {
      this.#interval = setInterval(() => this.#schedule(0), every)
    }
    // The start-up rescan finds what changed while we were not running.
    if (this.#opts.scanOnOpen !== false) this.#schedule(0)
  }

  override async _close(): Promise<void> {
    this.#watcher?.close()
    this.#watcher = null
    if (this.#debounce) clearTimeout(this.#debounce)
    if (this.#interval) clearInterval(this.#interval)
    await this.#queue.catch(() => undefined)
    await this.#drive?.close()
  }

  /** Bring the drive up to date with the folder now; concurrent calls share one scan. */
  rescan(): Promise<ScanResult> {
    if (this.closing) return Promise.reject(new AppError('CLOSED', 'This share is no longer shared'))
    if (this.#pending) return this.#pending
    const run = this.#queue.then(() => {
      this.#pending = null
      return this.#scan()
    })
    this.#pending = run
    this.#queue = run.catch(() => undefined)
    return run
  }

  #schedule(delay = this.#opts.debounceMs ?? 300): void {
    if (this.closing) return
    if (this.#debounce) clearTimeout(this.#debounce)
    this.#debounce = setTimeout(() => {
      this.#debounce = null
      this.rescan().catch((err: unknown) => {
        log.warn(`rescan of ${this.folder} failed: ${String(err)}`)
        this.emit('scan-failed', toAppError(err, 'rescan the shared folder'))
      })
    }, delay)
  }

  #startWatching(): void {
    const onEvent = (): void => this.#schedule()
    try {
      this.#watcher = fs.watch(this.folder, { recursive: true }, onEvent)
    } catch (err) {
      // No recursive watching here: watch the top folder and let the periodic rescan find the rest.
      log.info(`recursive watch unavailable (${String(err)}), watching the top folder only`)
      this.#watcher = fs.watch(this.folder, onEvent)
    }
    this.#watcher.on('error', (err) => log.warn(`watcher on ${this.folder}: ${err.message}`))
  }

  async #walk(ignore: IgnoreMatcher, skipped: ScanResult['skipped']): Promise<Map<string, LocalFile>> {
    const files = new Map<string, LocalFile>()
    const visit = async (rel: string): Promise<void> => {
      let dir: fs.Dir
      try {
        dir = await fsp.opendir(path.join(this.folder, rel))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
        throw err
      }
      for await (const dirent of dir) {
        const childRel = rel ? `${rel}/${dirent.name}` : dirent.name
        if (!rel && dirent.name === IGNORE_FILE) continue
        if (dirent.name.endsWith(PART_SUFFIX)) continue
        // Links are not shared: their targets may lie outside the folder the user chose.
        if (dirent.isSymbolicLink()) continue
        if (!dirent.isDirectory() && !dirent.isFile()) continue
        if (ignore.ignores(childRel, dirent.isDirectory())) continue
        const problem = segmentProblem(dirent.name)
        if (problem) {
          skipped.push({ path: childRel, reason: problem })
          continue
        }
        if (dirent.isDirectory()) {
          await visit(childRel)
          continue
        }
        const st = await fsp.lstat(path.join(this.folder, childRel)).catch(() => null)
        if (!st?.isFile()) continue
        files.set('/' + childRel, {
          size: st.size,
          mtime: st.mtimeMs,
          executable: (st.mode & 0o100) !== 0,
        })
      }
    }
    await visit('')
    return files
  }

  async #scan(): Promise<ScanResult> {
    const drive = this.drive
    const skipped: ScanResult['skipped'] = []
    const local = await this.#walk(await loadIgnoreFile(this.folder), skipped)
    const toWrite: string[] = []
    const seen = new Set<string>()
    let added = 0
    let changed = 0
    for await (const entry of drive.list('/')) {
      seen.add(entry.key)
      const file = local.get(entry.key)
      if (!file) continue
      // Size and mtime decide, as in rsync's quick check: reading every file on each rescan would
      // cost as much as the import itself.
      if (entrySize(entry) !== file.size || entryMtime(entry) !== file.mtime || entry.value.linkname) {
        toWrite.push(entry.key)
        changed++
      }
    }
    for (const key of local.keys()) {
      if (!seen.has(key)) {
        toWrite.push(key)
        added++
      }
    }
    const toRemove = [...seen].filter((key) => !local.has(key))
    let bytes = 0
    for (const file of local.values()) bytes += file.size
    if (toWrite.length === 0 && toRemove.length === 0) {
      return {
        version: drive.version,
        time: Date.now(),
        added,
        changed,
        removed: 0,
        files: local.size,
        bytes,
        skipped,
      }
    }

    const progress: ImportProgress = { filesDone: 0, filesTotal: toWrite.length, bytesDone: 0, bytesTotal: 0 }
    for (const key of toWrite) progress.bytesTotal += local.get(key)!.size
    this.emit('progress', { ...progress })
    // One batch per scan: readers see the folder change in one step, and history gets one version.
    const batch = drive.batch()
    try {
      const blobs = (await drive.getBlobs()).core as unknown as BlobCore
      // Small files are read whole and appended to the blob core many at a time: one append (one
      // RocksDB write, one tree update) per group instead of one per file.
      let group: { key: string; file: LocalFile; data: Buffer }[] = []
      let groupBytes = 0
      const flushGroup = async (): Promise<void> => {
        if (group.length === 0) return
        const pending = group
        group = []
        groupBytes = 0
        let blockOffset = blobs.length
        let byteOffset = blobs.byteLength
        const blocks: Buffer[] = []
        const ids: BlobId[] = []
        for (const { data } of pending) {
          const id: BlobId = { blockOffset, byteOffset, blockLength: 0, byteLength: data.length }
          for (let at = 0; at < data.length; at += BLOB_BLOCK) {
            blocks.push(data.subarray(at, at + BLOB_BLOCK))
            id.blockLength++
          }
          blockOffset += id.blockLength
          byteOffset += data.length
          ids.push(id)
        }
        if (blocks.length > 0) await blobs.append(blocks)
        for (let i = 0; i < pending.length; i++) {
          const { key, file } = pending[i]!
          const meta: FileMeta = { mtime: file.mtime }
          await batch.putEntry(key, {
            executable: file.executable,
            linkname: null,
            blob: ids[i]!,
            metadata: meta,
          })
          progress.filesDone++
          progress.bytesDone += file.size
        }
        this.emit('progress', { ...progress })
      }
      for (const key of toWrite) {
        const file = local.get(key)!
        const meta: FileMeta = { mtime: file.mtime }
        const full = path.join(this.folder, key)
        try {
          if (file.size <= SMALL_FILE) {
            const data = await fsp.readFile(full)
            group.push({ key, file: { ...file, size: data.length }, data })
            groupBytes += data.length
            if (groupBytes >= GROUP_BYTES || group.length >= GROUP_FILES) await flushGroup()
            continue
          }
          await flushGroup()
          // The blob stream stores each chunk it is given as one block: big blocks mean fewer
          // blocks to hash, store, request and verify on both sides.
          await pipeline(
            fs.createReadStream(full, { highWaterMark: BLOB_BLOCK }),
            batch.createWriteStream(key, { executable: file.executable, metadata: meta }),
          )
        } catch (err) {
          // Deleted or made unreadable since the walk: the next scan sees it as it is then.
          if (
            (err as NodeJS.ErrnoException).code === 'ENOENT' ||
            (err as NodeJS.ErrnoException).code === 'EACCES'
          ) {
            log.info(`skipping ${key}: ${String(err)}`)
            continue
          }
          throw err
        }
        progress.filesDone++
        progress.bytesDone += file.size
        this.emit('progress', { ...progress })
      }
      await flushGroup()
      for (const key of toRemove) await batch.del(key)
      const record: LogRecord = { time: Date.now(), added, changed, removed: toRemove.length }
      this.#logLength ??= (await readLog(drive)).length
      await batch.db.put(logKey(this.#logLength + 1), record)
      await batch.flush()
      this.#logLength++
      const result: ScanResult = { ...record, version: drive.version, files: local.size, bytes, skipped }
      this.emit('updated', result)
      return result
    } catch (err) {
      await batch.close().catch(() => undefined)
      throw toAppError(err, 'import the shared folder')
    }
  }
}
