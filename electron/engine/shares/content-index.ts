// The contents this device can hand to its peers, by root hash: the folders it shares (each owner
// answers for its own files) and the copies it downloaded or synced (one source each). A source is only
// served while the file's size and mtime are what they were when its hashes were taken; the receiver
// checks every chunk against the owner's hashes either way.
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import type { ContentRef } from './content-hash.js'

export interface ContentSource {
  file: string
  size: number
  mtime: number
  chunk: number
}

interface AddedSource extends ContentSource {
  hash: string
  /** The workgroup (id) whose members may fetch it. */
  group: string
  /** When the file was last seen unchanged on disk (ms; 0: not yet). */
  checkedAt: number
}

/**
 * A shared folder's files, answered by its owner from the record it keeps anyway: a separate source
 * per file would hold a second copy of every path and hash (100,000 files: tens of MiB).
 */
export interface FolderSource {
  folder: string
  group: string
  /** The file holding `hash` as of the owner's last scan, or null. */
  lookup(hash: string): ContentSource | null
}

/** A source seen unchanged this recently is not stat'ed again for every chunk of a large file. */
const RECHECK_MS = 1000

export class ContentIndex {
  readonly #byHash = new Map<string, AddedSource | AddedSource[]>()
  readonly #byFile = new Map<string, AddedSource>()
  readonly #folders = new Map<string, FolderSource>()

  #generation = 0

  /** The number of files added one by one (downloaded or synced copies). */
  get size(): number {
    return this.#byFile.size
  }

  /** Changes whenever a source is added or removed (for caches of what this device holds). */
  get generation(): number {
    return this.#generation
  }

  /** `file` now holds `content` (with that size and mtime): replaces what it held before. */
  add(
    content: Pick<ContentRef, 'hash' | 'chunk'>,
    file: string,
    st: { size: number; mtime: number },
    group: string,
  ): void {
    this.removeFile(file)
    this.#generation++
    const source: AddedSource = {
      file,
      hash: content.hash,
      size: st.size,
      mtime: st.mtime,
      chunk: content.chunk,
      group,
      checkedAt: 0,
    }
    const held = this.#byHash.get(content.hash)
    if (!held) this.#byHash.set(content.hash, source)
    else if (Array.isArray(held)) held.push(source)
    else this.#byHash.set(content.hash, [held, source])
    this.#byFile.set(file, source)
  }

  removeFile(file: string): void {
    const source = this.#byFile.get(file)
    if (!source) return
    this.#generation++
    this.#byFile.delete(file)
    const rest = sourcesOf(this.#byHash.get(source.hash)).filter((s) => s !== source)
    if (rest.length === 0) this.#byHash.delete(source.hash)
    else this.#byHash.set(source.hash, rest.length === 1 ? rest[0]! : rest)
  }

  /** A shared folder whose owner answers for its files (replaces one for the same folder). */
  addFolder(source: FolderSource): void {
    this.#folders.set(source.folder, source)
    this.#generation++
  }

  /** A folder's owner changed what it holds. */
  folderChanged(): void {
    this.#generation++
  }

  /** Forget every file under `folder`, and the folder itself if it is shared (a share stopped, a sync removed). */
  removeFolder(folder: string): void {
    if (this.#folders.delete(folder)) this.#generation++
    for (const file of [...this.#byFile.keys()]) {
      if (file.startsWith(folder + '/') || file.startsWith(folder + '\\')) this.removeFile(file)
    }
  }

  /** Whether a peer allowed by `allowed` could be served `hash` (without touching the disk). */
  has(hash: string, allowed: (group: string) => boolean): boolean {
    if (sourcesOf(this.#byHash.get(hash)).some((s) => allowed(s.group))) return true
    for (const folder of this.#folders.values()) {
      if (allowed(folder.group) && folder.lookup(hash)) return true
    }
    return false
  }

  /** A source still as indexed; copies changed on disk since are dropped on the way. */
  async find(hash: string, allowed: (group: string) => boolean): Promise<ContentSource | null> {
    for (const folder of this.#folders.values()) {
      if (!allowed(folder.group)) continue
      const source = folder.lookup(hash)
      // A synchronous stat: microseconds, where a trip through the thread pool costs more than
      // serving a small file.
      if (source && unchanged(fs.statSync(source.file, { throwIfNoEntry: false }), source)) return source
    }
    for (const source of sourcesOf(this.#byHash.get(hash))) {
      if (!allowed(source.group)) continue
      const now = Date.now()
      if (now - source.checkedAt < RECHECK_MS) return source
      if (unchanged(await fsp.stat(source.file).catch(() => undefined), source)) {
        source.checkedAt = now
        return source
      }
      this.removeFile(source.file)
    }
    return null
  }
}

function sourcesOf(held: AddedSource | AddedSource[] | undefined): AddedSource[] {
  if (!held) return []
  return Array.isArray(held) ? held : [held]
}

function unchanged(st: fs.Stats | undefined, source: ContentSource): boolean {
  return !!st?.isFile() && st.size === source.size && Math.abs(st.mtimeMs - source.mtime) < 1
}
