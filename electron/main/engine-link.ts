// The main process's end of the engine's utility process: spawns it, relays frames for each client (a
// window, or the shell's own status client), and reopens those clients if the process has to restart.
import type { Frame } from '../../shared/frames.js'
import type { Transport } from '../../shared/transport.js'
import { isFromEngine, type ToEngine } from './link-protocol.js'

/** The slice of Electron's UtilityProcess the link uses, so tests can hand it a fake. */
export interface EngineProcess {
  postMessage(message: ToEngine): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

export interface EngineClient extends Transport {
  readonly id: number
  close(): void
}

interface ClientState {
  frames: Set<(frame: Frame) => void>
  opens: Set<() => void>
}

export class EngineLink {
  readonly #spawn: () => EngineProcess
  readonly #clients = new Map<number, ClientState>()
  readonly #exitListeners = new Set<(code: number) => void>()
  #child: EngineProcess | null = null
  #nextClient = 1
  #closing = false
  #closed: (() => void) | null = null

  constructor(spawn: () => EngineProcess) {
    this.#spawn = spawn
  }

  get running(): boolean {
    return this.#child !== null
  }

  /** Spawn the process and resolve once the engine is ready; rejects if it fails or dies first. */
  start(): Promise<void> {
    if (this.#child) throw new Error('The engine process is already running')
    const child = this.#spawn()
    this.#child = child
    return new Promise<void>((resolve, reject) => {
      child.on('message', (msg) => {
        if (!isFromEngine(msg)) return
        if (msg.type === 'ready') {
          resolve()
          for (const state of this.#clients.values()) for (const cb of state.opens) cb()
        } else if (msg.type === 'failed') reject(new Error(`The engine failed to start: ${msg.message}`))
        else if (msg.type === 'frame') {
          for (const cb of this.#clients.get(msg.client)?.frames ?? []) cb(msg.frame)
        } else this.#closed?.()
      })
      child.on('exit', (code) => {
        if (this.#child === child) this.#child = null
        reject(new Error(`The engine process exited (${code}) before it was ready`))
        this.#closed?.()
        if (!this.#closing) for (const cb of this.#exitListeners) cb(code)
      })
      // Clients opened before a restart get a session in the new process too.
      for (const id of this.#clients.keys()) child.postMessage({ type: 'open', client: id })
    })
  }

  /** An unexpected exit (a crash): the shell decides whether to restart. */
  onExit(cb: (code: number) => void): () => void {
    this.#exitListeners.add(cb)
    return () => this.#exitListeners.delete(cb)
  }

  openClient(): EngineClient {
    const id = this.#nextClient++
    const state: ClientState = { frames: new Set(), opens: new Set() }
    this.#clients.set(id, state)
    this.#child?.postMessage({ type: 'open', client: id })
    const subscribe = <T>(set: Set<T>, cb: T) => {
      set.add(cb)
      return () => void set.delete(cb)
    }
    return {
      id,
      send: (frame: unknown) => this.#post({ type: 'frame', client: id, frame }),
      onFrame: (cb) => subscribe(state.frames, cb),
      onOpen: (cb) => subscribe(state.opens, cb),
      close: () => {
        if (!this.#clients.delete(id)) return
        this.#post({ type: 'drop', client: id })
      },
    }
  }

  suspend(): void {
    this.#post({ type: 'suspend' })
  }

  resume(): void {
    this.#post({ type: 'resume' })
  }

  /** Ask the engine to close and wait until it says so or the process is gone. No time limit here:
   * the quit path races this against its own. */
  close(): Promise<void> {
    this.#closing = true
    const child = this.#child
    if (!child) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.#closed = resolve
      child.postMessage({ type: 'close' })
    })
  }

  kill(): void {
    this.#closing = true
    this.#child?.kill()
    this.#child = null
    this.#closed?.()
  }

  #post(msg: ToEngine): void {
    // With no process (restarting or closed) a frame has nowhere to go; callers see no reply.
    this.#child?.postMessage(msg)
  }
}

/** An IpcHost session that relays a window's frames to its own session in the engine process. */
export function relaySession(
  link: EngineLink,
  send: (frame: Frame) => void,
): { handle(frame: unknown): void; close(): void } {
  const client = link.openClient()
  client.onFrame(send)
  return { handle: (frame) => client.send(frame as Frame), close: () => client.close() }
}
