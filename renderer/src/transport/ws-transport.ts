// Browser-mode transport: a WebSocket to `peerdesk serve` that reconnects with capped, jittered backoff.
// RpcClient listens to onOpen to resubscribe to events from the last seq it saw, so nothing is lost.
import { decodeJson, encodeFrame, type Frame } from '../../../shared/frames.js'
import { Listeners, type AppTransport, type LinkState } from './connection.js'

export interface WsTransportOptions {
  url: string
  /** Injected in tests; the browser's WebSocket otherwise. */
  WebSocket?: typeof WebSocket
  minDelayMs?: number
  maxDelayMs?: number
  random?: () => number
}

export class WsTransport implements AppTransport {
  readonly #opts: Required<WsTransportOptions>
  readonly #frames = new Listeners<[Frame]>()
  readonly #opened = new Listeners()
  readonly #closedListeners = new Listeners()
  readonly #stateListeners = new Listeners()
  #socket: WebSocket | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #attempt = 0
  #state: LinkState = 'connecting'
  #retryAt: number | null = null
  #stopped = false

  constructor(opts: WsTransportOptions) {
    this.#opts = {
      WebSocket: globalThis.WebSocket,
      minDelayMs: 500,
      maxDelayMs: 10_000,
      random: Math.random,
      ...opts,
    }
  }

  get state(): LinkState {
    return this.#state
  }

  get retryInMs(): number | null {
    return this.#retryAt === null ? null : Math.max(0, this.#retryAt - Date.now())
  }

  connect(): void {
    if (this.#socket || this.#stopped) return
    const socket = new this.#opts.WebSocket(this.#opts.url)
    this.#socket = socket
    socket.onopen = () => {
      this.#attempt = 0
      this.#setState('open')
      this.#opened.emit()
    }
    socket.onmessage = (msg: MessageEvent) => {
      if (typeof msg.data !== 'string') return
      let frame: unknown
      try {
        frame = decodeJson(msg.data)
      } catch {
        return // Not JSON: RpcClient validates frames anyway, so drop it here.
      }
      this.#frames.emit(frame as Frame)
    }
    socket.onclose = () => this.#onDrop(socket)
    // An error is always followed by close; nothing to do until then.
    socket.onerror = () => undefined
  }

  send(frame: Frame): void {
    if (!this.#socket || this.#socket.readyState !== this.#opts.WebSocket.OPEN) {
      throw new Error('not connected')
    }
    this.#socket.send(encodeFrame(frame))
  }

  onFrame(cb: (frame: Frame) => void): () => void {
    return this.#frames.add(cb)
  }

  onOpen(cb: () => void): () => void {
    return this.#opened.add(cb)
  }

  onClose(cb: () => void): () => void {
    return this.#closedListeners.add(cb)
  }

  onStateChange(cb: () => void): () => void {
    return this.#stateListeners.add(cb)
  }

  close(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#retryAt = null
    const socket = this.#socket
    this.#socket = null
    if (socket) {
      socket.onclose = null
      socket.close()
      this.#closedListeners.emit()
    }
    this.#setState('closed')
  }

  #onDrop(socket: WebSocket): void {
    if (this.#socket !== socket) return
    this.#socket = null
    const wasOpen = this.#state === 'open'
    if (wasOpen) this.#closedListeners.emit()
    if (this.#stopped) return
    const { minDelayMs, maxDelayMs, random } = this.#opts
    const base = Math.min(maxDelayMs, minDelayMs * 2 ** this.#attempt++)
    // Jitter so a tab and the CLI do not hammer a restarting node in lockstep.
    const delay = Math.round(base * (0.75 + random() * 0.5))
    this.#retryAt = Date.now() + delay
    this.#setState(wasOpen || this.#state === 'reconnecting' ? 'reconnecting' : 'connecting')
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#retryAt = null
      this.connect()
    }, delay)
  }

  #setState(state: LinkState): void {
    this.#state = state
    this.#stateListeners.emit()
  }
}
