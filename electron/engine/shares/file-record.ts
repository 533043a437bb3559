// The owner's record of its drive's files (size, mtime, content of each), in memory, by key. A share
// of 100,000 files keeps it for as long as it is shared, so the fields live in typed arrays (a slot per
// file) and only the keys are strings: as a Map of objects it was about 40 MiB of the engine's heap,
// now about 12. Entries handed out are copies.
import type { BlobId } from 'hyperdrive'
import type { ContentRef } from './content-hash.js'
import { HASH_BYTES } from './content-hash.js'
import { DigestIndex, digestFromHex } from './digest-index.js'

export interface KnownEntry {
  size: number
  mtime: number | null
  link: boolean
  /** The content the entry names; its size is the entry's. */
  ref: ContentRef | null
  blob: BlobId | null
}

const FIRST_CAPACITY = 256

export class FileRecord {
  /** Each key's slot, in the order keys were first set. */
  readonly #slots = new Map<string, number>()
  /** Each slot's key (undefined: free). */
  readonly #keys: (string | undefined)[] = []
  /** Slots given up by deleted keys, reused first. */
  readonly #free: number[] = []
  /** Slots ever used. */
  #used = 0
  #capacity = 0
  #sizes = new Float64Array(0)
  /** NaN: no mtime. */
  #mtimes = new Float64Array(0)
  /** The content's chunk size; 0: the entry names no content. */
  #chunks = new Uint32Array(0)
  #links = new Uint8Array(0)
  #hashes = Buffer.alloc(0)
  /** Entries with a blob of their own are rare (drives imported before entries named contents). */
  readonly #blobs = new Map<number, BlobId>()
  /** Which slot holds each content: the last one set, until a change or removal makes it stale. */
  readonly #holders = new DigestIndex(() => this.#hashes)
  #holdersStale = false
  readonly #probe = Buffer.alloc(HASH_BYTES)

  get size(): number {
    return this.#slots.size
  }

  has(key: string): boolean {
    return this.#slots.has(key)
  }

  get(key: string): KnownEntry | undefined {
    const slot = this.#slots.get(key)
    return slot === undefined ? undefined : this.#entryAt(slot)
  }

  /**
   * Whether `key` names a content and was recorded with this size and mtime (not as a link): the
   * quick check of a rescan, with nothing allocated.
   */
  matches(key: string, size: number, mtime: number): boolean {
    const slot = this.#slots.get(key)
    return (
      slot !== undefined &&
      this.#chunks[slot] !== 0 &&
      this.#links[slot] === 0 &&
      this.#sizes[slot] === size &&
      this.#mtimes[slot] === mtime
    )
  }

  set(key: string, entry: KnownEntry): void {
    let slot = this.#slots.get(key)
    if (slot === undefined) {
      slot = this.#free.pop() ?? this.#take()
      this.#slots.set(key, slot)
      this.#keys[slot] = key
    } else if (this.#chunks[slot] !== 0) {
      this.#holdersStale = true
    }
    this.#sizes[slot] = entry.size
    this.#mtimes[slot] = entry.mtime ?? NaN
    this.#links[slot] = entry.link ? 1 : 0
    const ref = entry.ref
    const hasRef = ref !== null && digestFromHex(ref.hash, this.#hashes, slot * HASH_BYTES)
    this.#chunks[slot] = hasRef ? ref.chunk : 0
    if (entry.blob) this.#blobs.set(slot, entry.blob)
    else this.#blobs.delete(slot)
    if (hasRef && !this.#holdersStale) this.#holders.insert(slot)
  }

  delete(key: string): boolean {
    const slot = this.#slots.get(key)
    if (slot === undefined) return false
    this.#slots.delete(key)
    this.#keys[slot] = undefined
    if (this.#chunks[slot] !== 0) this.#holdersStale = true
    this.#chunks[slot] = 0
    this.#blobs.delete(slot)
    this.#free.push(slot)
    return true
  }

  keys(): IterableIterator<string> {
    return this.#slots.keys()
  }

  *entries(): Generator<[string, KnownEntry]> {
    for (const [key, slot] of this.#slots) yield [key, this.#entryAt(slot)]
  }

  [Symbol.iterator](): Generator<[string, KnownEntry]> {
    return this.entries()
  }

  /** A file recorded with content `hash` (the last one set), and its entry; null if none or not a digest. */
  holderOf(hash: string): { key: string; entry: KnownEntry } | null {
    if (!digestFromHex(hash, this.#probe, 0)) return null
    if (this.#holdersStale) this.#reindex()
    const slot = this.#holders.find(this.#probe, 0)
    const key = slot === -1 ? undefined : this.#keys[slot]
    return key === undefined ? null : { key, entry: this.#entryAt(slot) }
  }

  #entryAt(slot: number): KnownEntry {
    const chunk = this.#chunks[slot]!
    const size = this.#sizes[slot]!
    const mtime = this.#mtimes[slot]!
    const at = slot * HASH_BYTES
    return {
      size,
      mtime: Number.isNaN(mtime) ? null : mtime,
      link: this.#links[slot] === 1,
      ref: chunk === 0 ? null : { hash: this.#hashes.toString('hex', at, at + HASH_BYTES), size, chunk },
      blob: this.#blobs.get(slot) ?? null,
    }
  }

  /** A slot never used before, the arrays grown (doubled) if they are full. */
  #take(): number {
    const slot = this.#used++
    if (slot >= this.#capacity) this.#grow(Math.max(FIRST_CAPACITY, this.#capacity * 2))
    return slot
  }

  #grow(capacity: number): void {
    const grown = <T extends Float64Array | Uint32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity)
      next.set(old)
      return next
    }
    this.#sizes = grown(this.#sizes, (n) => new Float64Array(n))
    this.#mtimes = grown(this.#mtimes, (n) => new Float64Array(n))
    this.#chunks = grown(this.#chunks, (n) => new Uint32Array(n))
    this.#links = grown(this.#links, (n) => new Uint8Array(n))
    const hashes = Buffer.alloc(capacity * HASH_BYTES)
    this.#hashes.copy(hashes)
    this.#hashes = hashes
    this.#capacity = capacity
  }

  /** Index every slot that names a content again, in the map's order (the last set wins). */
  #reindex(): void {
    this.#holders.clear()
    for (const slot of this.#slots.values()) if (this.#chunks[slot] !== 0) this.#holders.insert(slot)
    this.#holdersStale = false
  }
}
