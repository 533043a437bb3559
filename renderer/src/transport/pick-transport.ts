// One build runs in Electron and in a browser: the preload's bridge decides which transport to use.
import type { AppTransport } from './connection.js'
import { IpcTransport } from './ipc-transport.js'
import { apiUrl, takeToken } from './token.js'
import { WsTransport } from './ws-transport.js'

export type TransportChoice = { ok: true; transport: AppTransport } | { ok: false; reason: 'no-token' }

export function pickTransport(win: Window): TransportChoice {
  if (win.peerdesk) return { ok: true, transport: new IpcTransport(win.peerdesk) }
  const token = takeToken({ location: win.location, history: win.history, storage: win.sessionStorage })
  if (!token) return { ok: false, reason: 'no-token' }
  return { ok: true, transport: new WsTransport({ url: apiUrl(win.location, token) }) }
}
