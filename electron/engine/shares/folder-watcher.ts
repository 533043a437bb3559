// Tells a share's owner that something in its folder changed. macOS and Windows watch a whole tree
// natively. Node's recursive watch on Linux is written in JavaScript and watches every file: 100,000
// files cost 100,000 inotify watches, a stat and a watcher object each, about 200 MiB of heap, and a
// walk of its own that competes with the first scan. Here Linux gets one watch per folder instead (a
// folder's watch reports changes to the files in it), and the scan's walk says which folders there are.
import fs from 'node:fs'
import path from 'node:path'
import { createLogger } from '../logger.js'

const log = createLogger('folder-watcher')

const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32'

export class FolderWatcher {
  readonly #root: string
  readonly #onChange: () => void
  /** Relative folder ('' = the root) -> its watch; Linux and other platforms without native recursion. */
  readonly #watches = new Map<string, fs.FSWatcher>()
  /** The folders the walk in progress has seen; the ones not in it are unwatched when it ends. */
  #seen: Set<string> | null = null
  #tree: fs.FSWatcher | null = null
  #closed = false

  constructor(root: string, onChange: () => void) {
    this.#root = root
    this.#onChange = onChange
    if (NATIVE_RECURSIVE) {
      try {
        this.#tree = fs.watch(root, { recursive: true }, () => this.#onChange())
        this.#tree.on('error', (err) => log.warn(`watcher on ${root}: ${err.message}`))
        return
      } catch (err) {
        log.info(`recursive watch unavailable (${String(err)}), watching folder by folder`)
      }
    }
    this.#watch('')
  }

  /** The number of watches held (one per folder on Linux; one for the tree where it is native). */
  get size(): number {
    return this.#tree ? 1 : this.#watches.size
  }

  /** A walk of the folder starts: the folders it visits are reported with `folder`. */
  walkStarted(): void {
    if (!this.#tree) this.#seen = new Set([''])
  }

  /** The walk visits this folder (relative, '/'-separated): watch it, before its files are listed. */
  folder(rel: string): void {
    if (this.#tree || this.#closed) return
    this.#seen?.add(rel)
    if (!this.#watches.has(rel)) this.#watch(rel)
  }

  /** The walk is over: folders it did not visit (removed, ignored) are no longer watched. */
  walkEnded(): void {
    const seen = this.#seen
    this.#seen = null
    if (!seen) return
    for (const [rel, watch] of this.#watches) {
      if (seen.has(rel)) continue
      watch.close()
      this.#watches.delete(rel)
    }
  }

  close(): void {
    this.#closed = true
    this.#tree?.close()
    this.#tree = null
    for (const watch of this.#watches.values()) watch.close()
    this.#watches.clear()
  }

  #watch(rel: string): void {
    let watch: fs.FSWatcher
    try {
      watch = fs.watch(path.join(this.#root, rel), () => this.#onChange())
    } catch (err) {
      // Gone between the listing and now, or out of inotify watches: the periodic rescan covers it.
      log.info(`cannot watch ${path.join(this.#root, rel)}: ${String(err)}`)
      return
    }
    watch.on('error', (err) => {
      // A watched folder that is removed ends its watch; the rescan its removal causes drops it.
      log.info(`watcher on ${path.join(this.#root, rel)}: ${err.message}`)
      watch.close()
      if (this.#watches.get(rel) === watch) this.#watches.delete(rel)
      this.#onChange()
    })
    this.#watches.set(rel, watch)
  }
}
