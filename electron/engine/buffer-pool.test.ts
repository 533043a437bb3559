import { describe, expect, it } from 'vitest'
import { BufferPool } from './buffer-pool.js'

const MiB = 1024 * 1024

describe('the chunk buffer pool', () => {
  it('lends chunk-sized buffers and gives the same memory to the next chunk once given back', () => {
    const pool = new BufferPool(8 * MiB)
    const a = pool.take(MiB + 26)!
    expect(a.length).toBe(MiB + 26)
    expect(pool.lent(a)).toBe(true)
    expect(pool.lent(a.subarray(5))).toBe(true)
    pool.give(a.subarray(5))
    expect(pool.lent(a)).toBe(false)
    expect(pool.freeBytes).toBeGreaterThanOrEqual(MiB)
    const b = pool.take(MiB)!
    expect(b.buffer).toBe(a.buffer)
    expect(pool.freeBytes).toBe(0)
  })

  it('does not pool small or oversized buffers, nor take back what it did not lend', () => {
    const pool = new BufferPool(8 * MiB)
    expect(pool.take(64 * 1024)).toBeNull()
    expect(pool.take(9 * MiB)).toBeNull()
    const foreign = Buffer.allocUnsafe(MiB)
    expect(pool.lent(foreign)).toBe(false)
    pool.give(foreign)
    expect(pool.freeBytes).toBe(0)
  })

  it('ignores a second give of the same buffer, so two chunks never share one', () => {
    const pool = new BufferPool(8 * MiB)
    const a = pool.take(MiB)!
    pool.give(a)
    pool.give(a)
    const b = pool.take(MiB)!
    const c = pool.take(MiB)!
    expect(b.buffer).not.toBe(c.buffer)
  })

  it('keeps at most maxFree bytes of free buffers, and none after a trim', () => {
    const pool = new BufferPool(2 * MiB + 200)
    const taken = [pool.take(MiB)!, pool.take(MiB)!, pool.take(MiB)!]
    for (const t of taken) pool.give(t)
    expect(pool.freeBytes).toBeLessThanOrEqual(2 * MiB + 200)
    expect(pool.freeBytes).toBeGreaterThan(MiB)
    pool.trim()
    expect(pool.freeBytes).toBe(0)
  })
})
