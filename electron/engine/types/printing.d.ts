// Minimal types for the Holepunch modules the printing channel uses (protomux, secret-stream).

declare module 'protomux' {
  import type { Duplex } from 'node:stream'

  export interface MessageSpec<T = Uint8Array> {
    encoding?: {
      preencode(state: unknown, value: T): void
      encode(state: unknown, value: T): void
      decode(state: unknown): T
    }
    onmessage?: (message: T, channel: Channel) => void | Promise<void>
    autoBatch?: boolean
  }
  export interface Message<T = Uint8Array> {
    type: number
    send(message: T, channel?: Channel): boolean
  }
  export interface Channel {
    userData: unknown
    protocol: string
    id: Buffer | null
    opened: boolean
    closed: boolean
    destroyed: boolean
    readonly drained: boolean
    messages: Message[]
    open(handshake?: unknown): void
    fullyOpened(): Promise<boolean>
    close(): void
    addMessage<T = Uint8Array>(spec: MessageSpec<T>): Message<T>
    cork(): void
    uncork(): void
  }
  export interface ChannelOptions {
    protocol: string
    id?: Buffer | null
    unique?: boolean
    userData?: unknown
    handshake?: MessageSpec['encoding'] | null
    messages?: MessageSpec[]
    onopen?: (handshake: unknown, channel: Channel) => void | Promise<void>
    onclose?: (isRemote: boolean, channel: Channel) => void | Promise<void>
    ondestroy?: (channel: Channel) => void | Promise<void>
    ondrain?: (channel: Channel) => void | Promise<void>
  }
  export default class Protomux {
    constructor(stream: Duplex, opts?: object)
    static from(stream: Duplex, opts?: object): Protomux
    stream: Duplex
    drained: boolean
    createChannel(opts: ChannelOptions): Channel | null
    opened(opts: { protocol: string; id?: Buffer | null }): boolean
    pair(opts: { protocol: string; id?: Buffer | null }, notify: (id: Buffer | null) => void): void
    unpair(opts: { protocol: string; id?: Buffer | null }): void
    destroy(err?: Error): void
  }
}

declare module '@hyperswarm/secret-stream' {
  import { Duplex } from 'node:stream'
  export default class NoiseSecretStream extends Duplex {
    constructor(isInitiator: boolean, rawStream?: Duplex | null, opts?: object)
    isInitiator: boolean
    publicKey: Buffer | null
    remotePublicKey: Buffer | null
    rawStream: Duplex
    userData: unknown
    opened: Promise<boolean>
  }
}
