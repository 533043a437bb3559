// The content writer's worker: checks a fetched chunk against the owner's hash and writes it at its
// offset, or writes a small file whole (data, mtime, fsync, and the rename into place). Its work is
// synchronous: one message in, one answer out, with no hop through libuv's threadpool for each of a
// file's seven calls.
//
// The function below is the worker's whole program. Its source is evaluated in the worker (the
// engine runs as TypeScript, a bundle or Electron's utility process, and a source string needs no
// file of its own in any of them), so it uses nothing from this module's scope.

/** Check `data` against `hash` (SHA-256), then write it at `position` in the open file `fd`. */
export interface ChunkJob {
  id: number
  op: 'chunk'
  fd: number
  position: number
  data: Uint8Array
  hash: Uint8Array
}

/**
 * Create `file` (mode), write `data`, set its mtime (ms) when given, fsync and close it; then, when
 * given, rename it to `renameTo`.
 */
export interface WholeJob {
  id: number
  op: 'whole'
  file: string
  mode: number
  mtime: number | null
  data: Uint8Array
  renameTo: string | null
}

export type WriterJob = ChunkJob | WholeJob

/** `matches` is false for a chunk whose hash differs (nothing written); `error` a failed call. */
export interface WriterAnswer {
  id: number
  matches: boolean
  error?: { code: string; message: string }
}

export function writerWorkerMain(): void {
  // Node's built-ins through process.getBuiltinModule (Node 20.16+): an evaluated worker has a
  // `require` only when it runs as CommonJS (not under `--import tsx`), and a bundler would swap a
  // `require` named here for one of the bundle's own scope.
  const { parentPort } = process.getBuiltinModule('node:worker_threads')
  const fs = process.getBuiltinModule('node:fs')
  const { createHash } = process.getBuiltinModule('node:crypto')

  const writeAll = (fd: number, data: Uint8Array, position: number | null): void => {
    let at = 0
    while (at < data.length) {
      at += fs.writeSync(fd, data, at, data.length - at, position === null ? null : position + at)
    }
  }

  const run = (job: WriterJob): boolean => {
    if (job.op === 'chunk') {
      const digest = createHash('sha256').update(job.data).digest()
      if (!digest.equals(job.hash)) return false
      writeAll(job.fd, job.data, job.position)
      return true
    }
    const fd = fs.openSync(job.file, 'w', job.mode)
    try {
      writeAll(fd, job.data, null)
      if (job.mtime !== null) fs.futimesSync(fd, new Date(), job.mtime / 1000)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    if (job.renameTo !== null) fs.renameSync(job.file, job.renameTo)
    return true
  }

  parentPort!.on('message', (job: WriterJob) => {
    let answer: WriterAnswer
    try {
      answer = { id: job.id, matches: run(job) }
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      answer = { id: job.id, matches: false, error: { code: e.code ?? 'EIO', message: e.message } }
    }
    // The bytes go back with the answer: dropped there, they are freed by the engine's frequent GCs,
    // where in this quiet worker they would pile up (64 MiB of them) until its next GC.
    const bytes = job.data.buffer as ArrayBuffer
    parentPort!.postMessage(answer, bytes.byteLength > 0 ? [bytes] : [])
  })
}
