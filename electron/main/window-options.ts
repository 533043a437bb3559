// The one place BrowserWindow options are decided: the renderer is a sandboxed web page with no Node,
// talking to the engine only through the preload's two functions.
import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  preload: string
  icon?: string
  title?: string
}

export const WINDOW_SIZE = { width: 1100, height: 720, minWidth: 900, minHeight: 600 } as const

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZE,
    title: input.title ?? 'Peerdesk',
    // Shown on ready-to-show, so the first paint is the app and not a white frame.
    show: false,
    backgroundColor: '#0f172a',
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  }
}

/** The window appears once its first frame is painted. */
export function showWhenReady(win: {
  once(event: 'ready-to-show', cb: () => void): unknown
  show(): void
}): void {
  win.once('ready-to-show', () => win.show())
}
