// Globals the renderer sees: the Electron preload's bridge (absent in browser mode) and build constants.
import type { Frame } from '../../shared/frames.js'

declare global {
  /** Exposed by electron/preload through contextBridge: frames only, nothing else of Node or Electron. */
  interface PeerdeskBridge {
    send(frame: Frame): void
    /** Returns an unsubscribe function. */
    onFrame(cb: (frame: Frame) => void): unknown
    /** Where a dropped file or folder lives (Electron's webUtils.getPathForFile); "" when it has none. */
    pathForFile?(file: File): string
  }

  interface Window {
    peerdesk?: PeerdeskBridge
  }

  /** package.json's version, set by vite's `define`. */
  const __APP_VERSION__: string
}

export {}
