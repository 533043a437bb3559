// Writing fetched content off the engine's main thread. A worker writes each small file whole (open,
// write, mtime, fsync, close, rename: seven threadpool round trips for the engine before) and checks and
// writes the chunks that come over a swarm connection, synchronously, one message per file or chunk.
// Measured: 5,000 small files about 8% faster. The LAN lane's chunks are not sent here: they arrive in
// pooled buffers, which the engine hashes and writes itself so that the buffer never moves (see
// buffer-pool.ts and content-fetch.ts); a pooled small file is copied before it comes here.
//
// Workers start on the first write and stop after a few idle seconds; they never keep the process
// alive. A chunk's bytes move to the worker without a copy when the chunk owns its buffer.
import { Worker } from 'node:worker_threads'
import { writerWorkerMain, type ChunkJob, type WholeJob, type WriterAnswer } from './content-writer-worker.js'
import { chunkPool } from '../buffer-pool.js'

/**
 * The worker's program. tsx (the CLI run from its TypeScript) compiles with esbuild's keepNames, which
 * wraps the function's inner functions in calls to a `__name` helper of the module's scope; the
 * evaluated worker has no such helper, so it gets one that does nothing.
 */
const WORKER_SOURCE = `const __name = (fn) => fn;\n(${writerWorkerMain.toString()})()`

/**
 * A small file waits for its fsync in its worker, so one worker would write them one by one. Four, not
 * two: on a journalled ext4 the journal commits concurrent fsyncs together. 5,000 files of the bench on
 * a fresh file system, one run each: with a journal 10.1 / 9.4 s with two, 9.2 / 7.8 s with four and
 * 7.3 s with eight; without one 7.1 s with two and 6.5 s with four. Each worker is about 9 MiB while
 * it runs (the receiver's peak 152 -> 170 MiB with four, 195 with eight), and they stop when idle.
 */
const WORKERS = 4
const IDLE_MS = 5000
/** A buffer at most this much bigger than its chunk moves to the worker; any other is copied. */
const OWNED_SLACK = 64

type JobInput = Omit<ChunkJob, 'id'> | Omit<WholeJob, 'id'>

interface Slot {
  worker: Worker
  pending: Map<number, (answer: WriterAnswer) => void>
}

/** An error from the worker's fs call, shaped as Node's own (its `code` says ENOSPC, EACCES, …). */
function fsError(answer: WriterAnswer): Error {
  const { code, message } = answer.error!
  return Object.assign(new Error(message), { code })
}

/**
 * The bytes of `data` as a buffer the worker may own: its own when nothing else shares it. A pooled
 * chunk's bytes are copied and its buffer goes back to the pool (see buffer-pool.ts).
 */
function movable(data: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  if (chunkPool.lent(data)) {
    const copy = new Uint8Array(data)
    chunkPool.give(data)
    return { bytes: copy, transfer: [copy.buffer] }
  }
  const owned =
    data.buffer instanceof ArrayBuffer &&
    data.byteLength >= 4096 &&
    data.buffer.byteLength - data.byteLength <= OWNED_SLACK
  if (owned) return { bytes: data, transfer: [data.buffer as ArrayBuffer] }
  const copy = new Uint8Array(data)
  return { bytes: copy, transfer: [copy.buffer] }
}

class ContentWriter {
  readonly #slots: Slot[] = []
  #nextId = 1
  #idle: NodeJS.Timeout | null = null

  /**
   * Check `data` against the chunk hash and write it at `position` of the open file `fd`; false
   * (nothing written) when the hash differs. `data` must not be used after the call: its buffer may
   * have moved to the worker. The caller keeps `fd` open until this settles.
   */
  async writeChunk(fd: number, position: number, data: Buffer, hash: Buffer): Promise<boolean> {
    const { bytes, transfer } = movable(data)
    const answer = await this.#run({ op: 'chunk', fd, position, data: bytes, hash }, transfer)
    if (answer.error) throw fsError(answer)
    return answer.matches
  }

  /**
   * Create `file` with `data`, its mtime (ms) when given, fsynced and closed; then renamed to
   * `renameTo` when given (one message for what took seven threadpool round trips).
   */
  async writeWhole(
    file: string,
    mode: number,
    data: Buffer,
    mtime: number | null,
    renameTo: string | null = null,
  ): Promise<void> {
    const { bytes, transfer } = movable(data)
    const answer = await this.#run({ op: 'whole', file, mode, mtime, data: bytes, renameTo }, transfer)
    if (answer.error) throw fsError(answer)
  }

  #run(input: JobInput, transfer: ArrayBuffer[]): Promise<WriterAnswer> {
    const slot = this.#leastBusy()
    const id = this.#nextId++
    if (this.#idle) clearTimeout(this.#idle)
    this.#idle = null
    return new Promise<WriterAnswer>((resolve) => {
      slot.pending.set(id, resolve)
      slot.worker.ref()
      slot.worker.postMessage({ ...input, id }, transfer)
    })
  }

  #leastBusy(): Slot {
    if (this.#slots.length < WORKERS && this.#slots.every((s) => s.pending.size > 0)) return this.#start()
    return this.#slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
  }

  #start(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: 'content-writer' })
    const slot: Slot = { worker, pending: new Map() }
    this.#slots.push(slot)
    worker.on('message', (answer: WriterAnswer) => {
      const done = slot.pending.get(answer.id)
      slot.pending.delete(answer.id)
      done?.(answer)
      if (slot.pending.size === 0) {
        worker.unref()
        this.#whenIdle()
      }
    })
    const fail = (why: string): void => {
      const i = this.#slots.indexOf(slot)
      if (i >= 0) this.#slots.splice(i, 1)
      for (const done of slot.pending.values()) {
        done({ id: 0, matches: false, error: { code: 'EIO', message: `The file writer stopped: ${why}` } })
      }
      slot.pending.clear()
    }
    worker.on('error', (err) => fail(err.message))
    worker.on('exit', (code) => fail(`exit ${code}`))
    return slot
  }

  /** Workers with nothing to do for IDLE_MS are stopped. */
  #whenIdle(): void {
    if (this.#slots.some((s) => s.pending.size > 0) || this.#idle) return
    this.#idle = setTimeout(() => {
      this.#idle = null
      if (this.#slots.some((s) => s.pending.size > 0)) return
      for (const slot of this.#slots.splice(0)) void slot.worker.terminate()
    }, IDLE_MS)
    this.#idle.unref()
  }
}

/** The process's one content writer: every download shares its workers. */
export const contentWriter = new ContentWriter()
