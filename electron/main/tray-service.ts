// The tray icon and its menu, as a small service over an injected factory (Signal Desktop's
// SystemTrayService pattern), so the menu and the icon per state are tested without Electron.

export type TrayState = 'idle' | 'syncing' | 'offline' | 'attention'
export const TRAY_STATES: readonly TrayState[] = ['idle', 'syncing', 'offline', 'attention']

export interface TrayStatus {
  membersOnline: number
  transfers: number
  /** No connection to anyone and no way to find them (network down, engine not running). */
  offline: boolean
  paused: boolean
  /** Something waits for the user (e.g. a print job to approve); shown as the first menu line. */
  attention: string | null
}

export const INITIAL_STATUS: TrayStatus = {
  membersOnline: 0,
  transfers: 0,
  offline: false,
  paused: false,
  attention: null,
}

export interface TrayMenuItem {
  id?: string
  label?: string
  type?: 'normal' | 'separator'
  enabled?: boolean
  click?: () => void
}

export interface TrayLike<M> {
  setImage(icon: string): void
  setToolTip(text: string): void
  setContextMenu(menu: M): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayFactory<M> {
  createTray(icon: string): TrayLike<M>
  buildMenu(template: TrayMenuItem[]): M
}

export interface TrayActions {
  open(): void
  setPaused(paused: boolean): void
  quit(): void
}

export interface TrayServiceOptions<M> {
  factory: TrayFactory<M>
  /** Icon file per state. */
  icons: Record<TrayState, string>
  actions: TrayActions
}

/** Attention wins over everything; then paused/offline; then work in flight. */
export function trayStateFor(status: TrayStatus): TrayState {
  if (status.attention) return 'attention'
  if (status.offline || status.paused) return 'offline'
  if (status.transfers > 0) return 'syncing'
  return 'idle'
}

const plural = (n: number, one: string, many: string) => `${n === 0 ? 'No' : n} ${n === 1 ? one : many}`

export function statusLines(status: TrayStatus): string[] {
  const lines: string[] = []
  if (status.attention) lines.push(status.attention)
  if (status.paused) lines.push('Sync paused')
  else if (status.offline) lines.push('Offline')
  lines.push(`${plural(status.membersOnline, 'member', 'members')} online`)
  lines.push(`${plural(status.transfers, 'transfer', 'transfers')} running`)
  return lines
}

export function tooltipFor(status: TrayStatus): string {
  const state = trayStateFor(status)
  const words: Record<TrayState, string> = {
    idle: 'all synced',
    syncing: 'syncing',
    offline: status.paused ? 'sync paused' : 'offline',
    attention: 'needs attention',
  }
  return `Peerdesk: ${words[state]}`
}

export class TrayService<M = unknown> {
  readonly #opts: TrayServiceOptions<M>
  #tray: TrayLike<M> | null = null
  #status: TrayStatus = INITIAL_STATUS

  constructor(opts: TrayServiceOptions<M>) {
    this.#opts = opts
  }

  get status(): TrayStatus {
    return this.#status
  }

  get state(): TrayState {
    return trayStateFor(this.#status)
  }

  /** Create the tray (idempotent). */
  show(): void {
    if (this.#tray) return
    this.#tray = this.#opts.factory.createTray(this.#opts.icons[this.state])
    // A left click opens the window on Windows and Linux; macOS shows the menu on click by itself.
    this.#tray.on('click', () => this.#opts.actions.open())
    this.#render()
  }

  update(change: Partial<TrayStatus>): void {
    const next = { ...this.#status, ...change }
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return
    const before = this.state
    this.#status = next
    if (this.#tray && this.state !== before) this.#tray.setImage(this.#opts.icons[this.state])
    this.#render()
  }

  destroy(): void {
    this.#tray?.destroy()
    this.#tray = null
  }

  menuTemplate(): TrayMenuItem[] {
    const { actions } = this.#opts
    const paused = this.#status.paused
    return [
      ...statusLines(this.#status).map((label, i) => ({ id: `status-${i}`, label, enabled: false })),
      { type: 'separator' },
      { id: 'open', label: 'Open Peerdesk', click: () => actions.open() },
      {
        id: 'pause',
        label: paused ? 'Resume sync' : 'Pause sync',
        click: () => actions.setPaused(!paused),
      },
      { type: 'separator' },
      { id: 'quit', label: 'Quit Peerdesk', click: () => actions.quit() },
    ]
  }

  #render(): void {
    if (!this.#tray) return
    this.#tray.setToolTip(tooltipFor(this.#status))
    this.#tray.setContextMenu(this.#opts.factory.buildMenu(this.menuTemplate()))
  }
}
