// The registry of running and recent transfers that the UI lists: one record per download, sync or
// restore, a smoothed rate, and progress events throttled to a few per second.
import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import type { WireError } from '../../../shared/errors.js'
import type { Transfer, TransferKind, TransferState } from '../../../shared/types.js'
import { toAppError } from './share-drive.js'

export type { TransferKind, TransferState } from '../../../shared/types.js'

/** A transfer as the contract describes it (errors always carry a known code here). */
export type TransferInfo = Omit<Transfer, 'error'> & { error: WireError | null }

/** An exponentially smoothed rate: each sample weighs by how much time it covers. */
export class RateMeter {
  readonly #halfLifeMs: number
  readonly #now: () => number
  #last: number
  #rate = 0

  constructor(halfLifeMs = 2000, now: () => number = Date.now) {
    this.#halfLifeMs = halfLifeMs
    this.#now = now
    this.#last = now()
  }

  /** Record `bytes` moved since the previous call; returns the new rate in bytes per second. */
  add(bytes: number): number {
    const now = this.#now()
    const dt = Math.max(now - this.#last, 1)
    this.#last = now
    const instant = (bytes * 1000) / dt
    const weight = 1 - Math.pow(0.5, dt / this.#halfLifeMs)
    this.#rate = this.#rate === 0 ? instant : this.#rate + (instant - this.#rate) * weight
    return this.#rate
  }

  get rate(): number {
    return this.#rate
  }
}

export interface TransferRegistryOptions {
  /** At most one progress event per transfer this often. */
  throttleMs?: number
  /** How many finished transfers to remember. */
  keepRecent?: number
  now?: () => number
}

export interface TransferHandle {
  readonly id: string
  readonly signal: AbortSignal
  progress(update: { bytesDone: number; bytesTotal?: number; peers?: number }): void
  pause(): void
  resume(): void
  done(): void
  fail(err: unknown): void
}

interface Running {
  info: TransferInfo
  meter: RateMeter
  lastEmit: number
  timer: NodeJS.Timeout | null
  abort: AbortController
}

/** Events: 'started', 'progressed' (throttled), 'finished' (done, failed or cancelled); payload TransferInfo. */
export class TransferRegistry extends EventEmitter {
  readonly #throttleMs: number
  readonly #keepRecent: number
  readonly #now: () => number
  readonly #running = new Map<string, Running>()
  readonly #recent: TransferInfo[] = []

  constructor(opts: TransferRegistryOptions = {}) {
    super()
    this.#throttleMs = opts.throttleMs ?? 250
    this.#keepRecent = opts.keepRecent ?? 50
    this.#now = opts.now ?? Date.now
  }

  list(): TransferInfo[] {
    return [
      ...[...this.#running.values()].map((r) => ({ ...r.info })),
      ...this.#recent.map((i) => ({ ...i })),
    ]
  }

  get(id: string): TransferInfo | null {
    const running = this.#running.get(id)
    if (running) return { ...running.info }
    const recent = this.#recent.find((info) => info.id === id)
    return recent ? { ...recent } : null
  }

  /** Ask a running transfer to stop: its signal aborts and it ends as 'cancelled'. */
  cancel(id: string): boolean {
    const running = this.#running.get(id)
    if (!running) return false
    running.abort.abort()
    this.#finish(running, 'cancelled', null)
    return true
  }

  start(kind: TransferKind, share: string, path: string, bytesTotal = 0): TransferHandle {
    const id = randomBytes(8).toString('hex')
    const abort = new AbortController()
    const running: Running = {
      info: {
        id,
        kind,
        share,
        path,
        bytesDone: 0,
        bytesTotal,
        rate: 0,
        peers: 0,
        state: 'running',
        error: null,
        startedAt: this.#now(),
        endedAt: null,
      },
      meter: new RateMeter(2000, this.#now),
      lastEmit: 0,
      timer: null,
      abort,
    }
    this.#running.set(id, running)
    this.emit('started', { ...running.info })
    const live = (): boolean => this.#running.get(id) === running
    return {
      id,
      signal: abort.signal,
      progress: (update) => {
        if (!live()) return
        const info = running.info
        running.meter.add(Math.max(update.bytesDone - info.bytesDone, 0))
        info.bytesDone = update.bytesDone
        if (update.bytesTotal !== undefined) info.bytesTotal = update.bytesTotal
        if (update.peers !== undefined) info.peers = update.peers
        info.rate = running.meter.rate
        this.#throttled(running)
      },
      pause: () => {
        if (!live()) return
        running.info.state = 'paused'
        this.emit('progressed', { ...running.info })
      },
      resume: () => {
        if (!live()) return
        running.info.state = 'running'
        this.emit('progressed', { ...running.info })
      },
      done: () => {
        if (live()) this.#finish(running, 'done', null)
      },
      fail: (err) => {
        if (!live()) return
        const state = abort.signal.aborted ? 'cancelled' : 'failed'
        this.#finish(running, state, toAppError(err, 'finish the transfer').toWire())
      },
    }
  }

  /** Stop the timers; running transfers are cancelled. */
  close(): void {
    for (const running of [...this.#running.values()]) {
      running.abort.abort()
      this.#finish(running, 'cancelled', null)
    }
  }

  #throttled(running: Running): void {
    if (running.timer) return
    const wait = running.lastEmit + this.#throttleMs - this.#now()
    if (wait <= 0) {
      running.lastEmit = this.#now()
      this.emit('progressed', { ...running.info })
      return
    }
    running.timer = setTimeout(() => {
      running.timer = null
      running.lastEmit = this.#now()
      if (this.#running.get(running.info.id) === running) this.emit('progressed', { ...running.info })
    }, wait)
  }

  #finish(running: Running, state: TransferState, error: WireError | null): void {
    if (running.timer) clearTimeout(running.timer)
    running.timer = null
    this.#running.delete(running.info.id)
    running.info.state = state
    running.info.error = error
    running.info.endedAt = this.#now()
    if (state === 'done') running.info.rate = 0
    this.#recent.unshift({ ...running.info })
    this.#recent.length = Math.min(this.#recent.length, this.#keepRecent)
    this.emit('finished', { ...running.info })
  }
}
