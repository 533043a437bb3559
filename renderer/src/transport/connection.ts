// What the app needs from a transport beyond shared/transport.ts: its link state, so the UI can say
// "connecting" or "reconnecting" instead of failing calls silently.
import type { Transport } from '../../../shared/transport.js'

export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface AppTransport extends Transport {
  readonly state: LinkState
  /** Seconds until the next reconnect attempt, when reconnecting. */
  readonly retryInMs: number | null
  onStateChange(cb: () => void): () => void
  connect(): void
  close(): void
}

/** A tiny listener set: every transport and fake keeps a few of these. */
export class Listeners<A extends unknown[] = []> {
  readonly #set = new Set<(...args: A) => void>()

  add(cb: (...args: A) => void): () => void {
    this.#set.add(cb)
    return () => this.#set.delete(cb)
  }

  emit(...args: A): void {
    for (const cb of [...this.#set]) cb(...args)
  }

  clear(): void {
    this.#set.clear()
  }
}
