// Minimal types for the LAN discovery and relay modules, covering only what the engine uses.

declare module 'multicast-dns' {
  import { EventEmitter } from 'node:events'
  export interface RemoteInfo {
    address: string
    port: number
    family: string
  }
  export interface Answer {
    name: string
    type: string
    ttl?: number
    data?: unknown
  }
  export interface Packet {
    type: 'query' | 'response'
    questions?: { name: string; type: string }[]
    answers?: Answer[]
    additionals?: Answer[]
  }
  export interface MulticastDns extends EventEmitter {
    query(packet: Partial<Packet>, cb?: (err: Error | null) => void): void
    respond(packet: Partial<Packet>, cb?: (err: Error | null) => void): void
    update(): void
    destroy(cb?: () => void): void
    on(event: 'query' | 'response', cb: (packet: Packet, rinfo: RemoteInfo) => void): this
    on(event: 'ready' | 'networkInterface', cb: () => void): this
    on(event: 'error' | 'warning', cb: (err: Error & { code?: string }) => void): this
  }
  export default function multicastDns(opts?: {
    port?: number
    ip?: string
    interface?: string
    loopback?: boolean
    reuseAddr?: boolean
  }): MulticastDns
}

declare module 'blind-relay' {
  import { EventEmitter } from 'node:events'
  export class Server extends EventEmitter {
    constructor(opts: { createStream: (opts: object) => unknown })
    accept(stream: unknown, opts?: { id?: Buffer }): EventEmitter
    close(): Promise<void>
    stats: unknown
  }
}
