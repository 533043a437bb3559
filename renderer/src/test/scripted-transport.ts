// A Transport for component tests: answers calls from a script of handlers, records every call, and can
// push events or drop the link, so a test drives the UI exactly as the engine would.
import type { EventName, Events, MethodName, Params, Result } from '../../../shared/contract.js'
import { AppError, type ErrorCode } from '../../../shared/errors.js'
import type { Frame } from '../../../shared/frames.js'
import { Listeners, type AppTransport, type LinkState } from '../transport/connection.js'

type Handler<M extends MethodName> = (params: Params<M>) => Result<M> | Promise<Result<M>>
export type Script = { [M in MethodName]?: Handler<M> }

export interface RecordedCall {
  method: string
  params: unknown
}

export class ScriptedTransport implements AppTransport {
  readonly calls: RecordedCall[] = []
  readonly #script: Script
  readonly #frames = new Listeners<[Frame]>()
  readonly #opened = new Listeners()
  readonly #closed = new Listeners()
  readonly #stateListeners = new Listeners()
  #state: LinkState
  #seq = 0

  constructor(script: Script, opts: { state?: LinkState } = {}) {
    this.#script = script
    this.#state = opts.state ?? 'open'
  }

  get state(): LinkState {
    return this.#state
  }

  get retryInMs(): number | null {
    return this.#state === 'open' ? null : 3000
  }

  connect(): void {}
  close(): void {}

  /** Replace or add a handler mid-test, e.g. to make the next call fail. */
  handle<M extends MethodName>(method: M, handler: Handler<M>): void {
    ;(this.#script as Record<string, unknown>)[method] = handler
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params)
  }

  send(frame: Frame): void {
    if (this.#state !== 'open') throw new Error('not connected')
    if (frame.type !== 'call') return
    this.calls.push({ method: frame.method, params: frame.params })
    const { id, method, params } = frame
    void this.#answer(method, params).then(
      (result) => this.#emit({ type: 'reply', id, ok: true, result }),
      (err: unknown) => {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', String(err))
        this.#emit({ type: 'reply', id, ok: false, error: e.toWire() })
      },
    )
  }

  async #answer(method: string, params: unknown): Promise<unknown> {
    // A real engine answers later than the call; so does this, to keep tests honest about async UI.
    await Promise.resolve()
    if (method === 'events.subscribe') return { events: [], lastSeq: this.#seq, gap: false }
    const handler = (this.#script as Record<string, ((p: unknown) => unknown) | undefined>)[method]
    if (!handler) throw new AppError('UNKNOWN_METHOD', `No script for ${method}`)
    // Through JSON, as on the wire: the UI never shares an object with the script.
    return JSON.parse(JSON.stringify((await handler(params)) ?? null)) as unknown
  }

  /** Push an engine event to the client. */
  push<N extends EventName>(name: N, payload: Events[N]): void {
    const frame = { type: 'event', seq: ++this.#seq, at: Date.now(), name, payload }
    this.#emit(JSON.parse(JSON.stringify(frame)) as Frame)
  }

  setState(state: LinkState): void {
    const was = this.#state
    this.#state = state
    this.#stateListeners.emit()
    if (state === 'open' && was !== 'open') this.#opened.emit()
    if (was === 'open' && state !== 'open') this.#closed.emit()
  }

  onFrame(cb: (frame: Frame) => void): () => void {
    return this.#frames.add(cb)
  }
  onOpen(cb: () => void): () => void {
    return this.#opened.add(cb)
  }
  onClose(cb: () => void): () => void {
    return this.#closed.add(cb)
  }
  onStateChange(cb: () => void): () => void {
    return this.#stateListeners.add(cb)
  }

  #emit(frame: Frame): void {
    this.#frames.emit(frame)
  }
}

/** A handler that always fails with `code`. */
export function fail(code: ErrorCode, message: string): () => never {
  return () => {
    throw new AppError(code, message)
  }
}
