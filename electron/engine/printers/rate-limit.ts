// A token bucket per member, so one member (or a compromised device) cannot flood a printer with jobs.
import { AppError } from '../../../shared/errors.js'

export interface RateLimitOptions {
  /** Jobs a member may send in a burst. */
  capacity?: number
  /** Jobs per minute a member earns back. */
  perMinute?: number
  /** The clock, for tests. */
  now?: () => number
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

interface Bucket {
  tokens: number
  at: number
}

// Full buckets carry no information: past this many members they are dropped to bound memory.
const PRUNE_ABOVE = 1000

export class RateLimiter {
  readonly #capacity: number
  readonly #perMs: number
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()

  constructor(opts: RateLimitOptions = {}) {
    this.#capacity = opts.capacity ?? 5
    this.#perMs = (opts.perMinute ?? 10) / 60_000
    this.#now = opts.now ?? Date.now
    if (!(this.#capacity >= 1) || !(this.#perMs > 0)) throw new RangeError('capacity >= 1 and perMinute > 0')
  }

  /** Takes `cost` tokens from the member's bucket if it has them. */
  take(member: string, cost = 1): RateDecision {
    const now = this.#now()
    const bucket = this.#refill(member, now)
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost
      return { ok: true }
    }
    return { ok: false, retryAfterMs: Math.ceil((cost - bucket.tokens) / this.#perMs) }
  }

  /** take(), or an UNAVAILABLE error (data.reason RATE_LIMITED, data.retryAfterMs) to send back. */
  consume(member: string, cost = 1): void {
    const decision = this.take(member, cost)
    if (decision.ok) return
    const seconds = Math.ceil(decision.retryAfterMs / 1000)
    throw new AppError('UNAVAILABLE', `Too many print jobs: try again in ${seconds} s`, {
      reason: 'RATE_LIMITED',
      retryAfterMs: decision.retryAfterMs,
    })
  }

  forget(member: string): void {
    this.#buckets.delete(member)
  }

  #refill(member: string, now: number): Bucket {
    let bucket = this.#buckets.get(member)
    if (!bucket) {
      if (this.#buckets.size >= PRUNE_ABOVE) this.#prune(now)
      bucket = { tokens: this.#capacity, at: now }
      this.#buckets.set(member, bucket)
      return bucket
    }
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs)
    bucket.at = now
    return bucket
  }

  #prune(now: number): void {
    for (const [member, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#capacity) this.#buckets.delete(member)
    }
  }
}
