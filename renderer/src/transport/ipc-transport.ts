// Electron transport: frames cross through the preload's two functions. IPC does not drop while the
// window lives, so the link is open from the start and RpcClient subscribes to events at once.
import type { Frame } from '../../../shared/frames.js'
import { Listeners, type AppTransport, type LinkState } from './connection.js'

export class IpcTransport implements AppTransport {
  readonly #bridge: PeerdeskBridge
  readonly #stateListeners = new Listeners()
  #state: LinkState = 'open'

  constructor(bridge: PeerdeskBridge) {
    this.#bridge = bridge
  }

  get state(): LinkState {
    return this.#state
  }

  get retryInMs(): null {
    return null
  }

  connect(): void {
    // Nothing to open: the preload's channel exists as soon as the window does.
  }

  send(frame: Frame): void {
    if (this.#state === 'closed') throw new Error('transport closed')
    this.#bridge.send(frame)
  }

  onFrame(cb: (frame: Frame) => void): () => void {
    const off = this.#bridge.onFrame(cb)
    return typeof off === 'function' ? () => void off() : () => undefined
  }

  onStateChange(cb: () => void): () => void {
    return this.#stateListeners.add(cb)
  }

  close(): void {
    this.#state = 'closed'
    this.#stateListeners.emit()
  }
}
