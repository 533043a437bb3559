// A two-method transport of frames: Electron IPC in the app, a WebSocket in browser mode and tests.
import type { Frame } from './frames.js'

export interface Transport {
  send(frame: Frame): void
  /** Subscribe to incoming frames; returns an unsubscribe function. */
  onFrame(cb: (frame: Frame) => void): () => void
  /** Called each time the transport (re)connects, so a client can resubscribe to events. */
  onOpen?(cb: () => void): () => void
  /** Called when the link drops; pending calls fail with DISCONNECTED. */
  onClose?(cb: () => void): () => void
}
