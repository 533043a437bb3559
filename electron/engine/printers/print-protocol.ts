// The print channel between a member and a printer's owner, on the connection they already share:
// job offers, the file in chunks, status updates and cancels, over protomux as "peerdesk/print/1".
import c from 'compact-encoding'
import type Protomux from 'protomux'
import type { Channel, Message } from 'protomux'
import { z } from 'zod'
import { AppError, isErrorCode, type ErrorCode } from '../../../shared/errors.js'
import { createLogger } from '../logger.js'
import { PRINTABLE_TYPES, type PrintableType } from './printer-types.js'

const log = createLogger('print-protocol')

/** The major version is in the name: a peer that speaks another one simply never pairs. */
export const PRINT_PROTOCOL = 'peerdesk/print/1'
export const CHUNK_SIZE = 64 * 1024
const DEFAULT_MAX_JOB_BYTES = 50 * 1024 * 1024

export const PRINT_STATUSES = [
  'sent',
  'waiting-approval',
  'queued',
  'printing',
  'completed',
  'failed',
  'cancelled',
] as const
export type PrintStatus = (typeof PRINT_STATUSES)[number]

export interface JobOffer {
  id: string
  printer: string
  title: string
  type: PrintableType
  size: number
  /** Untrusted here: job-check validates them against the whitelist. */
  options: Record<string, unknown>
}

export interface StatusUpdate {
  id: string
  status: PrintStatus
  /** For failed: what went wrong, for a person, and a code for the program. */
  reason?: string
  code?: ErrorCode
}

export interface PrintChannelHandlers {
  onOpen?(): void
  onOffer?(offer: JobOffer): void | Promise<void>
  onData?(id: string, chunk: Buffer, index: number): void | Promise<void>
  onEnd?(id: string): void | Promise<void>
  onStatus?(update: StatusUpdate): void | Promise<void>
  onCancel?(id: string): void | Promise<void>
  /** error: why the channel was closed (a malformed message from either side), null on a plain close. */
  onClose?(error: AppError | null): void
}

export interface PrintChannelOptions {
  /** Offers larger than this are a protocol error; policy limits (job-check) may be lower. */
  maxJobBytes?: number
}

const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const offerSchema = z.object({
  id: jobId,
  printer: z.string().min(1).max(127),
  title: z.string().max(200),
  type: z.enum(PRINTABLE_TYPES),
  size: z.number().int().min(1),
  options: z.record(z.string(), z.unknown()),
})

type State = { start: number; end: number; buffer: Uint8Array | null }
interface Encoder<T> {
  preencode(state: State, value: T): void
  encode(state: State, value: T): void
  decode(state: State): T
}

/** Writes fields with compact-encoding, sized first so one buffer is allocated. */
function encodeFields(write: (state: State, pass: 'pre' | 'enc') => void): Buffer {
  const state: State = { start: 0, end: 0, buffer: null }
  write(state, 'pre')
  state.buffer = Buffer.alloc(state.end)
  write(state, 'enc')
  return state.buffer as Buffer
}

function put<T>(enc: Encoder<T>, state: State, pass: 'pre' | 'enc', value: T): void {
  if (pass === 'pre') enc.preencode(state, value)
  else enc.encode(state, value)
}

/** Reads fields and insists every byte was used: trailing bytes mean a malformed message. */
function decodeFields<T>(buffer: Buffer, read: (state: State) => T): T {
  const state: State = { start: 0, end: buffer.length, buffer }
  const value = read(state)
  if (state.start !== state.end) throw new Error('trailing bytes')
  return value
}

const wire = {
  offer: (m: JobOffer) =>
    encodeFields((s, p) => {
      put(c.string, s, p, m.id)
      put(c.string, s, p, m.printer)
      put(c.string, s, p, m.title)
      put(c.string, s, p, m.type)
      put(c.uint, s, p, m.size)
      put(c.json, s, p, m.options)
    }),
  data: (id: string, index: number, chunk: Uint8Array) =>
    encodeFields((s, p) => {
      put(c.string, s, p, id)
      put(c.uint, s, p, index)
      put(c.buffer, s, p, chunk)
    }),
  id: (id: string) => encodeFields((s, p) => put(c.string, s, p, id)),
  status: (u: StatusUpdate) =>
    encodeFields((s, p) => {
      put(c.string, s, p, u.id)
      put(c.string, s, p, u.status)
      put(c.string, s, p, u.reason ?? '')
      put(c.string, s, p, u.code ?? '')
    }),
  error: (code: ErrorCode, message: string) =>
    encodeFields((s, p) => {
      put(c.string, s, p, code)
      put(c.string, s, p, message)
    }),
}

interface Incoming {
  size: number
  received: number
  next: number
}

/**
 * One print channel on a peer connection. Both sides may offer jobs (every member can own printers).
 * Every message is decoded here rather than by protomux: a decode error inside protomux destroys the
 * whole connection (replication included), while a bad print message must only close this channel.
 */
export class PrintChannel {
  readonly #channel: Channel
  readonly #handlers: PrintChannelHandlers
  readonly #maxJobBytes: number
  readonly #incoming = new Map<string, Incoming>()
  // Jobs we refused or that were cancelled: data still in flight for them is dropped, not an error.
  readonly #dropped = new Set<string>()
  readonly #m: {
    offer: Message
    data: Message
    end: Message
    status: Message
    cancel: Message
    error: Message
  }
  #drainWaiters: (() => void)[] = []
  #closeError: AppError | null = null
  #closeReported = false

  private constructor(mux: Protomux, handlers: PrintChannelHandlers, opts: PrintChannelOptions) {
    this.#handlers = handlers
    this.#maxJobBytes = opts.maxJobBytes ?? DEFAULT_MAX_JOB_BYTES
    const on = (handle: (buf: Buffer) => void) => ({
      encoding: c.raw,
      onmessage: (buf: Uint8Array) => this.#receive(buf, handle),
    })
    const channel = mux.createChannel({
      protocol: PRINT_PROTOCOL,
      messages: [
        on((b) => this.#onOffer(b)),
        on((b) => this.#onData(b)),
        on((b) => this.#onEnd(b)),
        on((b) => this.#onStatus(b)),
        on((b) => this.#onCancel(b)),
        on((b) => this.#onError(b)),
      ],
      onopen: () => this.#call('onOpen', () => this.#handlers.onOpen?.()),
      onclose: () => this.#closed(),
      ondrain: () => this.#drained(),
    })
    if (!channel) throw new AppError('CONFLICT', 'A print channel is already open on this connection')
    this.#channel = channel
    const [offer, data, end, status, cancel, error] = channel.messages
    this.#m = { offer: offer!, data: data!, end: end!, status: status!, cancel: cancel!, error: error! }
  }

  /** Creates and opens the channel; the peer does the same, and protomux pairs the two. */
  static open(mux: Protomux, handlers: PrintChannelHandlers, opts: PrintChannelOptions = {}): PrintChannel {
    const channel = new PrintChannel(mux, handlers, opts)
    channel.#channel.open()
    return channel
  }

  /** Resolves true once the peer opened its side, false if the channel closed first. */
  fullyOpened(): Promise<boolean> {
    return this.#channel.fullyOpened()
  }

  get closed(): boolean {
    return this.#channel.closed
  }

  offer(offer: JobOffer): void {
    this.#send(this.#m.offer, wire.offer(offer))
  }

  /** Sends one chunk; false means the stream is full and the sender should await drained(). */
  sendData(id: string, index: number, chunk: Uint8Array): boolean {
    if (chunk.length === 0 || chunk.length > CHUNK_SIZE) {
      throw new AppError('BAD_REQUEST', `A chunk must hold 1 to ${CHUNK_SIZE} bytes`)
    }
    return this.#send(this.#m.data, wire.data(id, index, chunk))
  }

  end(id: string): void {
    this.#send(this.#m.end, wire.id(id))
  }

  status(update: StatusUpdate): void {
    // A job we report as finished will send no more data worth keeping.
    if (['failed', 'cancelled'].includes(update.status)) this.#drop(update.id)
    this.#send(this.#m.status, wire.status(update))
  }

  cancel(id: string): void {
    this.#send(this.#m.cancel, wire.id(id))
  }

  /** Offers a document and streams it in CHUNK_SIZE pieces, waiting on backpressure, then ends it. */
  async sendDocument(offer: Omit<JobOffer, 'size'>, bytes: Uint8Array): Promise<void> {
    this.offer({ ...offer, size: bytes.length })
    let index = 0
    for (let at = 0; at < bytes.length; at += CHUNK_SIZE) {
      if (this.#dropped.has(offer.id)) return
      if (!this.sendData(offer.id, index++, bytes.subarray(at, at + CHUNK_SIZE))) await this.drained()
    }
    this.end(offer.id)
  }

  /** Resolves when the connection can take more, or rejects CLOSED if the channel closes first. */
  drained(): Promise<void> {
    if (this.#channel.closed) return Promise.reject(this.#closedError())
    if (this.#channel.drained) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.#drainWaiters.push(() => (this.#channel.closed ? reject(this.#closedError()) : resolve()))
    })
  }

  /** Closes the channel; with an error, the peer is told why first. */
  close(error?: AppError): void {
    if (this.#channel.closed) return
    if (error) {
      this.#closeError = error
      this.#m.error.send(wire.error(error.code, error.message))
    }
    this.#channel.close()
  }

  #send(message: Message, buf: Buffer): boolean {
    if (this.#channel.closed) throw this.#closedError()
    return message.send(buf)
  }

  #closedError(): AppError {
    return new AppError('CLOSED', 'The print channel is closed')
  }

  #drop(id: string): void {
    this.#incoming.delete(id)
    this.#dropped.add(id)
    // Bounded: ids are only kept long enough to swallow chunks already in flight.
    if (this.#dropped.size > 1024) this.#dropped.delete(this.#dropped.values().next().value!)
  }

  /** Any failure to decode or validate a message closes this channel with BAD_FRAME; nothing throws. */
  #receive(buf: Uint8Array, handle: (buf: Buffer) => void): void {
    if (this.#channel.closed) return
    try {
      handle(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength))
    } catch (err) {
      const error = err instanceof AppError && err.code === 'BAD_FRAME' ? err : bad(describe(err))
      log.warn(error.message)
      this.close(error)
    }
  }

  #onOffer(buf: Buffer): void {
    const raw = decodeFields(buf, (s) => ({
      id: c.string.decode(s),
      printer: c.string.decode(s),
      title: c.string.decode(s),
      type: c.string.decode(s),
      size: c.uint.decode(s),
      options: c.json.decode(s),
    }))
    const offer = offerSchema.parse(raw) as JobOffer
    if (offer.size > this.#maxJobBytes) throw bad(`offer of ${offer.size} bytes exceeds ${this.#maxJobBytes}`)
    if (this.#incoming.has(offer.id) || this.#dropped.has(offer.id)) throw bad(`duplicate job id ${offer.id}`)
    this.#incoming.set(offer.id, { size: offer.size, received: 0, next: 0 })
    this.#call('onOffer', () => this.#handlers.onOffer?.(offer))
  }

  #onData(buf: Buffer): void {
    const { id, index, chunk } = decodeFields(buf, (s) => ({
      id: c.string.decode(s),
      index: c.uint.decode(s),
      chunk: c.buffer.decode(s),
    }))
    if (this.#dropped.has(id)) return
    const job = this.#incoming.get(id)
    if (!job) throw bad(`data for unknown job ${id}`)
    if (!chunk || chunk.length === 0 || chunk.length > CHUNK_SIZE) throw bad('chunk size out of range')
    if (index !== job.next) throw bad(`chunk ${index} out of order (expected ${job.next})`)
    if (job.received + chunk.length > job.size) throw bad(`job ${id} sent more than its ${job.size} bytes`)
    job.next++
    job.received += chunk.length
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    this.#call('onData', () => this.#handlers.onData?.(id, data, index))
  }

  #onEnd(buf: Buffer): void {
    const id = decodeFields(buf, (s) => c.string.decode(s))
    if (this.#dropped.has(id)) return
    const job = this.#incoming.get(id)
    if (!job) throw bad(`end for unknown job ${id}`)
    if (job.received !== job.size) throw bad(`job ${id} ended after ${job.received} of ${job.size} bytes`)
    this.#incoming.delete(id)
    this.#call('onEnd', () => this.#handlers.onEnd?.(id))
  }

  #onStatus(buf: Buffer): void {
    const raw = decodeFields(buf, (s) => ({
      id: c.string.decode(s),
      status: c.string.decode(s),
      reason: c.string.decode(s),
      code: c.string.decode(s),
    }))
    const id = jobId.parse(raw.id)
    const status = z.enum(PRINT_STATUSES).parse(raw.status)
    const update: StatusUpdate = { id, status }
    if (raw.reason) update.reason = raw.reason.slice(0, 500)
    // An unknown code from a newer peer still reads as a failure, just not a specific one.
    if (raw.code) update.code = isErrorCode(raw.code) ? raw.code : 'INTERNAL'
    this.#call('onStatus', () => this.#handlers.onStatus?.(update))
  }

  #onCancel(buf: Buffer): void {
    const id = jobId.parse(decodeFields(buf, (s) => c.string.decode(s)))
    this.#drop(id)
    this.#call('onCancel', () => this.#handlers.onCancel?.(id))
  }

  #onError(buf: Buffer): void {
    const { code, message } = decodeFields(buf, (s) => ({
      code: c.string.decode(s),
      message: c.string.decode(s),
    }))
    this.#closeError = new AppError(
      isErrorCode(code) ? code : 'BAD_FRAME',
      `Peer closed the print channel: ${message.slice(0, 500)}`,
    )
    this.#channel.close()
  }

  #closed(): void {
    this.#drained()
    if (this.#closeReported) return
    this.#closeReported = true
    const error = this.#closeError
    this.#call('onClose', () => this.#handlers.onClose?.(error))
  }

  #drained(): void {
    const waiters = this.#drainWaiters
    this.#drainWaiters = []
    for (const wake of waiters) wake()
  }

  /** Handlers are the engine's code: their failures are logged, never thrown into protomux. */
  #call(name: string, fn: () => unknown): void {
    try {
      const result = fn()
      if (result instanceof Promise) result.catch((err: unknown) => log.warn(`${name} handler failed`, err))
    } catch (err) {
      log.warn(`${name} handler failed`, err)
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0]
    return `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`
  }
  return err instanceof Error ? err.message : 'invalid'
}

function bad(message: string): AppError {
  return new AppError('BAD_FRAME', `Malformed print message: ${message}`)
}
