// Fetching one file's content from the peers that hold it: chunks spread over every provider (the
// faster ones take more), each checked against the owner's hashes before it is written at its offset.
// A provider that fails or lies is dropped for this file and its chunks go to the others.
import type { FileHandle } from 'node:fs/promises'
import { AppError } from '../../../shared/errors.js'
import { chunkCount, chunkHash, chunkLength, hashChunk, type ContentRef } from './content-hash.js'
import { contentWriter } from './content-writer.js'
import { chunkPool } from '../buffer-pool.js'
import { RequestKind, MAX_HAVE, type ContentRequest } from './content-protocol.js'

/** A peer we can ask: a content channel, or anything that answers like one (tests). */
export interface ContentPeer {
  readonly key: string
  readonly inflight: number
  request(req: ContentRequest): Promise<Buffer | null>
}

/** Bytes asked of one provider at once: enough to keep a LAN link busy, bounded in memory. */
const WINDOW_BYTES = 8 * 1024 * 1024

/** `promise`, or the abort: a cancel does not wait for a peer that stopped answering. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Write all of `data` at `position`: a write may take less than it is given. */
async function writeFully(fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let at = 0
  while (at < data.length) {
    const { bytesWritten } = await fh.write(data, at, data.length - at, position + at)
    at += bytesWritten
  }
}

/**
 * Check a fetched chunk against its hash and write it at its offset; false (nothing written) when the
 * hash differs. A pooled chunk (the LAN lane's) is hashed here and written through the thread pool, so
 * its buffer never leaves this thread and goes back to the pool after the write; any other goes to the
 * content writer's worker. `data` must not be used after the call.
 */
async function writeChunk(fh: FileHandle, position: number, data: Buffer, hash: Buffer): Promise<boolean> {
  if (!chunkPool.lent(data)) return contentWriter.writeChunk(fh.fd, position, data, hash)
  try {
    if (!hashChunk(data).equals(hash)) return false
    await writeFully(fh, data, position)
    return true
  } finally {
    chunkPool.give(data)
  }
}

/** Which peers hold each of `hashes` (hex). Peers that fail to answer hold nothing. */
export async function locate(peers: ContentPeer[], hashes: string[]): Promise<Map<string, ContentPeer[]>> {
  const found = new Map<string, ContentPeer[]>()
  const unique = [...new Set(hashes)]
  await Promise.all(
    peers.map(async (peer) => {
      for (let at = 0; at < unique.length; at += MAX_HAVE) {
        const batch = unique.slice(at, at + MAX_HAVE)
        const bits = await peer
          .request({ kind: RequestKind.Have, hashes: batch.map((h) => Buffer.from(h, 'hex')), index: 0 })
          .catch(() => null)
        if (!bits) return
        batch.forEach((hash, i) => {
          if (bits[i] !== 1) return
          const list = found.get(hash)
          if (list) list.push(peer)
          else found.set(hash, [peer])
        })
      }
    }),
  )
  return found
}

/**
 * A one-chunk content, into memory: from the least busy provider, then the next if one fails or lies.
 * A folder of small files spreads over every provider this way.
 */
export async function fetchWhole(
  ref: ContentRef,
  providers: ContentPeer[],
  signal?: AbortSignal,
): Promise<Buffer> {
  let lastError: AppError | null = null
  const left = [...providers]
  while (left.length > 0) {
    signal?.throwIfAborted()
    left.sort((a, b) => a.inflight - b.inflight)
    const peer = left.shift()!
    try {
      const data = await untilAborted(
        peer.request({ kind: RequestKind.Chunk, hashes: [Buffer.from(ref.hash, 'hex')], index: 0 }),
        signal,
      )
      if (!data) throw new AppError('UNAVAILABLE', 'The peer no longer holds this file')
      if (data.length !== ref.size || hashChunk(data).toString('hex') !== ref.hash) {
        throw new AppError('UNAVAILABLE', `The peer sent content that does not match the owner's hash`)
      }
      return data
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      lastError = err
    }
  }
  throw lastError ?? new AppError('UNAVAILABLE', 'No online member has this file')
}

export interface FetchOptions {
  /** The chunk hashes, already checked against ref.hash. */
  hashes: Buffer
  /** Chunks already in the file (a resumed download). */
  done?: (index: number) => boolean
  onBytes?: (n: number) => void
  signal?: AbortSignal
}

/**
 * Write `ref`'s content into `fh` from `providers`. Resolves when every chunk is written and verified;
 * rejects UNAVAILABLE when no provider is left that can give the rest.
 */
export async function fetchContent(
  ref: ContentRef,
  providers: ContentPeer[],
  fh: FileHandle,
  opts: FetchOptions,
): Promise<void> {
  const queue: number[] = []
  for (let i = 0; i < chunkCount(ref); i++) if (!opts.done?.(i)) queue.push(i)
  if (queue.length === 0) return
  const window = Math.max(1, Math.floor(WINDOW_BYTES / ref.chunk))
  const failed = new Set<string>()
  let lastError = null as AppError | null

  const worker = async (peer: ContentPeer): Promise<void> => {
    while (queue.length > 0 && !failed.has(peer.key)) {
      opts.signal?.throwIfAborted()
      const index = queue.shift()!
      try {
        const data = await untilAborted(
          peer.request({ kind: RequestKind.Chunk, hashes: [Buffer.from(ref.hash, 'hex')], index }),
          opts.signal,
        )
        if (!data) throw new AppError('UNAVAILABLE', 'The peer no longer holds this file')
        // Not raced with the abort: the file stays open until every write in flight is done.
        const length = data.length
        if (
          length !== chunkLength(ref, index) ||
          !(await writeChunk(fh, index * ref.chunk, data, chunkHash(opts.hashes, index)))
        ) {
          throw new AppError('UNAVAILABLE', `The peer sent a chunk that does not match the owner's hash`)
        }
        opts.onBytes?.(length)
      } catch (err) {
        queue.unshift(index)
        // A write that failed (a full disk) is ours, not the peer's: stop everything.
        if (!(err instanceof AppError)) throw err
        failed.add(peer.key)
        lastError = err
      }
    }
  }

  // Least busy providers first: a folder of small files spreads over everyone. A provider that fails
  // hands its chunks back; the next round gives them to those left.
  for (;;) {
    const left = providers.filter((p) => !failed.has(p.key)).sort((a, b) => a.inflight - b.inflight)
    if (queue.length === 0 || left.length === 0) break
    // Workers take a chunk as they start, so count them before starting any, and deal them out
    // round-robin: with fewer chunks than window slots every provider still gets its share.
    const lanes: Promise<void>[] = []
    const wanted = queue.length
    for (let w = 0; w < window; w++) {
      for (const peer of left) if (lanes.length < wanted) lanes.push(worker(peer))
    }
    const settled = await Promise.allSettled(lanes)
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (rejected) throw rejected.reason
  }
  if (queue.length > 0) {
    throw lastError ?? new AppError('UNAVAILABLE', 'No online member has the rest of this file')
  }
}
