// The contents this device can hand to its peers: files the owner shares and copies it downloaded or
// synced, by root hash. A source is only served while the file's size and mtime are what they were when
// its hashes were taken; the receiver checks every chunk against the owner's hashes either way.
import fsp from 'node:fs/promises'
import type { FileContent } from './content-hash.js'

export interface ContentSource {
  file: string
  size: number
  mtime: number
  chunk: number
  hashes: Buffer
  /** The workgroup (id) whose members may fetch it. */
  group: string
  /** When the file was last seen unchanged on disk (ms). */
  checkedAt: number
}

/** A source seen unchanged this recently is not stat'ed again for every chunk of a large file. */
const RECHECK_MS = 1000

export class ContentIndex {
  readonly #byHash = new Map<string, ContentSource[]>()
  readonly #byFile = new Map<string, string>()

  #generation = 0

  get size(): number {
    return this.#byFile.size
  }

  /** Changes whenever a source is added or removed (for caches of what this device holds). */
  get generation(): number {
    return this.#generation
  }

  /** `file` now holds `content` (with that size and mtime): replaces what it held before. */
  add(
    content: Pick<FileContent, 'hash' | 'chunk' | 'hashes'>,
    file: string,
    st: { size: number; mtime: number },
    group: string,
  ): void {
    this.removeFile(file)
    this.#generation++
    const source: ContentSource = {
      file,
      size: st.size,
      mtime: st.mtime,
      chunk: content.chunk,
      hashes: content.hashes,
      group,
      // Whoever adds a source has just hashed or written it.
      checkedAt: Date.now(),
    }
    const list = this.#byHash.get(content.hash)
    if (list) list.push(source)
    else this.#byHash.set(content.hash, [source])
    this.#byFile.set(file, content.hash)
  }

  removeFile(file: string): void {
    const hash = this.#byFile.get(file)
    if (hash === undefined) return
    this.#generation++
    this.#byFile.delete(file)
    const list = this.#byHash.get(hash)?.filter((s) => s.file !== file) ?? []
    if (list.length > 0) this.#byHash.set(hash, list)
    else this.#byHash.delete(hash)
  }

  /** Forget every file under `folder` (a share stopped, a sync removed). */
  removeFolder(folder: string): void {
    for (const file of [...this.#byFile.keys()]) {
      if (file.startsWith(folder + '/') || file.startsWith(folder + '\\')) this.removeFile(file)
    }
  }

  /** Whether a peer allowed by `allowed` could be served `hash` (without touching the disk). */
  has(hash: string, allowed: (group: string) => boolean): boolean {
    return this.#byHash.get(hash)?.some((s) => allowed(s.group)) ?? false
  }

  /** A source still as indexed; sources changed on disk since are dropped on the way. */
  async find(hash: string, allowed: (group: string) => boolean): Promise<ContentSource | null> {
    for (const source of this.#byHash.get(hash) ?? []) {
      if (!allowed(source.group)) continue
      const now = Date.now()
      if (now - source.checkedAt < RECHECK_MS) return source
      const st = await fsp.stat(source.file).catch(() => null)
      if (st?.isFile() && st.size === source.size && Math.abs(st.mtimeMs - source.mtime) < 1) {
        source.checkedAt = now
        return source
      }
      this.removeFile(source.file)
    }
    return null
  }
}
