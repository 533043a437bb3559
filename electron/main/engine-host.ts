// The engine side of the utility process: one RpcSession per client the main process opens, plus the
// lifecycle messages (suspend, resume, close). Written against a tiny port so it runs under plain Node in
// tests; in the app the port is `process.parentPort`.
import { RpcSession, type EventSource, type HostedService } from '../../shared/rpc-session.js'
import { isToEngine, type FromEngine, type ToEngine } from './link-protocol.js'

export interface HostPort {
  postMessage(message: FromEngine): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
}

export interface HostedEngine {
  service: HostedService
  events: EventSource
  close(): Promise<void>
  suspend?: () => Promise<void>
  resume?: () => Promise<void>
}

export interface EngineHostOptions {
  port: HostPort
  engine: HostedEngine
  /** Frames wait for this, so a window that loads fast never calls an engine still opening. */
  ready?: Promise<void>
  log?: (msg: string, err?: unknown) => void
  /** Called after the engine closed and `closed` was posted: the process should exit. */
  onClosed?: () => void
}

export class EngineHost {
  readonly #opts: EngineHostOptions
  readonly #sessions = new Map<number, RpcSession>()
  #closing: Promise<void> | null = null

  constructor(opts: EngineHostOptions) {
    this.#opts = opts
    opts.port.on('message', (event) => {
      if (isToEngine(event.data)) this.#receive(event.data)
      else this.#log('dropped a malformed message from the main process')
    })
  }

  get clients(): number {
    return this.#sessions.size
  }

  #receive(msg: ToEngine): void {
    switch (msg.type) {
      case 'open':
        this.#open(msg.client)
        return
      case 'frame':
        this.#frame(msg.client, msg.frame)
        return
      case 'drop':
        this.#sessions.get(msg.client)?.close()
        this.#sessions.delete(msg.client)
        return
      case 'suspend':
        this.#lifecycle('suspend', this.#opts.engine.suspend)
        return
      case 'resume':
        this.#lifecycle('resume', this.#opts.engine.resume)
        return
      case 'close':
        void this.close()
        return
    }
  }

  #open(client: number): void {
    if (this.#sessions.has(client) || this.#closing) return
    const { engine, port } = this.#opts
    const session = new RpcSession({
      service: engine.service,
      events: engine.events,
      send: (frame) => port.postMessage({ type: 'frame', client, frame }),
      onInternalError: (err, method) => this.#log(`${method} failed`, err),
    })
    this.#sessions.set(client, session)
  }

  #frame(client: number, frame: unknown): void {
    const run = () => this.#sessions.get(client)?.handle(frame)
    // Chaining on one settled promise keeps frames in arrival order.
    if (this.#opts.ready) void this.#opts.ready.then(run, () => undefined)
    else void run()
  }

  #lifecycle(what: string, fn: (() => Promise<void>) | undefined): void {
    fn?.call(this.#opts.engine).catch((err: unknown) => this.#log(`${what} failed`, err))
  }

  /** Close every session, then the engine; tell the main process either way so it can exit. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const session of this.#sessions.values()) session.close()
      this.#sessions.clear()
      try {
        await this.#opts.engine.close()
      } catch (err) {
        this.#log('engine close failed', err)
      }
      this.#opts.port.postMessage({ type: 'closed' })
      this.#opts.onClosed?.()
    })()
    return this.#closing
  }

  #log(msg: string, err?: unknown): void {
    this.#opts.log?.(msg, err)
  }
}
