// Writing a big download back to disk while it is still arriving. The kernel holds written pages in
// memory until a sync (or until a tenth of RAM is dirty), so a download's final fsync used to write the
// whole file at once: 0.3-0.4 s after the last chunk of 512 MiB here. A data sync started every
// FLUSH_EVERY bytes, in the thread pool, overlaps that with the transfer; the final sync writes the rest.
import type { FileHandle } from 'node:fs/promises'

const FLUSH_EVERY = 64 * 1024 * 1024

export class EarlyFlush {
  readonly #fh: FileHandle
  #unflushed = 0
  #running: Promise<void> | null = null
  /** The first early sync's failure: Linux reports a write-back error once per file, to that sync. */
  #failed: Error | null = null

  constructor(fh: FileHandle) {
    this.#fh = fh
  }

  /** `n` more bytes were written: start a data sync once enough waits and none is running. */
  wrote(n: number): void {
    this.#unflushed += n
    if (this.#unflushed < FLUSH_EVERY || this.#running) return
    this.#unflushed = 0
    this.#running = this.#fh
      .datasync()
      .catch((err: unknown) => {
        this.#failed ??= err instanceof Error ? err : new Error(String(err))
      })
      .finally(() => {
        this.#running = null
      })
  }

  /** Resolves when no data sync is running (before the file closes, whatever happened). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** Resolves when every early sync is over; rejects with the first that failed (before the final sync). */
  async flushed(): Promise<void> {
    await this.settled()
    if (this.#failed) throw this.#failed
  }
}
