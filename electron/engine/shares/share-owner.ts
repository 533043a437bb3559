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
  BLOBS_PREFIX,
  HASHES_PREFIX,
  entryContent,
  entryMtime,
  entrySize,
  logKey,
  readLog,
  toAppError,
  type FileMeta,
  type LogRecord,
} from './share-drive.js'
import { ChunkHasher, HASH_BYTES, hashChunk, hashFile, type ContentRef } from './content-hash.js'
import { readSmallFile } from './read-fully.js'
import { PART_SUFFIX } from './download.js'
import { loadKnown, saveKnown } from './known-files.js'
import { FileRecord, type KnownEntry } from './file-record.js'
import { DigestSet } from './digest-index.js'
import { FolderWatcher } from './folder-watcher.js'
import type { ContentSource } from './content-index.js'

type HashedFile = Awaited<ReturnType<typeof hashFile>>
/** Files hashed ahead of the one being written. */
const HASH_AHEAD = 8
/**
 * An import commits at least this often, so its batch stays small in memory (a Hyperbee batch keeps
 * every node it writes until it is flushed: 10,000 files held about 70 MiB more at the peak).
 */
const BATCH_FILES = 2_000
/**
 * The history copy commits every this many contents. Its keys are content hashes, random, so each of
 * a batch's puts changes its own path of the drive's tree, all held until the flush: with 2,000 the
 * engine's peak while copying 100,000 small files was 146-155 MiB, with 500 136-145 (measured), for
 * the same CPU time within the runs' spread.
 */
const HISTORY_BATCH_FILES = 500
/** The history copy waits for a quiet moment, but never more than this many delays. */
const HISTORY_MAX_WAITS = 10
/** The history copy reads small files synchronously, and lets the event loop run every this many. */
const YIELD_FILES = 64
/** Just past every key that starts with BLOBS_PREFIX ('/' + 1). */
const BLOBS_END = BLOBS_PREFIX.slice(0, -1) + '0'

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
  /**
   * When the owner copies new contents into its drive for history: 0 (default) as part of each scan;
   * otherwise this long after the last scan that changed something, off the path of a transfer.
   */
  historyDelayMs?: number
  /** Told what each shared file holds, so the host can serve it to members. */
  contentIndex?: OwnerContentIndex
  /** Where to keep the record of the drive's files between runs (a restart then skips listing it). */
  knownFile?: string
}

/** The part of the host's content index an owner answers to. */
export interface OwnerContentIndex {
  /** The owner answers for the files of `folder`: which one holds a content. */
  addFolder(folder: string, lookup: (hash: string) => ContentSource | null): void
  /** What the folder holds changed. */
  folderChanged(): void
  removeFolder(folder: string): void
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

/**
 * What a walk found: the files it kept (the rest were unchanged), in columns (a first import keeps
 * 100,000: as a Map of objects they took twice the memory), and how many files and bytes in all.
 */
interface WalkResult {
  keys: string[]
  sizes: number[]
  mtimes: number[]
  executable: boolean[]
  count: number
  bytes: number
}

export class ShareOwner extends ReadyResource {
  readonly folder: string
  readonly #opts: ShareOwnerOptions
  #drive: Hyperdrive | null = null
  #watcher: FolderWatcher | null = null
  #debounce: NodeJS.Timeout | null = null
  #interval: NodeJS.Timeout | null = null
  #queue: Promise<unknown> = Promise.resolve()
  #pending: Promise<ScanResult> | null = null
  #logLength: number | null = null
  /** The contents the drive holds a history copy of (loaded with #known). */
  #copied = new DigestSet()
  /** Whether a scan since opening looked for contents the history copy left out. */
  #lookedForUncopied = false
  #historyTimer: NodeJS.Timeout | null = null
  /** The drive's files as of the last scan, by key; loaded from the drive (or knownFile) once. */
  #known: FileRecord | null = null
  /** The drive version knownFile was saved at. */
  #savedVersion = -1
  /** Since when new contents wait for their history copy (null: none wait). */
  #historyDueSince: number | null = null

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
    this.#opts.contentIndex?.addFolder(this.folder, (hash) => this.#holding(hash))
    if (this.#opts.watch !== false) this.#watcher = new FolderWatcher(this.folder, () => this.#schedule())
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
    if (this.#historyTimer) clearTimeout(this.#historyTimer)
    this.#opts.contentIndex?.removeFolder(this.folder)
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

  /** The folder's files, except those `unchanged` says the drive already has as they are. */
  async #walk(
    ignore: IgnoreMatcher,
    skipped: ScanResult['skipped'],
    unchanged: (key: string, file: LocalFile) => boolean,
  ): Promise<WalkResult> {
    const found: WalkResult = { keys: [], sizes: [], mtimes: [], executable: [], count: 0, bytes: 0 }
    const visit = async (rel: string): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve))
      // Watched before it is listed, so a file added while the walk runs is not missed.
      this.#watcher?.folder(rel)
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
        // A synchronous lstat costs microseconds where the async one costs a thread-pool round trip:
        // a rescan of 100,000 unchanged files is mostly these. The loop yields once per folder.
        let st: fs.Stats | undefined
        try {
          st = fs.lstatSync(path.join(this.folder, childRel), { throwIfNoEntry: false })
        } catch {
          continue
        }
        if (!st?.isFile()) continue
        const key = '/' + childRel
        const file = { size: st.size, mtime: st.mtimeMs, executable: (st.mode & 0o100) !== 0 }
        found.count++
        found.bytes += file.size
        if (unchanged(key, file)) continue
        found.keys.push(flat(key))
        found.sizes.push(file.size)
        found.mtimes.push(file.mtime)
        found.executable.push(file.executable)
      }
    }
    await visit('')
    return found
  }

  async #scan(): Promise<ScanResult> {
    const drive = this.drive
    const index = this.#opts.contentIndex
    const skipped: ScanResult['skipped'] = []
    // What the drive holds, kept in memory after the first scan: listing 100,000 entries from the
    // drive costs seconds, comparing with a map costs milliseconds.
    this.#known ??= await this.#loadKnown()
    const known = this.#known
    // The walk keeps only the files to write: a rescan of an unchanged folder holds no second list of
    // it, only which of the record's keys it saw.
    const seen = new Set<string>()
    // Size and mtime decide, as in rsync's quick check: reading every file on each rescan would cost
    // as much as the import itself.
    const isUnchanged = (key: string, file: LocalFile): boolean => {
      if (known.matches(key, file.size, file.mtime)) {
        seen.add(key)
        return true
      }
      if (known.has(key)) seen.add(key)
      return false
    }
    this.#watcher?.walkStarted()
    const walked = await this.#walk(await loadIgnoreFile(this.folder), skipped, isUnchanged)
    this.#watcher?.walkEnded()
    const bytes = walked.bytes
    const toWrite = walked.keys
    /** Files imported before entries named their content: hashed once, they keep the blob they have. */
    const keptBlobs = new Map<string, BlobId>()
    let added = 0
    let changed = 0
    for (let i = 0; i < toWrite.length; i++) {
      const entry = known.get(toWrite[i]!)
      if (!entry) {
        added++
      } else if (entry.size !== walked.sizes[i] || entry.mtime !== walked.mtimes[i] || entry.link) {
        changed++
      } else if (entry.blob) {
        keptBlobs.set(toWrite[i]!, entry.blob)
      }
    }
    const toRemove: string[] = []
    if (seen.size < known.size) for (const key of known.keys()) if (!seen.has(key)) toRemove.push(key)
    seen.clear()
    if (toWrite.length === 0 && toRemove.length === 0) {
      await this.#saveKnown()
      this.#afterScan(false)
      return {
        version: drive.version,
        time: Date.now(),
        added,
        changed,
        removed: 0,
        files: walked.count,
        bytes,
        skipped,
      }
    }

    const progress: ImportProgress = { filesDone: 0, filesTotal: toWrite.length, bytesDone: 0, bytesTotal: 0 }
    for (const size of walked.sizes) progress.bytesTotal += size
    this.emit('progress', { ...progress })
    // One batch per scan: readers see the folder change in one step, and history gets one version.
    // (A very large import is committed every BATCH_FILES files, so its batch never holds more in
    // memory; its files appear in steps.) The files are hashed, not copied: members fetch them from
    // this folder (or from each other) and check every chunk against these hashes; the owner's own
    // copy for history comes later.
    let batch = drive.batch()
    /** Written to the batch, not flushed yet: they join #known when it is. */
    let written: [string, KnownEntry][] = []
    const missing = { files: 0, bytes: 0 }
    let lastReport = 0
    try {
      // Files are hashed a few at a time (their reads overlap in the thread pool) and written to the
      // batch in order.
      const hashOne = async (i: number): Promise<HashedFile | null> => {
        const key = toWrite[i]!
        try {
          return await hashFile(path.join(this.folder, key), walked.sizes[i]!)
        } catch (err) {
          // Deleted or made unreadable since the walk: the next scan sees it as it is then.
          const code = (err as NodeJS.ErrnoException).code
          if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
            log.info(`skipping ${key}: ${String(err)}`)
            return null
          }
          throw err
        }
      }
      const ahead: Promise<HashedFile | null>[] = []
      let started = 0
      const startNext = (): void => {
        const hashing = hashOne(started++)
        hashing.catch(() => undefined) // awaited in order below
        ahead.push(hashing)
      }
      while (started < toWrite.length && ahead.length < HASH_AHEAD) startNext()
      for (let i = 0; i < toWrite.length; i++) {
        const key = toWrite[i]!
        const content = await ahead.shift()!
        if (started < toWrite.length) startNext()
        if (!content) {
          // Gone since the walk: not in the share after all.
          missing.files++
          missing.bytes += walked.sizes[i]!
          continue
        }
        const meta: FileMeta = {
          mtime: content.mtime,
          size: content.size,
          hash: content.hash,
          chunk: content.chunk,
        }
        if (content.hashes.length > HASH_BYTES) {
          await batch.db.put(HASHES_PREFIX + content.hash, { hashes: content.hashes.toString('base64') })
        }
        const blob = keptBlobs.get(key)
        const kept = blob && blob.byteLength === content.size ? blob : null
        await batch.putEntry(key, {
          executable: walked.executable[i]!,
          linkname: null,
          blob: kept,
          metadata: meta,
        })
        written.push([
          key,
          {
            size: content.size,
            mtime: content.mtime,
            link: false,
            ref: { hash: content.hash, size: content.size, chunk: content.chunk },
            blob: kept,
          },
        ])
        if (written.length >= BATCH_FILES) {
          await batch.flush()
          for (const [k, entry] of written) known.set(k, entry)
          written = []
          index?.folderChanged()
          batch = drive.batch()
        }
        progress.filesDone++
        progress.bytesDone += content.size
        const now = Date.now()
        if (now - lastReport > 100) {
          lastReport = now
          this.emit('progress', { ...progress })
        }
      }
      for (const key of toRemove) await batch.del(key)
      // With no delay, the history copy goes in the same batch: one version per scan.
      const copiedInBatch = this.#opts.historyDelayMs
        ? []
        : await this.#copyHistory({ batch, files: chain(known, written) })
      const record: LogRecord = {
        time: Date.now(),
        added,
        changed,
        removed: toRemove.length,
        files: walked.count - missing.files,
        bytes: bytes - missing.bytes,
      }
      this.#logLength ??= (await readLog(drive)).length
      await batch.db.put(logKey(this.#logLength + 1), record)
      await batch.flush()
      this.#logLength++
      for (const hash of copiedInBatch) this.#copied.add(hash)
      for (const [k, entry] of written) known.set(k, entry)
      for (const key of toRemove) known.delete(key)
      index?.folderChanged()
      this.emit('progress', { ...progress })
      const result: ScanResult = { ...record, version: drive.version, files: walked.count, bytes, skipped }
      this.emit('updated', result)
      await this.#saveKnown()
      this.#afterScan(true)
      return result
    } catch (err) {
      await batch.close().catch(() => undefined)
      throw toAppError(err, 'import the shared folder')
    }
  }

  /** Whether a file in the record has a content the drive holds no copy of. */
  #hasUncopied(): boolean {
    for (const [, entry] of this.#known ?? []) if (this.#needsCopy(entry)) return true
    return false
  }

  /**
   * The content of a file the history copy should take, or null: it names one (not empty, not in a
   * blob of its own), with the mtime to check the file against, and the drive has no copy of it yet.
   */
  #needsCopy(entry: KnownEntry): (ContentRef & { mtime: number }) | null {
    const { ref, mtime } = entry
    if (!ref || entry.blob || ref.size === 0 || mtime === null || this.#copied.has(ref.hash)) return null
    return { ...ref, mtime }
  }

  /** The shared file that holds `hash`, as of the last scan (the index checks it is unchanged). */
  #holding(hash: string): ContentSource | null {
    const holder = this.#known?.holderOf(hash)
    const mtime = holder?.entry.mtime ?? null
    if (!holder?.entry.ref || mtime === null) return null
    return {
      file: path.join(this.folder, holder.key),
      size: holder.entry.size,
      mtime,
      chunk: holder.entry.ref.chunk,
    }
  }

  async #loadKnown(): Promise<FileRecord> {
    const file = this.#opts.knownFile
    const saved = file ? await loadKnown(file, this.drive.version) : null
    if (saved) {
      this.#savedVersion = this.drive.version
      this.#copied = saved.copied
      return saved.known
    }
    this.#copied = new DigestSet()
    for await (const node of this.drive.db.createReadStream({ gte: BLOBS_PREFIX, lt: BLOBS_END })) {
      this.#copied.add(node.key.slice(BLOBS_PREFIX.length))
    }
    const known = new FileRecord()
    for await (const entry of this.drive.list('/')) {
      known.set(entry.key, {
        size: entrySize(entry),
        mtime: entryMtime(entry),
        link: !!entry.value.linkname,
        ref: entryContent(entry),
        blob: entry.value.blob,
      })
    }
    return known
  }

  /** Save the record of the drive's files when the drive moved on since it was saved. */
  async #saveKnown(): Promise<void> {
    const file = this.#opts.knownFile
    if (!file || !this.#known || this.#savedVersion === this.drive.version) return
    try {
      await saveKnown(file, this.drive.version, this.#known, this.#copied)
      this.#savedVersion = this.drive.version
    } catch (err) {
      // Only a restart's speed depends on it.
      log.warn(`could not save ${file}: ${String(err)}`)
    }
  }

  /** With a delay, the history copy waits for a quiet moment after the last change. */
  #afterScan(changed: boolean): void {
    const delay = this.#opts.historyDelayMs ?? 0
    if (delay <= 0) return
    // The first scan after opening also looks for contents left without a copy (the engine stopped
    // before the copy ran).
    const leftOver = !this.#lookedForUncopied && this.#hasUncopied()
    this.#lookedForUncopied = true
    if (!changed && !leftOver && this.#historyDueSince === null) return
    const now = Date.now()
    this.#historyDueSince ??= now
    if (this.#historyTimer) clearTimeout(this.#historyTimer)
    // A folder that keeps changing still gets its copy: at most HISTORY_MAX_WAITS delays late.
    const wait = Math.max(0, Math.min(delay, this.#historyDueSince + delay * HISTORY_MAX_WAITS - now))
    this.#historyTimer = setTimeout(() => {
      this.#historyTimer = null
      if (this.closing) return
      const run = this.#queue.then(() => this.#copyHistory())
      this.#queue = run.catch((err: unknown) => log.warn(`history copy of ${this.folder}: ${String(err)}`))
    }, wait)
  }

  /**
   * Copy the contents the drive names but holds no copy of into its blob core, unchanged files only,
   * small files many per append. History restores from these copies when no member holds a version.
   * The files come from the owner's record (no listing of the drive, no lookup per file): `#copied`
   * says which contents have a copy. With `into` (no delay) the copies go into that scan's batch, the
   * record being `known` plus the scan's files not yet in it; returns the contents copied there, which
   * count as copied once the batch is flushed. Otherwise they are committed every HISTORY_BATCH_FILES
   * contents.
   */
  async #copyHistory(into?: { batch: Hyperdrive; files: Iterable<[string, KnownEntry]> }): Promise<string[]> {
    const drive = this.drive
    const blobs = await drive.getBlobs()
    const core = blobs.core as unknown as BlobCore
    const queued = new DigestSet()
    const inBatch: string[] = []
    let copied: [string, BlobId][] = []
    let total = 0
    let group: { hash: string; data: Buffer }[] = []
    let groupBytes = 0
    let sinceYield = 0
    const flushGroup = async (): Promise<void> => {
      if (group.length === 0) return
      let blockOffset = core.length
      let byteOffset = core.byteLength
      const blocks: Buffer[] = []
      for (const { hash, data } of group) {
        const id: BlobId = { blockOffset, byteOffset, blockLength: 0, byteLength: data.length }
        for (let at = 0; at < data.length; at += BLOB_BLOCK) {
          blocks.push(data.subarray(at, at + BLOB_BLOCK))
          id.blockLength++
        }
        blockOffset += id.blockLength
        byteOffset += data.length
        copied.push([hash, id])
      }
      await core.append(blocks)
      group = []
      groupBytes = 0
    }
    const commit = async (): Promise<void> => {
      await flushGroup()
      if (copied.length === 0) return
      if (into) {
        for (const [hash, id] of copied) await into.batch.db.put(BLOBS_PREFIX + hash, id)
        inBatch.push(...copied.map(([hash]) => hash))
      } else {
        const batch = drive.db.batch()
        for (const [hash, id] of copied) await batch.put(BLOBS_PREFIX + hash, id)
        await batch.flush()
        for (const [hash] of copied) this.#copied.add(hash)
      }
      total += copied.length
      copied = []
    }
    const copyLarge = async (file: string, ref: ContentRef & { mtime: number }): Promise<void> => {
      const st = await fsp.stat(file).catch(() => null)
      if (!st || st.size !== ref.size || st.mtimeMs !== ref.mtime) return
      await flushGroup()
      const ws = blobs.createWriteStream()
      const hasher = new ChunkHasher(ref.chunk)
      await pipeline(
        fs.createReadStream(file, { highWaterMark: BLOB_BLOCK }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hasher.update(chunk)
            yield chunk
          }
        },
        ws,
      )
      // Changed since it was hashed (even with the same size and mtime): the copy is not that
      // content, and the next scan hashes the file anew.
      if (ws.id && hasher.root() === ref.hash) copied.push([ref.hash, ws.id])
    }
    for (const [key, entry] of into?.files ?? this.#known ?? []) {
      const ref = this.#needsCopy(entry)
      if (!ref || queued.has(ref.hash)) continue
      if (this.closing) return inBatch
      queued.add(ref.hash)
      const file = path.join(this.folder, key)
      try {
        if (ref.size <= SMALL_FILE) {
          // One synchronous read, as when it was hashed; the event loop gets a turn now and then.
          const small = readSmallFile(file, SMALL_FILE)
          if (!small || small.mtime !== ref.mtime || small.data.length !== ref.size) continue
          if (hashChunk(small.data).toString('hex') !== ref.hash) continue
          group.push({ hash: ref.hash, data: small.data })
          groupBytes += small.data.length
          if (groupBytes >= GROUP_BYTES || group.length >= GROUP_FILES) await flushGroup()
          if (++sinceYield >= YIELD_FILES) {
            sinceYield = 0
            await new Promise((resolve) => setImmediate(resolve))
          }
        } else {
          await copyLarge(file, ref)
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'EACCES') continue
        throw err
      }
      if (copied.length + group.length >= HISTORY_BATCH_FILES) await commit()
    }
    await commit()
    if (!into) {
      this.#historyDueSince = null
      if (total > 0) await this.#saveKnown()
      if (queued.size > 0) this.emit('history-copied', { contents: total })
    }
    return inBatch
  }
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part
}

/**
 * `s` as one flat string. A path built by concatenation is a tree of pieces in V8; kept in the record
 * for as long as the share is, 100,000 of them took twice the memory of flat copies (15.6 vs 7.7 MB,
 * measured). Paths come from the file system, decoded from UTF-8, so the round trip keeps them as they are.
 */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8')
}
