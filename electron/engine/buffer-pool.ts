// Buffers for content chunks, used again instead of allocated for each chunk. A fresh buffer of a
// megabyte that lives past a young-generation collection (a chunk in flight does) counts against V8's
// old-generation limit, and the engine's small heap then makes a full collection every few dozen
// chunks: a 512 MiB download made about 40 on each side, a quarter of the machine's CPU.
//
// A pooled chunk never leaves the engine's thread: a buffer transferred to a worker and back is a new
// one to V8 each time it lands (and in the worker, a SharedArrayBuffer's every message is too).
//
// A buffer taken and never given back (a message that was not a chunk, a download that failed) is
// simply collected; one given back goes to the next chunk. Free buffers are dropped after a quiet
// while, so an idle engine holds none.

const MiB = 1024 * 1024
/** Room for the headers around a chunk (secret-stream, protomux, the content response). */
const HEADROOM = 64
/** Pooled sizes: chunks are 1-8 MiB (content-hash's MIN_CHUNK to MAX_CHUNK). */
const SIZES = [1, 2, 4, 8].map((n) => n * MiB + HEADROOM)
/** Smaller buffers are cheap to allocate and are not pooled. */
const MIN_POOLED = 256 * 1024
const IDLE_MS = 10_000

export class BufferPool {
  readonly #maxFree: number
  readonly #free = new Map<number, ArrayBuffer[]>()
  /** Buffers lent out and not given back: a second give of the same one is ignored. */
  readonly #lent = new WeakSet<ArrayBufferLike>()
  #freeBytes = 0
  #idle: NodeJS.Timeout | null = null

  /** `maxFree`: bytes of free buffers kept for the next chunks; more are left to the collector. */
  constructor(maxFree: number) {
    this.#maxFree = maxFree
  }

  /** Bytes of free buffers held now. */
  get freeBytes(): number {
    return this.#freeBytes
  }

  /** A buffer of `length` bytes from the pool, or null for a length it does not pool. */
  take(length: number): Buffer | null {
    if (length < MIN_POOLED) return null
    const size = SIZES.find((s) => s >= length)
    if (size === undefined) return null
    let buffer = this.#free.get(size)?.pop()
    if (buffer) this.#freeBytes -= size
    else buffer = new ArrayBuffer(size)
    this.#lent.add(buffer)
    this.#whenIdle()
    return Buffer.from(buffer, 0, length)
  }

  /** Whether `view` lies in a buffer this pool lent. */
  lent(view: Uint8Array): boolean {
    return this.#lent.has(view.buffer)
  }

  /**
   * The buffer `view` lies in will never come back: something other than its one reader may hold views
   * of it (several messages in one frame). A give of it is then ignored.
   */
  disown(view: Uint8Array): void {
    this.#lent.delete(view.buffer)
  }

  /**
   * Give back the buffer `view` lies in (any view of it): the caller and everyone it passed the
   * buffer to are done with it. Views of other buffers are ignored.
   */
  give(view: Uint8Array): void {
    const buffer = view.buffer
    if (!(buffer instanceof ArrayBuffer) || !this.#lent.has(buffer)) return
    this.#lent.delete(buffer)
    if (this.#freeBytes + buffer.byteLength > this.#maxFree) return
    const list = this.#free.get(buffer.byteLength)
    if (list) list.push(buffer)
    else this.#free.set(buffer.byteLength, [buffer])
    this.#freeBytes += buffer.byteLength
    this.#whenIdle()
  }

  /** Drop every free buffer (they go to the collector). */
  trim(): void {
    this.#free.clear()
    this.#freeBytes = 0
  }

  #whenIdle(): void {
    if (this.#idle) {
      this.#idle.refresh()
      return
    }
    this.#idle = setTimeout(() => {
      this.#idle = null
      this.trim()
    }, IDLE_MS)
    this.#idle.unref()
  }
}

/** The process's pool: the lane's incoming and outgoing chunks, the content channel's answers. */
export const chunkPool = new BufferPool(32 * MiB)
