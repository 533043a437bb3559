// The host side of one client connection: validates calls, runs them on the service, and streams
// events after `events.subscribe`. Both the WebSocket server and the Electron IPC host use it.
import { z } from 'zod'
import { AppError, toWireError } from './errors.js'
import type { Frame, ReplyFrame } from './frames.js'
import { schemas } from './schemas.js'
import type { AnyEvent, MethodName, Result, Service } from './contract.js'

const callFrameSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().min(0),
    method: z.string().min(1).max(64),
    params: z.unknown().optional(),
  })
  .strict()

export interface EventSource {
  since(seq: number): Result<'events.subscribe'>
  subscribe(cb: (event: AnyEvent) => void): () => void
}

export type HostedService = Omit<Service, 'events.subscribe'>

export interface SessionOptions {
  service: HostedService
  events: EventSource
  send: (frame: Frame) => void
  /** Called with errors that are not AppErrors: bugs to log with their stack. */
  onInternalError?: (err: unknown, method: string) => void
}

export class RpcSession {
  readonly #opts: SessionOptions
  #unsubscribe: (() => void) | null = null
  #closed = false

  constructor(opts: SessionOptions) {
    this.#opts = opts
  }

  /** Handle one decoded frame; never throws, always answers a call. */
  async handle(raw: unknown): Promise<void> {
    const parsed = callFrameSchema.safeParse(raw)
    if (!parsed.success) {
      const id = idOf(raw)
      this.#reply({ type: 'reply', id, ok: false, error: badFrame(parsed.error.issues[0]?.message) })
      return
    }
    const { id, method, params } = parsed.data
    try {
      const result = await this.#run(method, params ?? {})
      this.#reply({ type: 'reply', id, ok: true, result })
    } catch (err) {
      if (!(err instanceof AppError)) this.#opts.onInternalError?.(err, method)
      this.#reply({ type: 'reply', id, ok: false, error: toWireError(err) })
    }
  }

  /** Answer a frame that could not even be decoded. */
  rejectUndecodable(reason: string): void {
    this.#reply({ type: 'reply', id: 0, ok: false, error: badFrame(reason) })
  }

  close(): void {
    this.#closed = true
    this.#unsubscribe?.()
    this.#unsubscribe = null
  }

  async #run(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(schemas, method)) {
      throw new AppError('UNKNOWN_METHOD', `Unknown method "${method}"`)
    }
    const name = method as MethodName
    const checked = schemas[name].safeParse(params)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      throw new AppError(
        'BAD_REQUEST',
        `Invalid params for ${method}: ${where}${issue?.message ?? 'invalid'}`,
      )
    }
    if (name === 'events.subscribe') return this.#subscribe(checked.data as { since: number })
    const handler = this.#opts.service[name] as (p: unknown) => Promise<unknown>
    return handler.call(this.#opts.service, checked.data)
  }

  #subscribe({ since }: { since: number }): Result<'events.subscribe'> {
    this.#unsubscribe?.()
    // Snapshot and subscribe in one synchronous step so no event falls between them.
    const missed = this.#opts.events.since(since)
    this.#unsubscribe = this.#opts.events.subscribe((event) => {
      if (event.seq > missed.lastSeq) this.#send({ type: 'event', ...event })
    })
    return missed
  }

  #reply(frame: ReplyFrame): void {
    this.#send(frame)
  }

  #send(frame: Frame): void {
    if (this.#closed) return
    this.#opts.send(frame)
  }
}

function idOf(raw: unknown): number {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id
  }
  return 0
}

function badFrame(reason = 'malformed'): { code: 'BAD_FRAME'; message: string } {
  return { code: 'BAD_FRAME', message: `Malformed frame: ${reason}` }
}
