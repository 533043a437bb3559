// Notices a network change (Wi-Fi switched, cable plugged, VPN up, address renewed) by polling the
// interface list: Node has no event for it, and the poll is cheap.
import { EventEmitter } from 'node:events'
import { interfaceSignature } from './lan-address.js'

const POLL_MS = 3000

export class InterfaceWatcher extends EventEmitter {
  #last = interfaceSignature()
  #timer: NodeJS.Timeout | null = null

  start(intervalMs = POLL_MS): void {
    if (this.#timer) return
    this.#last = interfaceSignature()
    this.#timer = setInterval(() => this.#poll(), intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  #poll(): void {
    const now = interfaceSignature()
    if (now === this.#last) return
    this.#last = now
    this.emit('change', now)
  }
}
