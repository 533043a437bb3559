// Content digests (32-byte SHA-256 roots) kept as bytes in flat buffers, not as 64-character hex
// strings in a Set or Map. An owner sharing 100,000 files holds one per file and one per history
// copy: as strings with their Map and Set entries that was about 20 MiB of its heap, as bytes with
// an open-addressing index about 5.
import { HASH_BYTES } from './content-hash.js'

const EMPTY = -1
/** The hex form of a digest. */
const HEX_LENGTH = HASH_BYTES * 2

/** Writes `hex` into `into` at `offset`; false (nothing usable written) unless it is a digest's hex. */
export function digestFromHex(hex: string, into: Buffer, offset: number): boolean {
  return hex.length === HEX_LENGTH && into.write(hex, offset, HASH_BYTES, 'hex') === HASH_BYTES
}

/**
 * An index of digests stored elsewhere (id `i`'s digest at `i * HASH_BYTES` of the owner's buffer),
 * by open addressing. One id per digest: inserting a digest already there replaces its id. No
 * removal: an owner that drops ids clears the index and inserts the rest again.
 */
export class DigestIndex {
  readonly #digests: () => Uint8Array
  #table = new Int32Array(1024).fill(EMPTY)
  #count = 0

  /** `digests`: the owner's buffer as it is now (it may be replaced as it grows). */
  constructor(digests: () => Uint8Array) {
    this.#digests = digests
  }

  get size(): number {
    return this.#count
  }

  /** The id whose digest equals `bytes[offset..offset + 32]`, or -1. */
  find(bytes: Uint8Array, offset: number): number {
    const table = this.#table
    const mask = table.length - 1
    for (let at = startOf(bytes, offset, mask); ; at = (at + 1) & mask) {
      const id = table[at]!
      if (id === EMPTY) return -1
      if (equal(this.#digests(), id * HASH_BYTES, bytes, offset)) return id
    }
  }

  /** Index id `id` by the digest the owner's buffer holds for it. */
  insert(id: number): void {
    if ((this.#count + 1) * 2 > this.#table.length) this.#grow()
    if (this.#place(this.#table, id)) this.#count++
  }

  clear(): void {
    this.#table.fill(EMPTY)
    this.#count = 0
  }

  /** Puts `id` in `table`; true when its digest was not there before. */
  #place(table: Int32Array, id: number): boolean {
    const digests = this.#digests()
    const offset = id * HASH_BYTES
    const mask = table.length - 1
    for (let at = startOf(digests, offset, mask); ; at = (at + 1) & mask) {
      const other = table[at]!
      if (other === EMPTY || equal(digests, other * HASH_BYTES, digests, offset)) {
        table[at] = id
        return other === EMPTY
      }
    }
  }

  #grow(): void {
    const old = this.#table
    this.#table = new Int32Array(old.length * 2).fill(EMPTY)
    for (const id of old) if (id !== EMPTY) this.#place(this.#table, id)
  }
}

/** A set of digests, given and tested as hex. */
export class DigestSet {
  #bytes = Buffer.alloc(256 * HASH_BYTES)
  readonly #index = new DigestIndex(() => this.#bytes)
  /** Where a digest asked about is parsed. */
  readonly #probe = Buffer.alloc(HASH_BYTES)

  get size(): number {
    return this.#index.size
  }

  /** Adds the digest `hex`; a string that is not one is ignored. */
  add(hex: string): this {
    const id = this.#index.size
    if ((id + 1) * HASH_BYTES > this.#bytes.length) {
      const bigger = Buffer.alloc(this.#bytes.length * 2)
      this.#bytes.copy(bigger)
      this.#bytes = bigger
    }
    if (!digestFromHex(hex, this.#bytes, id * HASH_BYTES)) return this
    if (this.#index.find(this.#bytes, id * HASH_BYTES) === -1) this.#index.insert(id)
    return this
  }

  has(hex: string): boolean {
    return digestFromHex(hex, this.#probe, 0) && this.#index.find(this.#probe, 0) !== -1
  }
}

/** Where a digest's search starts: its first four bytes (digests are uniform), masked. */
function startOf(bytes: Uint8Array, offset: number, mask: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) &
    mask
  )
}

function equal(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  for (let i = 0; i < HASH_BYTES; i++) if (a[aOffset + i] !== b[bOffset + i]) return false
  return true
}
