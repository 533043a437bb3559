// Minimal types for the drive modules the shares code uses (hyperdrive, localdrive, mirror-drive).

declare module 'hyperdrive' {
  import { EventEmitter } from 'node:events'
  import type { Readable, Writable } from 'node:stream'
  import type Corestore from 'corestore'

  export interface BlobId {
    byteOffset: number
    blockOffset: number
    blockLength: number
    byteLength: number
  }
  export interface DriveEntryValue {
    executable: boolean
    linkname: string | null
    blob: BlobId | null
    metadata: unknown
  }
  export interface DriveEntry {
    seq: number
    key: string
    value: DriveEntryValue
  }
  export interface DiffEntry {
    left: DriveEntry | null
    right: DriveEntry | null
  }
  export interface DriveCore extends EventEmitter {
    key: Buffer
    discoveryKey: Buffer
    length: number
    /** Blocks 0 up to this index are all in the local store. */
    contiguousLength: number
    writable: boolean
    readable: boolean
    peers: unknown[]
    ready(): Promise<void>
    update(opts?: { wait?: boolean }): Promise<boolean>
    has(start: number, end?: number): Promise<boolean>
    get(index: number): Promise<Buffer | null>
    download(range?: { start?: number; end?: number; blocks?: number[] }): {
      done(): Promise<void>
      destroy(): void
    }
    on(event: 'download' | 'upload', cb: (index: number, byteLength: number, from: unknown) => void): this
    on(event: 'append' | 'peer-add' | 'peer-remove' | 'close', cb: (...args: unknown[]) => void): this
  }
  export interface Blobs {
    core: DriveCore
    createReadStream(id: BlobId, opts?: object): Readable
    createWriteStream(opts?: object): Writable & { id: BlobId | null }
  }
  export interface Bee {
    version: number
    core: DriveCore
    put(key: string, value: unknown, opts?: object): Promise<void>
    batch(): {
      put(key: string, value: unknown): Promise<void>
      flush(): Promise<void>
      close(): Promise<void>
    }
    get(key: string, opts?: object): Promise<{ seq: number; key: string; value: unknown } | null>
    createReadStream(
      range?: { gt?: string; gte?: string; lt?: string; lte?: string },
      opts?: object,
    ): AsyncIterable<{ seq: number; key: string; value: unknown }>
  }
  export interface HyperdriveOptions {
    encryptionKey?: Buffer | null
    onwait?: () => void
    active?: boolean
    /** Hyperbee's extension, which asks peers for hints of the blocks a read will need (default on). */
    extension?: boolean
  }
  export default class Hyperdrive extends EventEmitter {
    constructor(store: Corestore, key?: Buffer | null, opts?: HyperdriveOptions)
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly encryptionKey: Buffer | null
    readonly version: number
    readonly writable: boolean
    readonly core: DriveCore
    clearAll(): Promise<unknown>
    readonly db: Bee
    blobs: Blobs | null
    opened: boolean
    closed: boolean
    closing: Promise<void> | null
    ready(): Promise<void>
    close(): Promise<void>
    update(opts?: { wait?: boolean }): Promise<boolean>
    findingPeers(): () => void
    getBlobs(): Promise<Blobs>
    entry(
      name: string,
      opts?: { follow?: boolean; wait?: boolean; timeout?: number },
    ): Promise<DriveEntry | null>
    get(name: string): Promise<Buffer | null>
    put(
      name: string,
      data: Buffer | string,
      opts?: { executable?: boolean; metadata?: unknown },
    ): Promise<void>
    del(name: string): Promise<void>
    symlink(name: string, target: string): Promise<void>
    putEntry(name: string, value: Partial<DriveEntryValue>): Promise<void>
    exists(name: string): Promise<boolean>
    list(
      folder?: string,
      opts?: { recursive?: boolean; ignore?: (key: string) => boolean },
    ): AsyncIterable<DriveEntry>
    readdir(folder?: string): AsyncIterable<string>
    diff(length: number, folder?: string): AsyncIterable<DiffEntry>
    checkout(version: number): Hyperdrive
    batch(): Hyperdrive
    flush(): Promise<void>
    download(folder?: string): { done(): Promise<void>; destroy(): void; close(): Promise<void> }
    createReadStream(entry: string | DriveEntry, opts?: { start?: number; end?: number }): Readable
    createWriteStream(name: string, opts?: { executable?: boolean; metadata?: unknown }): Writable
    mirror(out: unknown, opts?: object): AsyncIterable<unknown>
    static normalizePath(name: string): string
  }
}

declare module 'localdrive' {
  export interface LocaldriveOptions {
    followLinks?: boolean
    metadata?: { get(key: string): unknown; put?(key: string, value: unknown): void; del?(key: string): void }
  }
  export default class Localdrive {
    constructor(root: string, opts?: LocaldriveOptions)
    readonly root: string
  }
}

declare module 'mirror-drive' {
  export interface MirrorOp {
    op: 'add' | 'change' | 'remove' | 'equal'
    key: string
    bytesAdded: number
    bytesRemoved: number
  }
  export interface MirrorOptions {
    prefix?: string | string[]
    prune?: boolean
    batch?: boolean
    entries?: string[]
    filter?: (key: string) => boolean
    ignore?: (key: string) => boolean
    includeEquals?: boolean
    metadataEquals?: (a: unknown, b: unknown) => boolean
  }
  export default class MirrorDrive implements AsyncIterable<MirrorOp> {
    constructor(src: unknown, dst: unknown, opts?: MirrorOptions)
    count: { files: number; add: number; remove: number; change: number }
    bytesAdded: number
    bytesRemoved: number
    done(): Promise<void>
    [Symbol.asyncIterator](): AsyncIterator<MirrorOp>
  }
}

declare module 'sub-encoder' {
  export default class SubEncoder {
    constructor(prefix: string, encoding: string)
    encode(key: string): Buffer
    encodeRange(range: { gt: string; lt: string }): { gt: Buffer; lt: Buffer }
    decode(key: Buffer): string
  }
}

declare module 'hyperbee/lib/messages.js' {
  /** One block of a Hyperbee: the key and value of one put (value null for a delete), and its tree. */
  export const Node: {
    decode(block: Buffer): { index: Buffer; key: Buffer; value: Buffer | null }
  }
}
