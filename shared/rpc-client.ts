// A typed client of the contract over any transport of frames. It resubscribes to events on every
// (re)connect and asks for the ones it missed, so a view never silently loses an event.
import { AppError } from './errors.js'
import { parseServerFrame, type Frame } from './frames.js'
import type { AnyEvent, EventName, Events, MethodName, Params, Result } from './contract.js'
import type { EventFrame } from './types.js'
import type { Transport } from './transport.js'

type Listener = (event: AnyEvent) => void

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: AppError) => void
}

export interface RpcClientOptions {
  /** Receive events; the client asks for those since `since` on every (re)connect. */
  events?: boolean
  since?: number
}

export class RpcClient {
  readonly #transport: Transport
  readonly #pending = new Map<number, Pending>()
  readonly #listeners = new Map<string, Set<Listener>>()
  readonly #unsubscribe: (() => void)[] = []
  #nextId = 1
  #lastSeq: number
  #subscribing = false
  #queued: AnyEvent[] = []
  #closed = false

  constructor(transport: Transport, opts: RpcClientOptions = {}) {
    this.#transport = transport
    this.#lastSeq = opts.since ?? 0
    this.#unsubscribe.push(transport.onFrame((frame) => this.#onFrame(frame)))
    if (transport.onClose) this.#unsubscribe.push(transport.onClose(() => this.#failPending()))
    if (opts.events) {
      if (transport.onOpen) this.#unsubscribe.push(transport.onOpen(() => void this.#subscribe()))
      else void this.#subscribe()
    }
  }

  get lastSeq(): number {
    return this.#lastSeq
  }

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (this.#closed) return Promise.reject(new AppError('CLOSED', 'The client is closed'))
    const id = this.#nextId++
    return new Promise<Result<M>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      try {
        this.#transport.send({ type: 'call', id, method, params })
      } catch (err) {
        this.#pending.delete(id)
        reject(new AppError('DISCONNECTED', `Not connected to the Peerdesk node (${String(err)})`))
      }
    })
  }

  on<N extends EventName>(name: N, cb: (event: EventFrame<N, Events[N]>) => void): () => void
  on(name: '*', cb: Listener): () => void
  on(name: string, cb: (event: never) => void): () => void {
    let set = this.#listeners.get(name)
    if (!set) this.#listeners.set(name, (set = new Set()))
    const listener = cb as Listener
    set.add(listener)
    return () => set.delete(listener)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    for (const off of this.#unsubscribe) off()
    this.#failPending(new AppError('CLOSED', 'The client is closed'))
  }

  async #subscribe(): Promise<void> {
    this.#subscribing = true
    try {
      const { events } = await this.call('events.subscribe', { since: this.#lastSeq })
      for (const event of events) this.#dispatch(event)
    } catch {
      // The link dropped during the subscribe: the next open tries again.
    } finally {
      this.#subscribing = false
      const queued = this.#queued
      this.#queued = []
      for (const event of queued) this.#dispatch(event)
    }
  }

  #onFrame(raw: Frame): void {
    const frame = parseServerFrame(raw)
    if (!frame) return
    if (frame.type === 'event') {
      const { type: _type, ...event } = frame
      if (this.#subscribing) this.#queued.push(event as AnyEvent)
      else this.#dispatch(event as AnyEvent)
      return
    }
    const pending = this.#pending.get(frame.id)
    if (!pending) return
    this.#pending.delete(frame.id)
    if (frame.ok) pending.resolve(frame.result)
    else pending.reject(AppError.fromWire(frame.error))
  }

  #dispatch(event: AnyEvent): void {
    if (event.seq <= this.#lastSeq) return
    this.#lastSeq = event.seq
    for (const key of [event.name, '*']) {
      for (const cb of this.#listeners.get(key) ?? []) cb(event)
    }
  }

  #failPending(err = new AppError('DISCONNECTED', 'The connection to the Peerdesk node closed')): void {
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    for (const p of pending) p.reject(err)
  }
}
