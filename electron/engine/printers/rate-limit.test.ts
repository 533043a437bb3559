import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limit.js'
import { expectAppError } from './test-errors.js'

describe('rate-limit', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let now = 0
    const limiter = new RateLimiter({ capacity: 2, perMinute: 6, now: () => now })
    expect(limiter.take('alice')).toEqual({ ok: true })
    expect(limiter.take('alice')).toEqual({ ok: true })
    expect(limiter.take('alice')).toEqual({ ok: false, retryAfterMs: 10_000 })
    now += 10_000
    expect(limiter.take('alice')).toEqual({ ok: true })
    now += 60 * 60_000 // a long pause refills only to capacity
    expect(limiter.take('alice', 2)).toEqual({ ok: true })
    expect(limiter.take('alice').ok).toBe(false)
  })

  it('keeps one bucket per member', () => {
    const limiter = new RateLimiter({ capacity: 1, perMinute: 1, now: () => 0 })
    expect(limiter.take('alice').ok).toBe(true)
    expect(limiter.take('alice').ok).toBe(false)
    expect(limiter.take('bob').ok).toBe(true)
    limiter.forget('alice')
    expect(limiter.take('alice').ok).toBe(true)
  })

  it('consume throws UNAVAILABLE with reason RATE_LIMITED and when to retry', async () => {
    const limiter = new RateLimiter({ capacity: 1, perMinute: 2, now: () => 0 })
    limiter.consume('alice')
    const error = await expectAppError(() => limiter.consume('alice'), 'UNAVAILABLE', 'RATE_LIMITED')
    expect(error.data).toMatchObject({ retryAfterMs: 30_000 })
  })

  it('refuses nonsense limits', () => {
    expect(() => new RateLimiter({ capacity: 0 })).toThrow(RangeError)
    expect(() => new RateLimiter({ perMinute: 0 })).toThrow(RangeError)
  })
})
