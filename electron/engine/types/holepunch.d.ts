// Minimal types for the Holepunch modules, covering only what the engine uses.

declare module 'ready-resource' {
  import { EventEmitter } from 'node:events'
  export default class ReadyResource extends EventEmitter {
    opened: boolean
    opening: Promise<void> | null
    closed: boolean
    closing: Promise<void> | null
    ready(): Promise<void>
    close(): Promise<void>
    protected _open(): Promise<void>
    protected _close(): Promise<void>
  }
}

declare module 'hypercore-crypto' {
  export interface KeyPair {
    publicKey: Buffer
    secretKey: Buffer
  }
  export function keyPair(seed?: Buffer): KeyPair
  export function randomBytes(n: number): Buffer
  export function discoveryKey(key: Buffer): Buffer
  export function hash(data: Buffer | Buffer[]): Buffer
  export function sign(message: Buffer, secretKey: Buffer): Buffer
  export function verify(message: Buffer, signature: Buffer, publicKey: Buffer): boolean
  const crypto: {
    keyPair: typeof keyPair
    randomBytes: typeof randomBytes
    discoveryKey: typeof discoveryKey
    hash: typeof hash
    sign: typeof sign
    verify: typeof verify
  }
  export default crypto
}

declare module 'z32' {
  const z32: { encode(buf: Buffer | Uint8Array): string; decode(text: string): Buffer }
  export default z32
}

declare module 'hyperdht' {
  import { EventEmitter } from 'node:events'
  import type { KeyPair } from 'hypercore-crypto'
  export interface Node {
    host: string
    port: number
  }
  export interface DHTOptions {
    bootstrap?: (Node | string)[]
    host?: string
    port?: number
    keyPair?: KeyPair
    ephemeral?: boolean
    firewalled?: boolean
  }
  export default class DHT extends EventEmitter {
    constructor(opts?: DHTOptions)
    static bootstrapper(port: number, host: string, opts?: DHTOptions): DHT
    static keyPair(seed?: Buffer): KeyPair
    defaultKeyPair: KeyPair
    bootstrapNodes: Node[]
    host: string | null
    port: number
    firewalled: boolean
    ephemeral: boolean
    destroyed: boolean
    fullyBootstrapped(): Promise<void>
    ready(): Promise<void>
    address(): { host: string; port: number }
    addNode(node: Node): void
    toArray(): Node[]
    destroy(opts?: { force?: boolean }): Promise<void>
    suspend(): Promise<void>
    resume(): Promise<void>
  }
}

declare module 'hyperdht/testnet.js' {
  import type DHT from 'hyperdht'
  export interface Testnet {
    nodes: DHT[]
    bootstrap: { host: string; port: number }[]
    createNode(opts?: object): DHT
    destroy(): Promise<void>
  }
  export default function createTestnet(size?: number, opts?: object): Promise<Testnet>
}

declare module 'hyperswarm' {
  import { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'
  import type DHT from 'hyperdht'
  import type { KeyPair } from 'hypercore-crypto'

  export interface NoiseSocket extends Duplex {
    remotePublicKey: Buffer
    publicKey: Buffer
    rawStream?: { remoteHost?: string; remotePort?: number; rtt?: number }
    userData: unknown
  }
  export interface PeerInfo {
    publicKey: Buffer
    topics: Buffer[]
    client: boolean
    banned: boolean
    /** Failed connection attempts (hyperswarm gives up after a few). */
    attempts: number
    ban(banned?: boolean): void
  }
  export interface PeerDiscovery {
    flushed(): Promise<void>
    refresh(opts?: { client?: boolean; server?: boolean }): Promise<void>
    destroy(): Promise<void>
  }
  export interface SwarmOptions {
    keyPair?: KeyPair
    dht?: DHT
    bootstrap?: unknown
    maxPeers?: number
    firewall?: (remotePublicKey: Buffer, payload?: unknown) => boolean
    relayThrough?: Buffer | ((force: boolean) => Buffer | null)
  }
  export default class Hyperswarm extends EventEmitter {
    constructor(opts?: SwarmOptions)
    dht: DHT
    keyPair: KeyPair
    connections: Set<NoiseSocket>
    peers: Map<string, PeerInfo>
    join(topic: Buffer, opts?: { client?: boolean; server?: boolean }): PeerDiscovery
    leave(topic: Buffer): Promise<void>
    joinPeer(publicKey: Buffer): void
    leavePeer(publicKey: Buffer): void
    flush(): Promise<void>
    listen(): Promise<void>
    suspend(): Promise<void>
    resume(): Promise<void>
    topics(): IterableIterator<PeerDiscovery>
    destroy(opts?: { force?: boolean }): Promise<void>
    on(event: 'connection', cb: (conn: NoiseSocket, info: PeerInfo) => void): this
    on(event: 'update', cb: () => void): this
  }
}

declare module 'hypercore-storage' {
  /** Hypercore's storage (one RocksDB); corestore makes one from a folder unless given one. */
  export default class CoreStorage {
    constructor(
      dir: string,
      opts?: { writeBufferSize?: number; blockCache?: boolean; tableCacheIndexAndFilterBlocks?: boolean },
    )
  }
}

declare module 'corestore' {
  import type { Duplex } from 'node:stream'
  export interface Core {
    key: Buffer
    discoveryKey: Buffer
    length: number
    ready(): Promise<void>
    close(): Promise<void>
  }
  export default class Corestore {
    constructor(storage: string | import('hypercore-storage').default, opts?: object)
    ready(): Promise<void>
    close(): Promise<void>
    namespace(name: string): Corestore
    session(opts?: object): Corestore
    get(opts: object | Buffer): Core
    replicate(stream: Duplex | boolean, opts?: object): Duplex
  }
}

declare module 'hyperbee' {
  import type { Core } from 'corestore'
  export interface Entry<T> {
    seq: number
    key: string
    value: T
  }
  export default class Hyperbee<T = unknown> {
    constructor(core: Core, opts?: object)
    core: Core
    version: number
    ready(): Promise<void>
    close(): Promise<void>
    get(key: string, opts?: object): Promise<Entry<T> | null>
    put(key: string, value: T, opts?: object): Promise<void>
    del(key: string, opts?: object): Promise<void>
    createReadStream(
      range?: { gt?: string; gte?: string; lt?: string; lte?: string },
      opts?: object,
    ): AsyncIterable<Entry<T>>
  }
}

declare module 'autobase' {
  import { EventEmitter } from 'node:events'
  import type Corestore from 'corestore'
  import type { Core } from 'corestore'
  export interface ApplyNode<V> {
    value: V
    from: { key: Buffer }
    length: number
  }
  export interface ApplyHost {
    addWriter(key: Buffer, opts?: { indexer?: boolean }): Promise<void>
    removeWriter(key: Buffer): Promise<void>
  }
  export interface AutobaseOptions<V, View> {
    open: (store: Corestore) => View
    apply: (nodes: ApplyNode<V>[], view: View, host: ApplyHost) => Promise<void>
    close?: (view: View) => Promise<void>
    valueEncoding?: string
    ackInterval?: number
    encryptionKey?: Buffer
    encrypt?: boolean
  }
  export default class Autobase<V = unknown, View = unknown> extends EventEmitter {
    constructor(store: Corestore, bootstrap: Buffer | null, opts: AutobaseOptions<V, View>)
    static getLocalKey(store: Corestore): Promise<Buffer>
    key: Buffer
    discoveryKey: Buffer
    encryptionKey: Buffer | null
    local: Core
    view: View
    writable: boolean
    isIndexer: boolean
    closed: boolean
    ready(): Promise<void>
    close(): Promise<void>
    append(value: V): Promise<void>
    update(): Promise<void>
    ack(bg?: boolean): Promise<void>
  }
}

declare module 'blind-pairing' {
  import { EventEmitter } from 'node:events'
  import type Hyperswarm from 'hyperswarm'
  export interface MemberRequest {
    inviteId: Buffer
    userData: Buffer | null
    open(publicKey: Buffer): Buffer
    confirm(result: { key: Buffer; encryptionKey?: Buffer }): void
    deny(opts?: { status?: number }): void
  }
  export interface CandidateRequest extends EventEmitter {
    on(event: 'rejected', cb: (err: Error & { code?: string }) => void): this
    on(event: 'accepted', cb: (auth: { key: Buffer; encryptionKey: Buffer | null }) => void): this
  }
  export interface PairingMember {
    flushed(): Promise<void>
    close(): Promise<void>
  }
  export interface PairingCandidate {
    request: CandidateRequest
    pairing: Promise<{ key: Buffer; encryptionKey: Buffer | null } | null>
    close(): Promise<void>
  }
  export default class BlindPairing {
    constructor(swarm: Hyperswarm, opts?: { poll?: number })
    static createInvite(
      key: Buffer,
      opts?: { seed?: Buffer; discoveryKey?: Buffer; expires?: number },
    ): { invite: Buffer; publicKey: Buffer; discoveryKey: Buffer; id: Buffer }
    addMember(opts: { discoveryKey: Buffer; onadd: (request: MemberRequest) => Promise<void> }): PairingMember
    addCandidate(opts: {
      invite: Buffer
      userData: Buffer
      onadd?: (result: unknown) => Promise<void>
    }): PairingCandidate
    ready(): Promise<void>
    close(): Promise<void>
    suspend(): Promise<void>
    resume(): void
  }
}

declare module 'rache' {
  /** A size-bounded cache with random eviction (hyperbee's); corestore hands one to all its bees. */
  export default class Rache {
    constructor(opts?: { maxSize?: number })
  }
}
