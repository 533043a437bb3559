// The content channel between two members, "peerdesk/content/1" over protomux: ask which of some
// contents a peer holds, and fetch one chunk of one content. The asker checks every answer
// against hashes it already trusts (the owner's signed entry), so the channel carries no authority.
import c from 'compact-encoding'
import type Protomux from 'protomux'
import type { Channel, Message } from 'protomux'
import { AppError } from '../../../shared/errors.js'
import { createLogger } from '../logger.js'
import { chunkPool } from '../buffer-pool.js'
import { HASH_BYTES, MAX_CHUNK } from './content-hash.js'

const log = createLogger('content-protocol')

export const CONTENT_PROTOCOL = 'peerdesk/content/1'

export const RequestKind = {
  /** Which of these contents do you hold? Payload: one byte per hash, 1 = yes. */
  Have: 0,
  /** One chunk of one content. */
  Chunk: 1,
} as const
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind]

const Status = { Ok: 0, NotFound: 1, Failed: 2 } as const
type Status = (typeof Status)[keyof typeof Status]

export interface ContentRequest {
  kind: RequestKind
  /** One hash for Chunk; up to MAX_HAVE for Have. */
  hashes: Buffer[]
  index: number
}

/**
 * Answers a request: the payload, or null when this device does not hold that content. A payload read
 * into `allocate(length)` goes out without a copy.
 */
export type RequestHandler = (
  req: ContentRequest,
  allocate: (length: number) => Buffer,
) => Promise<Buffer | null>

export const MAX_HAVE = 1024
/** Requests one peer may have outstanding with us; more is a protocol error, not a queue. */
export const MAX_SERVING = 64
const CHUNK_TIMEOUT_MS = 60_000
/** A peer that cannot say what it holds within this is treated as holding nothing. */
const HAVE_TIMEOUT_MS = 10_000

interface Pending {
  resolve(payload: Buffer | null): void
  reject(err: AppError): void
  timer: NodeJS.Timeout
}

function encodeRequest(id: number, req: ContentRequest): Buffer {
  const state = { start: 0, end: 0, buffer: null as Buffer | null }
  const hashes = Buffer.concat(req.hashes)
  c.uint.preencode(state, id)
  c.uint.preencode(state, req.kind)
  c.buffer.preencode(state, hashes)
  c.uint.preencode(state, req.index)
  state.buffer = Buffer.allocUnsafe(state.end)
  c.uint.encode(state, id)
  c.uint.encode(state, req.kind)
  c.buffer.encode(state, hashes)
  c.uint.encode(state, req.index)
  return state.buffer
}

function decodeRequest(buf: Buffer): { id: number; req: ContentRequest } {
  const state = { start: 0, end: buf.length, buffer: buf }
  const id = c.uint.decode(state)
  const kind = c.uint.decode(state) as RequestKind
  const packed = c.buffer.decode(state) as Buffer | null
  const index = c.uint.decode(state)
  if (state.start !== state.end) throw new Error('trailing bytes')
  // Ids travel back as uint32; an index past 2^32 chunks names nothing.
  if (id < 1 || id > 0xffffffff) throw new Error(`bad request id ${String(id)}`)
  if (index > 0xffffffff) throw new Error('bad chunk index')
  if (kind !== RequestKind.Have && kind !== RequestKind.Chunk) {
    throw new Error(`unknown request kind ${String(kind)}`)
  }
  if (!packed || packed.length % HASH_BYTES !== 0 || packed.length === 0) throw new Error('bad hash list')
  const count = packed.length / HASH_BYTES
  if (count > (kind === RequestKind.Have ? MAX_HAVE : 1)) throw new Error('too many hashes')
  const hashes: Buffer[] = []
  for (let i = 0; i < count; i++) hashes.push(packed.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES))
  return { id, req: { kind, hashes, index } }
}

/** A response: the request's id (uint32 LE), a status byte, then the payload to the end. */
const RESPONSE_HEADER = 5

function frameResponse(id: number, status: Status, payload: Buffer | null, frame: Buffer | null): Buffer {
  const length = payload?.length ?? 0
  // The handler read into the frame we lent it: only the header is left to write, no copy.
  const inPlace =
    frame !== null &&
    payload !== null &&
    payload.buffer === frame.buffer &&
    payload.byteOffset === frame.byteOffset + RESPONSE_HEADER
  const out = inPlace
    ? frame.subarray(0, RESPONSE_HEADER + length)
    : Buffer.allocUnsafe(RESPONSE_HEADER + length)
  out.writeUInt32LE(id, 0)
  out[4] = status
  if (!inPlace && payload) payload.copy(out, RESPONSE_HEADER)
  return out
}

function decodeResponse(buf: Buffer): { id: number; status: Status; payload: Buffer } {
  if (buf.length < RESPONSE_HEADER) throw new Error('short response')
  const status = buf[4]! as Status
  if (status !== Status.Ok && status !== Status.NotFound && status !== Status.Failed) {
    throw new Error(`unknown status ${String(status)}`)
  }
  return { id: buf.readUInt32LE(0), status, payload: buf.subarray(RESPONSE_HEADER) }
}

function payloadLimit(kind: RequestKind, asked: number): number {
  return kind === RequestKind.Have ? asked : MAX_CHUNK
}

/** One content channel on one connection: both asks and answers. */
export class ContentChannel {
  /** The device at the other end (hex), as a ContentPeer names it. */
  readonly key: string
  readonly mux: Protomux
  readonly #channel: Channel
  readonly #request: Message<Buffer>
  readonly #response: Message<Buffer>
  readonly #pending = new Map<number, Pending & { kind: RequestKind; asked: number }>()
  readonly #handler: RequestHandler
  #nextId = 1
  #serving = 0
  /** Answers held back while the stream is full; they count as outstanding until sent. */
  readonly #backlog: Buffer[] = []
  #drained = true
  /** Our requests waiting for a slot: never more than MAX_SERVING outstanding, the peer's limit. */
  readonly #waiting: (() => void)[] = []
  #onClose: (() => void) | null

  private constructor(
    mux: Protomux,
    remoteKey: string,
    handler: RequestHandler,
    onClose: (() => void) | null,
  ) {
    this.key = remoteKey
    this.mux = mux
    this.#handler = handler
    this.#onClose = onClose
    const channel = mux.createChannel({
      protocol: CONTENT_PROTOCOL,
      onclose: () => this.#closed(),
      ondrain: () => {
        this.#drained = true
        while (this.#drained && this.#backlog.length > 0) this.#send(this.#backlog.shift()!)
      },
    })
    if (!channel) throw new AppError('CONFLICT', 'A content channel is already open on this connection')
    this.#channel = channel
    this.#request = channel.addMessage<Buffer>({
      encoding: c.raw as never,
      onmessage: (buf) => this.#onRequest(buf),
    })
    this.#response = channel.addMessage<Buffer>({
      encoding: c.raw as never,
      onmessage: (buf) => this.#onResponse(buf),
    })
  }

  /** Creates and opens the channel; protomux pairs it with the peer's. */
  static open(
    mux: Protomux,
    remoteKey: string,
    handler: RequestHandler,
    onClose: (() => void) | null = null,
  ): ContentChannel {
    const channel = new ContentChannel(mux, remoteKey, handler, onClose)
    channel.#channel.open()
    return channel
  }

  get closed(): boolean {
    return this.#channel.closed
  }

  get opened(): boolean {
    return this.#channel.opened && !this.#channel.closed
  }

  /** Requests outstanding on this channel (for spreading load over peers). */
  get inflight(): number {
    return this.#pending.size
  }

  /** Resolves the payload, null if the peer does not hold it; rejects UNAVAILABLE if the peer fails. */
  async request(req: ContentRequest): Promise<Buffer | null> {
    while (this.#pending.size >= MAX_SERVING && !this.#channel.closed) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    }
    if (this.#channel.closed) throw new AppError('UNAVAILABLE', 'The peer is no longer connected')
    const id = this.#nextId
    this.#nextId = (this.#nextId + 1) >>> 0 || 1
    const timeoutMs = req.kind === RequestKind.Have ? HAVE_TIMEOUT_MS : CHUNK_TIMEOUT_MS
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settled(id)
        reject(new AppError('UNAVAILABLE', 'The peer did not answer in time'))
      }, timeoutMs)
      this.#pending.set(id, { resolve, reject, timer, kind: req.kind, asked: req.hashes.length })
      this.#request.send(encodeRequest(id, req))
    })
  }

  /** A request is over: its slot goes to the next one waiting. */
  #settled(id: number): void {
    this.#pending.delete(id)
    this.#waiting.shift()?.()
  }

  close(): void {
    this.#channel.close()
  }

  #protocolError(why: string): void {
    log.warn(`closing the content channel with ${this.key.slice(0, 8)}: ${why}`)
    this.#channel.close()
  }

  #onRequest(buf: Buffer): void {
    let decoded: { id: number; req: ContentRequest }
    try {
      decoded = decodeRequest(buf)
    } catch (err) {
      this.#protocolError(`malformed request (${(err as Error).message})`)
      return
    }
    if (this.#serving >= MAX_SERVING) {
      this.#protocolError(`more than ${MAX_SERVING} requests outstanding`)
      return
    }
    this.#serving++
    const { id, req } = decoded
    let frame: Buffer | null = null
    const allocate = (length: number): Buffer => {
      frame = chunkPool.take(RESPONSE_HEADER + length) ?? Buffer.allocUnsafe(RESPONSE_HEADER + length)
      return frame.subarray(RESPONSE_HEADER)
    }
    this.#handler(req, allocate)
      .catch((err: unknown) => {
        log.info(`could not answer a content request: ${String(err)}`)
        return undefined
      })
      .then((payload) => {
        const status = payload ? Status.Ok : payload === null ? Status.NotFound : Status.Failed
        const response = frameResponse(id, status, payload ?? null, frame)
        // A pooled frame the answer did not go out in is free again.
        if (frame && response.buffer !== frame.buffer) chunkPool.give(frame)
        this.#answer(response)
      })
      .catch((err: unknown) => {
        log.warn(`content channel with ${this.key.slice(0, 8)}: ${String(err)}`)
        this.#channel.close()
      })
  }

  /**
   * A peer that asks and never reads does not make us buffer without end: while the stream is full,
   * answers wait here and still count against the peer's MAX_SERVING.
   */
  #answer(response: Buffer): void {
    if (this.#channel.closed) return
    if (this.#drained && this.#backlog.length === 0) this.#send(response)
    else this.#backlog.push(response)
  }

  #send(response: Buffer): void {
    this.#serving--
    this.#drained = this.#response.send(response)
    // Protomux copied it into the stream's own buffer: a pooled frame is free again.
    chunkPool.give(response)
  }

  #onResponse(buf: Buffer): void {
    let res: { id: number; status: Status; payload: Buffer }
    try {
      res = decodeResponse(buf)
    } catch (err) {
      this.#protocolError(`malformed response (${(err as Error).message})`)
      return
    }
    const pending = this.#pending.get(res.id)
    // An answer to a request that timed out: nothing waits for it any more.
    if (!pending) return
    this.#settled(res.id)
    clearTimeout(pending.timer)
    if (res.status === Status.Ok) {
      if (res.payload.length > payloadLimit(pending.kind, pending.asked)) {
        pending.reject(new AppError('UNAVAILABLE', 'The peer sent more than was asked for'))
        this.#protocolError('an oversized answer')
        return
      }
      pending.resolve(res.payload)
    } else if (res.status === Status.NotFound) {
      pending.resolve(null)
    } else {
      pending.reject(new AppError('UNAVAILABLE', 'The peer could not read that content'))
    }
  }

  #closed(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(new AppError('UNAVAILABLE', 'The peer disconnected'))
    }
    this.#pending.clear()
    for (const wake of this.#waiting.splice(0)) wake()
    this.#backlog.length = 0
    const onClose = this.#onClose
    this.#onClose = null
    onClose?.()
  }
}
