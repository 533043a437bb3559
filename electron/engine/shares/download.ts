// Downloads a file or folder of a share into a folder the user chose: streamed, written to a temp
// file beside the target and renamed into place, never outside the destination.
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type Hyperdrive from 'hyperdrive'
import type { DriveEntry } from 'hyperdrive'
import { AppError } from '../../../shared/errors.js'
import { createLogger } from '../logger.js'
import { CheckedPaths, resolveInside, safeSegments } from './safe-path.js'
import { entryContent, entryMtime, entrySize, historyBlob, readHashes, toAppError } from './share-drive.js'
import { fileEntries } from './drive-log.js'
import { RateMeter } from './transfers.js'
import { folderKey } from './share-reader.js'
import { chunkCount, chunkHash, chunkLength, hashChunk, type ContentRef } from './content-hash.js'
import { fetchContent, fetchWhole, type ContentPeer } from './content-fetch.js'
import { EarlyFlush } from './early-flush.js'
import { contentWriter } from './content-writer.js'
import { readFully } from './read-fully.js'

const log = createLogger('download')

/** Temp files end with this; importers and syncs skip them. */
export const PART_SUFFIX = '.peerdesk-part'
/** Files in flight at once: hides each small file's round trip, open, fsync and rename. */
const PARALLEL_FILES = 16
/** Files up to this size are gathered in memory and written with one call. */
const SMALL_WRITE = 1024 * 1024

export interface DownloadProgress {
  bytesDone: number
  bytesTotal: number
  filesDone: number
  filesTotal: number
  /** Bytes per second, smoothed. */
  rate: number
  peers: number
}

/** How a download reaches the copies other members hold (the engine's content host). */
export interface ContentAccess {
  /** The connected members that hold each content (hex root hashes). */
  locate(hashes: string[]): Promise<Map<string, ContentPeer[]>>
  /** This device now holds `ref` at `file` (with this size and mtime), and may serve it. */
  remember(ref: ContentRef, file: string, st: { size: number; mtime: number }): void
}

export interface DownloadOptions {
  /** A readable drive (a ShareReader's, or a checkout of it for an older version). */
  drive: Hyperdrive
  /** The share's latest drive, where hash lists and history copies are found (default: `drive`). */
  live?: Hyperdrive
  /** Fetch contents from the members that hold them; without it, only the owner's drive is read. */
  content?: ContentAccess
  /** A file or folder in the drive: '/docs', '/docs/a.txt', '/' for everything. */
  source: string
  /** The folder the user chose. It must exist; nothing is written outside it. */
  dest: string
  /** 'replace' (default) overwrites; 'skip-same' keeps a file whose size and mtime already match. */
  existing?: 'replace' | 'skip-same'
  onProgress?: (progress: DownloadProgress) => void
  signal?: AbortSignal
}

export interface DownloadResult {
  files: number
  bytes: number
  /** Bytes that came over the network in this run (the rest was already in the local store). */
  fetchedBytes: number
  /** Absolute paths written. */
  written: string[]
  skipped: { path: string; reason: string }[]
  /** Entries refused as hostile or unsupported; nothing was written for them. */
  refused: { path: string; reason: string }[]
}

interface Planned {
  entry: DriveEntry
  rel: string
}

/** The drive folder or file as safe segments ('' for the root). */
function sourceSegments(source: string): string[] {
  return folderKey(source).split('/').filter(Boolean)
}

async function plan(
  drive: Hyperdrive,
  source: string,
  refused: DownloadResult['refused'],
): Promise<Planned[]> {
  const base = sourceSegments(source)
  const key = '/' + base.join('/')
  const single = base.length > 0 ? await drive.entry(key) : null
  const entries = single ? [single] : await fileEntries(drive, key)
  if (entries.length === 0) throw new AppError('NOT_FOUND', `Nothing at ${key} in this share`)
  // A file lands as its own name; a folder keeps its name and everything below it.
  const strip = single ? base.length - 1 : Math.max(base.length - 1, 0)
  const out: Planned[] = []
  for (const entry of entries) {
    let segments: string[]
    try {
      segments = safeSegments(entry.key, { rooted: true })
    } catch (err) {
      refused.push({ path: entry.key, reason: (err as AppError).message })
      continue
    }
    if (entry.value.linkname !== null && entry.value.linkname !== undefined) {
      refused.push({ path: entry.key, reason: 'symlinks are not downloaded' })
      continue
    }
    out.push({ entry, rel: segments.slice(strip).join('/') })
  }
  return out
}

export interface WriteEntryOptions {
  /** Progress: bytes of the file now in place (fetched, or verified from an earlier run). */
  onBytes?: (n: number) => void
  /** Bytes fetched from members in this run (the owner's drive counts its own). */
  onFetched?: (n: number) => void
  signal?: AbortSignal
  live?: Hyperdrive
  content?: ContentAccess
  /** Who holds this entry's content, if the caller already asked (a folder download asks once). */
  providers?: ContentPeer[]
  /** Folders this run already created (a folder download shares one set). */
  madeDirs?: Set<string>
  /** The run's checked paths: told of each folder it creates. */
  checked?: CheckedPaths
}

/** The chunks of a killed run's temp file that already match: a re-run fetches only the rest. */
async function chunksPresent(fh: fsp.FileHandle, ref: ContentRef, hashes: Buffer): Promise<Set<number>> {
  const done = new Set<number>()
  const st = await fh.stat()
  if (st.size !== ref.size || ref.size === 0) return done
  const buf = Buffer.allocUnsafe(Math.min(ref.chunk, ref.size))
  for (let i = 0; i < chunkCount(ref); i++) {
    const span = buf.subarray(0, chunkLength(ref, i))
    const got = await readFully(fh, span, i * ref.chunk)
    if (got === span.length && hashChunk(span).equals(chunkHash(hashes, i))) done.add(i)
  }
  return done
}

/** A one-chunk file: fetched into memory, then one write, its mtime, one fsync, renamed to `target`. */
async function fetchSmallInto(
  ref: ContentRef,
  providers: ContentPeer[],
  tmp: string,
  target: string,
  mode: number,
  mtime: number | null,
  opts: WriteEntryOptions,
): Promise<void> {
  const data = ref.size === 0 ? Buffer.alloc(0) : await fetchWhole(ref, providers, opts.signal)
  opts.onBytes?.(data.length)
  opts.onFetched?.(data.length)
  await contentWriter.writeWhole(tmp, mode, data, mtime, target)
}

/** Fetch `ref` from the members in `providers` into `tmp`, resuming what a killed run left. */
async function fetchToTemp(
  ref: ContentRef,
  hashes: Buffer,
  providers: ContentPeer[],
  tmp: string,
  mode: number,
  opts: WriteEntryOptions,
): Promise<void> {
  const existing = await fsp.open(tmp, 'r+').catch(() => null)
  const fh = existing ?? (await fsp.open(tmp, 'w+', mode))
  const flush = new EarlyFlush(fh)
  try {
    const done = existing ? await chunksPresent(fh, ref, hashes) : new Set<number>()
    if (!existing || (await fh.stat()).size !== ref.size) await fh.truncate(ref.size)
    for (const i of done) opts.onBytes?.(chunkLength(ref, i))
    await fetchContent(ref, providers, fh, {
      hashes,
      done: (i) => done.has(i),
      onBytes: (n) => {
        flush.wrote(n)
        opts.onBytes?.(n)
        opts.onFetched?.(n)
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    await fh.chmod(mode)
    await flush.flushed()
    await fh.sync()
  } finally {
    await flush.settled()
    await fh.close()
  }
}

/**
 * Write one file entry to `target` through a temp file in the same folder (from the members that
 * hold its content, else from the owner's drive), check its size, set its mtime and rename it into
 * place. On failure `target` is untouched; the temp file is removed, except after a content download
 * that ran out of sources, whose verified chunks the next run reuses.
 */
export async function writeEntryAtomically(
  drive: Hyperdrive,
  entry: DriveEntry,
  target: string,
  opts: WriteEntryOptions = {},
): Promise<void> {
  const dir = path.dirname(target)
  // One temp name per target (not random): a run that was killed leaves at most this file, and the
  // next run of the same download truncates and replaces it rather than leaving litter beside it.
  const tmp = path.join(dir, partName(path.basename(target)))
  const expected = entrySize(entry)
  const ref = entryContent(entry)
  const live = opts.live ?? drive
  const mode = entry.value.executable ? 0o755 : 0o644
  let written = 0
  /** The content writer renamed the file into place already. */
  let placed = false
  try {
    if (!opts.madeDirs?.has(dir)) {
      // Says the first folder it created, if any: then `dir` is new too.
      const made = await fsp.mkdir(dir, { recursive: true })
      opts.madeDirs?.add(dir)
      if (made !== undefined)
        for (let d = dir; d.length >= made.length; d = path.dirname(d)) opts.checked?.made(d)
    }
    // A one-chunk content comes whole, written with its mtime in one go.
    const small = ref !== null && chunkCount(ref) === 1
    let fetched = false
    if (ref && opts.content) {
      const providers = opts.providers ?? (await opts.content.locate([ref.hash])).get(ref.hash) ?? []
      if (providers.length > 0) {
        const hashes = await readHashes(live, ref)
        const counting: WriteEntryOptions = {
          ...opts,
          onBytes: (n) => {
            written += n
            opts.onBytes?.(n)
          },
        }
        try {
          if (small) {
            // The size check below comes first here: the file goes into place as it is written.
            if (ref.size !== expected) throw sizeMismatch(entry.key, ref.size, expected)
            await fetchSmallInto(ref, providers, tmp, target, mode, entryMtime(entry), counting)
            placed = true
          } else {
            await fetchToTemp(ref, hashes, providers, tmp, mode, counting)
          }
          fetched = true
          written = ref.size
        } catch (err) {
          // The members that had it left: the owner's own copy in its drive may still be there.
          if ((err as AppError).code !== 'UNAVAILABLE') throw err
          if (!(entry.value.blob || (await historyBlob(live, ref)))) throw err
        }
      }
    }
    if (!fetched) {
      // Bytes already reported from members before they left are not reported twice.
      let credit = written
      written = await streamFromDrive(drive, live, entry, ref, tmp, mode, {
        ...opts,
        onBytes: (n) => {
          const skip = Math.min(credit, n)
          credit -= skip
          if (n > skip) opts.onBytes?.(n - skip)
        },
      })
    }
    if (!placed) {
      // Hypercore has verified every block against the owner's signed tree; the size check catches
      // an entry whose blob and metadata disagree.
      if (written !== expected) throw sizeMismatch(entry.key, written, expected)
      const mtime = entryMtime(entry)
      if (mtime !== null) await fsp.utimes(tmp, new Date(), mtime / 1000)
      await fsp.rename(tmp, target)
    }
  } catch (err) {
    // A content download that ran out of sources keeps its temp file: a re-run checks each chunk in
    // it against the owner's hashes and fetches only the rest. Anything else leaves nothing behind.
    if (!(ref && (err as AppError).code === 'UNAVAILABLE')) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined)
    }
    throw toAppError(err, `download ${entry.key}`)
  }
  if (ref && opts.content) {
    // The file is in place: others may fetch it from us now (best effort, it is done either way).
    // Its size is the content's and its mtime the entry's (to the index's 1 ms tolerance).
    try {
      opts.content.remember(ref, target, {
        size: ref.size,
        mtime: entryMtime(entry) ?? (await fsp.stat(target)).mtimeMs,
      })
    } catch (err) {
      log.info(`not serving ${target}: ${String(err)}`)
    }
  }
}

function sizeMismatch(key: string, got: number, expected: number): AppError {
  return new AppError('INTERNAL', `${key}: got ${got} bytes, expected ${expected}`)
}

/** The temp name for `name`: one per target, a long name shortened with a hash of the whole. */
function partName(name: string): string {
  if (name.length <= 64) return `.${name}${PART_SUFFIX}`
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12)
  return `.${name.slice(0, 48)}~${digest}${PART_SUFFIX}`
}

function distinctPeers(peers: unknown[]): number {
  const keys = new Set<string>()
  for (const peer of peers) {
    const key = (peer as { remotePublicKey?: Buffer | null }).remotePublicKey
    keys.add(key ? key.toString('hex') : String(keys.size))
  }
  return keys.size
}

/**
 * Stream an entry's bytes from the owner's drive (its blob, or the owner's history copy of its
 * content) into `tmp`; hypercore verifies every block on the way. Returns the bytes written.
 */
async function streamFromDrive(
  drive: Hyperdrive,
  live: Hyperdrive,
  entry: DriveEntry,
  ref: ContentRef | null,
  tmp: string,
  mode: number,
  opts: WriteEntryOptions,
): Promise<number> {
  let source: Readable
  if (entry.value.blob) {
    source = drive.createReadStream(entry)
  } else if (ref && ref.size > 0) {
    const id = await historyBlob(live, ref)
    if (!id)
      throw new AppError('UNAVAILABLE', 'No online member has this file, and the owner kept no copy of it')
    source = (await live.getBlobs()).createReadStream(id)
  } else {
    source = Readable.from([])
  }
  let written = 0
  if (entrySize(entry) <= SMALL_WRITE) {
    const chunks: Buffer[] = []
    const signal = opts.signal
    // As pipeline() does with its signal: a cancel or the stall watchdog ends a read that waits.
    const onAbort = (): void => {
      source.destroy(signal?.reason instanceof Error ? signal.reason : new AppError('CLOSED', 'Cancelled'))
    }
    signal?.throwIfAborted()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        written += chunk.length
        opts.onBytes?.(chunk.length)
        chunks.push(chunk)
      }
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
    signal?.throwIfAborted()
    // A copy (concat) the writer may own: the blocks read may still be referenced by the drive.
    await contentWriter.writeWhole(tmp, mode, Buffer.concat(chunks), null)
    return written
  }
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        written += chunk.length
        opts.onBytes?.(chunk.length)
        yield chunk
      }
    },
    fs.createWriteStream(tmp, { flags: 'w', mode, flush: true }),
    opts.signal ? { signal: opts.signal } : {},
  )
  return written
}

async function sameAsEntry(target: string, entry: DriveEntry): Promise<boolean> {
  const st = await fsp.lstat(target).catch(() => null)
  const mtime = entryMtime(entry)
  return (
    !!st && st.isFile() && st.size === entrySize(entry) && mtime !== null && Math.abs(st.mtimeMs - mtime) < 1
  )
}

/** Download `source` from the drive into `dest`. Multi-source: blocks come from every peer that has them. */
export async function downloadToFolder(opts: DownloadOptions): Promise<DownloadResult> {
  const { drive, dest, signal } = opts
  const result: DownloadResult = {
    files: 0,
    bytes: 0,
    fetchedBytes: 0,
    written: [],
    skipped: [],
    refused: [],
  }
  const destStat = await fsp.stat(dest).catch(() => null)
  if (!destStat?.isDirectory()) throw new AppError('NOT_FOUND', `The destination ${dest} is not a folder`)
  const planned = await plan(drive, opts.source, result.refused)
  const blobs = await drive.getBlobs()
  const meter = new RateMeter()
  const progress: DownloadProgress = {
    bytesDone: 0,
    bytesTotal: 0,
    filesDone: 0,
    filesTotal: planned.length,
    rate: 0,
    peers: 0,
  }
  for (const { entry } of planned) progress.bytesTotal += entrySize(entry)
  // Ask the connected members once which of these contents they hold.
  const refs = planned.map(({ entry }) => entryContent(entry)).filter((r): r is ContentRef => r !== null)
  const located = opts.content && refs.length > 0 ? await opts.content.locate(refs.map((r) => r.hash)) : null
  const madeDirs = new Set<string>()
  const checked = new CheckedPaths()
  const providerKeys = new Set<string>()
  for (const list of located?.values() ?? []) for (const peer of list) providerKeys.add(peer.key)
  const report = (): void => {
    // Devices, not connections: a member on the LAN lane is connected twice.
    progress.peers = providerKeys.size || distinctPeers(blobs.core.peers)
    opts.onProgress?.({ ...progress })
  }
  const onDownload = (_index: number, byteLength: number): void => {
    result.fetchedBytes += byteLength
  }
  blobs.core.on('download', onDownload)
  // Ask for every file's blocks at once so small files do not wait one round trip each.
  const prefetch = planned.length > 1 ? prefetchEntries(blobs.core, planned) : []
  try {
    report()
    const one = async ({ entry, rel }: Planned): Promise<void> => {
      if (signal?.aborted) throw new AppError('CLOSED', 'The download was cancelled')
      let target: string
      try {
        target = await resolveInside(dest, rel, {}, checked)
      } catch (err) {
        result.refused.push({ path: entry.key, reason: (err as Error).message })
        return
      }
      if (opts.existing === 'skip-same' && (await sameAsEntry(target, entry))) {
        result.skipped.push({ path: entry.key, reason: 'already there' })
      } else {
        const ref = entryContent(entry)
        const providers = ref && located ? (located.get(ref.hash) ?? []) : undefined
        await writeEntryAtomically(drive, entry, target, {
          ...(signal ? { signal } : {}),
          ...(opts.live ? { live: opts.live } : {}),
          ...(opts.content ? { content: opts.content } : {}),
          ...(providers ? { providers } : {}),
          madeDirs,
          checked,
          onFetched: (n) => {
            result.fetchedBytes += n
          },
          onBytes: (n) => {
            progress.bytesDone += n
            progress.rate = meter.add(n)
            report()
          },
        })
        result.written.push(target)
        result.files++
        result.bytes += entrySize(entry)
      }
      progress.filesDone++
      report()
    }
    // A few files at once hide each small file's open/fsync/rename latency; big files stream alone
    // at the network's pace either way.
    let next = 0
    let failed = false
    const worker = async (): Promise<void> => {
      while (!failed && next < planned.length) {
        const item = planned[next++]!
        try {
          await one(item)
        } catch (err) {
          failed = true
          throw err
        }
      }
    }
    const workers = Array.from({ length: Math.min(PARALLEL_FILES, planned.length) }, worker)
    const settled = await Promise.allSettled(workers)
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (rejected) throw rejected.reason
    return result
  } catch (err) {
    throw toAppError(err, 'download')
  } finally {
    for (const range of prefetch) range?.destroy()
    blobs.core.off('download', onDownload)
  }
}

/**
 * One download range per run of adjacent blocks rather than one per file: files imported together
 * sit side by side in the blob core, so a folder is usually a handful of ranges, and the replicator
 * walks every open range on each request it makes.
 */
function prefetchEntries(
  core: Awaited<ReturnType<Hyperdrive['getBlobs']>>['core'],
  planned: Planned[],
): { destroy(): void }[] {
  const spans: [number, number][] = []
  for (const { entry } of planned) {
    const blob = entry.value.blob
    if (!blob || blob.blockLength === 0) continue
    spans.push([blob.blockOffset, blob.blockOffset + blob.blockLength])
  }
  spans.sort((x, y) => x[0] - y[0])
  const merged: [number, number][] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push([span[0], span[1]])
  }
  return merged.map(([start, end]) => core.download({ start, end }))
}
