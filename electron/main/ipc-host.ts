// The IPC transport host: one session per window, fed by frames on 'peerdesk:frame' from trusted senders
// and answering with webContents.send on the same channel. The session is an RpcSession on the engine
// (in-process) or a relay to the engine's utility process; both only need handle() and close().
import type { Frame } from '../../shared/frames.js'
import { TrustedSenders, type IpcEventLike, type TrackedContents } from './trusted-ipc.js'

export const FRAME_CHANNEL = 'peerdesk:frame'

export interface HostSession {
  handle(frame: unknown): unknown
  close(): void
}

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

export interface HostedContents extends TrackedContents {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

export interface IpcHostOptions {
  ipc: IpcMainLike
  createSession: (send: (frame: Frame) => void) => HostSession
  trusted?: TrustedSenders
  log?: (msg: string) => void
}

export class IpcHost {
  readonly #opts: IpcHostOptions
  readonly #trusted: TrustedSenders
  readonly #sessions = new Map<number, HostSession>()
  readonly #listener = (event: IpcEventLike, ...args: unknown[]) => this.#receive(event, args[0])

  constructor(opts: IpcHostOptions) {
    this.#opts = opts
    this.#trusted = opts.trusted ?? new TrustedSenders()
    opts.ipc.on(FRAME_CHANNEL, this.#listener)
  }

  get sessions(): number {
    return this.#sessions.size
  }

  /** Serve a window's webContents until it is destroyed. */
  attach(contents: HostedContents): void {
    if (this.#sessions.has(contents.id)) return
    this.#trusted.add(contents)
    const session = this.#opts.createSession((frame) => {
      if (!contents.isDestroyed()) contents.send(FRAME_CHANNEL, frame)
    })
    this.#sessions.set(contents.id, session)
    contents.once('destroyed', () => this.#detach(contents.id))
  }

  close(): void {
    this.#opts.ipc.removeListener(FRAME_CHANNEL, this.#listener)
    for (const id of [...this.#sessions.keys()]) this.#detach(id)
  }

  #receive(event: IpcEventLike, frame: unknown): void {
    const session = this.#sessions.get(event.sender.id)
    if (!session || !this.#trusted.isTrusted(event)) {
      this.#opts.log?.(`dropped a frame from untrusted webContents ${event.sender.id}`)
      return
    }
    Promise.resolve(session.handle(frame)).catch((err: unknown) =>
      this.#opts.log?.(`a frame failed: ${String(err)}`),
    )
  }

  #detach(id: number): void {
    this.#sessions.get(id)?.close()
    this.#sessions.delete(id)
    this.#trusted.delete(id)
  }
}
