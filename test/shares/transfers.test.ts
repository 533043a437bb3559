import { afterEach, describe, expect, it, vi } from 'vitest'
import { RateMeter, TransferRegistry, type TransferInfo } from '../../electron/engine/shares/transfers.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('transfers', () => {
  it('smooths the rate', () => {
    let now = 0
    const meter = new RateMeter(1000, () => now)
    for (let i = 0; i < 20; i++) {
      now += 100
      meter.add(100_000)
    }
    expect(meter.rate).toBeCloseTo(1_000_000, -3)
    now += 100
    meter.add(0)
    // One silent tick lowers the rate a little, not to zero.
    expect(meter.rate).toBeGreaterThan(900_000)
  })

  it('throttles progress events to a few per second and keeps finished transfers', () => {
    vi.useFakeTimers()
    const registry = new TransferRegistry({ throttleMs: 250, now: () => Date.now() })
    const progressed: TransferInfo[] = []
    const finished: TransferInfo[] = []
    registry.on('progressed', (info: TransferInfo) => progressed.push(info))
    registry.on('finished', (info: TransferInfo) => finished.push(info))
    const t = registry.start('download', 'share1', '/big.bin', 1000)
    for (let i = 1; i <= 100; i++) {
      vi.advanceTimersByTime(10)
      t.progress({ bytesDone: i * 10, peers: 2 })
    }
    vi.advanceTimersByTime(300)
    // One second of updates every 10 ms gives about four events, and the last state is delivered.
    expect(progressed.length).toBeGreaterThanOrEqual(4)
    expect(progressed.length).toBeLessThanOrEqual(6)
    expect(progressed.at(-1)?.bytesDone).toBe(1000)
    expect(registry.get(t.id)).toMatchObject({ state: 'running', peers: 2, bytesTotal: 1000 })
    expect(registry.get(t.id)!.rate).toBeGreaterThan(0)
    t.done()
    expect(finished).toHaveLength(1)
    expect(registry.list()[0]).toMatchObject({ id: t.id, state: 'done' })
    t.progress({ bytesDone: 5 })
    expect(registry.get(t.id)?.bytesDone).toBe(1000)
    registry.close()
  })

  it('records failures by code and cancels through the signal', () => {
    const registry = new TransferRegistry()
    const a = registry.start('download', 's', '/a')
    a.fail(Object.assign(new Error('no space'), { code: 'ENOSPC' }))
    expect(registry.get(a.id)).toMatchObject({ state: 'failed', error: { code: 'DISK_FULL' } })
    const b = registry.start('sync', 's', '/')
    expect(registry.cancel(b.id)).toBe(true)
    expect(b.signal.aborted).toBe(true)
    expect(registry.get(b.id)?.state).toBe('cancelled')
    expect(registry.list().map((i) => i.id)).toEqual([b.id, a.id])
    registry.close()
  })
})
