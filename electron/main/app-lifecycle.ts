// The app's life: one instance, peerdesk:// links, close-to-tray, an orderly quit that waits for the
// engine (but not forever), sleep and wake, and starting at login. Each piece takes the slice of
// Electron it needs, so tests drive it with fakes.
import { EventEmitter } from 'node:events'

export const PROTOCOL = 'peerdesk'
export const QUIT_TIMEOUT_MS = 5_000
export const HIDDEN_ARG = '--hidden'

/** The first peerdesk:// argument, as Windows and Linux pass a clicked link to a new process. */
export function linkFromArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${PROTOCOL}://`)) ?? null
}

interface PreventableEvent {
  preventDefault(): void
}

export interface InstanceApp {
  requestSingleInstanceLock(): boolean
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown
}

export interface SingleInstanceOptions {
  /** Bring the window back (show, restore, focus). */
  focus: () => void
  /** Hand a peerdesk:// link to the renderer. */
  openLink: (link: string) => void
}

/** False when another instance holds the lock: this one should quit at once; the other gets our argv. */
export function claimSingleInstance(app: InstanceApp, opts: SingleInstanceOptions): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', (_event, argv) => {
    opts.focus()
    const link = linkFromArgv(argv)
    if (link) opts.openLink(link)
  })
  // macOS delivers links to the running app as an event rather than a new process.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    opts.focus()
    opts.openLink(url)
  })
  return true
}

export interface ProtocolApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean
}

/** In development Electron runs as `electron main.cjs`, so the OS must be told to pass our script too. */
export function registerProtocol(
  app: ProtocolApp,
  proc: { defaultApp?: boolean; execPath: string; argv: readonly string[] },
): boolean {
  const script = proc.argv[1]
  if (proc.defaultApp && script) return app.setAsDefaultProtocolClient(PROTOCOL, proc.execPath, [script])
  return app.setAsDefaultProtocolClient(PROTOCOL)
}

export interface QuitOptions {
  closeEngine: () => Promise<void>
  exit: (code: number) => void
  timeoutMs?: number
  /** The engine did not close in time (e.g. kill its process). */
  onTimeout?: () => void
  log?: (msg: string) => void
}

/** Quit runs once: the engine closes (or times out), then the process exits. */
export class QuitController {
  readonly #opts: QuitOptions
  #quitting: Promise<void> | null = null

  constructor(opts: QuitOptions) {
    this.#opts = opts
  }

  get quitting(): boolean {
    return this.#quitting !== null
  }

  /** Hold Electron's own quit until the engine closed. */
  install(app: { on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown }): void {
    app.on('before-quit', (event) => {
      event.preventDefault()
      void this.quit()
    })
  }

  quit(): Promise<void> {
    this.#quitting ??= this.#run()
    return this.#quitting
  }

  async #run(): Promise<void> {
    const { closeEngine, exit, timeoutMs = QUIT_TIMEOUT_MS, log } = this.#opts
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    const closed = closeEngine().then(
      () => 'closed' as const,
      (err: unknown) => {
        log?.(`engine close failed: ${String(err)}`)
        return 'failed' as const
      },
    )
    const outcome = await Promise.race([closed, timedOut])
    clearTimeout(timer)
    if (outcome === 'timeout') {
      log?.(`engine did not close within ${timeoutMs} ms`)
      this.#opts.onTimeout?.()
    }
    exit(outcome === 'closed' ? 0 : 1)
  }
}

export interface HideableWindow {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown
  hide(): void
}

export interface HideOnCloseOptions {
  isQuitting: () => boolean
  /** Called the first time only: tell the user Peerdesk keeps running in the tray. */
  tellOnce: () => void
  /** Already told in an earlier run. */
  told?: boolean
}

/** Closing the window keeps the node running for the group; Quit is in the tray menu. */
export function hideOnClose(win: HideableWindow, opts: HideOnCloseOptions): void {
  let told = opts.told ?? false
  win.on('close', (event) => {
    if (opts.isQuitting()) return
    event.preventDefault()
    win.hide()
    if (told) return
    told = true
    opts.tellOnce()
  })
}

export interface PowerHooks {
  onSuspend?: () => void
  onResume?: () => void
}

/** Sleep and wake: sockets are dead after a long sleep, so the engine gets a chance to reconnect. */
export function watchPower(monitor: Pick<EventEmitter, 'on'>, hooks: PowerHooks): void {
  if (hooks.onSuspend) monitor.on('suspend', hooks.onSuspend)
  if (hooks.onResume) monitor.on('resume', hooks.onResume)
}

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void
}

/** Starts hidden in the tray at login (Windows reads the arg; macOS openAsHidden). Linux has no
 * Electron API for this (an autostart .desktop file would be needed). */
export function setStartAtLogin(app: LoginItemApp, platform: string, enabled: boolean): boolean {
  if (platform !== 'darwin' && platform !== 'win32') return false
  app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: [HIDDEN_ARG] })
  return true
}

/** `--data DIR` (or `--data=DIR`), then PEERDESK_DATA, then Electron's userData: as in headless mode. */
export function dataDirFrom(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  fallback: string,
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data' && argv[i + 1]) return argv[i + 1]!
    if (arg.startsWith('--data=') && arg.length > 7) return arg.slice(7)
  }
  return env.PEERDESK_DATA || fallback
}
