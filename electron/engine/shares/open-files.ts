// Files kept open while members read chunks of them: one open and close per file rather than per chunk
// (a 512 MiB file is 512 chunks). A handle closes after a short idle time, and all of them on close().
import fsp, { type FileHandle } from 'node:fs/promises'
import { readFully } from './read-fully.js'

const IDLE_MS = 2000
/** Idle handles beyond this are closed at once, oldest first: a folder of thousands of files cannot
 * run the process out of file descriptors. */
const MAX_OPEN = 64

interface Open {
  fh: Promise<FileHandle>
  users: number
  idle: NodeJS.Timeout | null
}

export class OpenFiles {
  readonly #open = new Map<string, Open>()

  /** Read `length` bytes at `position` into `into`; resolves false if the file is shorter now. */
  async read(file: string, into: Buffer, position: number): Promise<boolean> {
    let entry = this.#open.get(file)
    if (entry) {
      // Most recently used last: the oldest idle handles go first.
      this.#open.delete(file)
      this.#open.set(file, entry)
    } else {
      entry = { fh: fsp.open(file, 'r'), users: 0, idle: null }
      this.#open.set(file, entry)
      entry.fh.catch(() => this.#open.delete(file))
      this.#trim()
    }
    entry.users++
    if (entry.idle) clearTimeout(entry.idle)
    entry.idle = null
    try {
      return (await readFully(await entry.fh, into, position)) === into.length
    } finally {
      entry.users--
      if (entry.users === 0 && this.#open.get(file) === entry) {
        const done = entry
        done.idle = setTimeout(() => this.#release(file, done), IDLE_MS)
      }
    }
  }

  #trim(): void {
    for (const [file, entry] of this.#open) {
      if (this.#open.size <= MAX_OPEN) return
      if (entry.users === 0) this.#release(file, entry)
    }
  }

  closeAll(): void {
    for (const [file, entry] of [...this.#open]) this.#release(file, entry)
  }

  #release(file: string, entry: Open): void {
    if (entry.idle) clearTimeout(entry.idle)
    if (this.#open.get(file) === entry) this.#open.delete(file)
    entry.fh.then((fh) => fh.close()).catch(() => undefined)
  }
}
