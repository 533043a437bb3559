// The engine's numbered event stream: a bounded ring a reconnecting client can read from (`since`).
import type { AnyEvent, EventName, Events } from '../../shared/contract.js'
import type { EventSource } from '../../shared/rpc-session.js'

export class EventLog implements EventSource {
  readonly #capacity: number
  readonly #ring: AnyEvent[] = []
  readonly #listeners = new Set<(event: AnyEvent) => void>()
  #seq = 0

  constructor(capacity = 2000) {
    this.#capacity = capacity
  }

  get lastSeq(): number {
    return this.#seq
  }

  emit<N extends EventName>(name: N, payload: Events[N]): AnyEvent {
    const event = { seq: ++this.#seq, at: Date.now(), name, payload } as AnyEvent
    this.#ring.push(event)
    if (this.#ring.length > this.#capacity) this.#ring.shift()
    for (const cb of [...this.#listeners]) cb(event)
    return event
  }

  since(seq: number): { events: AnyEvent[]; lastSeq: number; gap: boolean } {
    const events = this.#ring.filter((e) => e.seq > seq)
    const oldest = this.#ring[0]?.seq ?? this.#seq + 1
    // A gap means the client asked for events we no longer hold: it should reload its views.
    return { events, lastSeq: this.#seq, gap: seq < this.#seq && seq + 1 < oldest }
  }

  subscribe(cb: (event: AnyEvent) => void): () => void {
    this.#listeners.add(cb)
    return () => this.#listeners.delete(cb)
  }

  clear(): void {
    this.#listeners.clear()
  }
}
