// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RpcClient } from '../../../shared/rpc-client.js'
import { WsTransport } from './ws-transport.js'

/** A WebSocket the test opens, closes and talks through by hand. */
class FakeSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 3
  static all: FakeSocket[] = []
  readyState = FakeSocket.CONNECTING
  sent: unknown[] = []
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((msg: { data: unknown }) => void) | null = null
  onerror: (() => void) | null = null

  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  send(text: string) {
    this.sent.push(JSON.parse(text))
  }
  close() {
    this.readyState = FakeSocket.CLOSED
  }
  open() {
    this.readyState = FakeSocket.OPEN
    this.onopen?.()
  }
  drop() {
    this.readyState = FakeSocket.CLOSED
    this.onclose?.()
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!

function transport() {
  return new WsTransport({
    url: 'ws://127.0.0.1:4000/api?token=t',
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
  })
}

describe('WsTransport', () => {
  beforeEach(() => {
    FakeSocket.all = []
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('reconnects with growing, capped delays and reports its state', () => {
    const t = transport()
    const states: string[] = []
    t.onStateChange(() => states.push(t.state))
    t.connect()
    expect(t.state).toBe('connecting')
    latest().drop()
    expect(t.state).toBe('connecting')
    vi.advanceTimersByTime(99)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(2)
    latest().drop()
    vi.advanceTimersByTime(199)
    expect(FakeSocket.all).toHaveLength(2)
    vi.advanceTimersByTime(1)
    latest().open()
    expect(t.state).toBe('open')
    latest().drop()
    expect(t.state).toBe('reconnecting')
    // After an open the backoff starts again from the minimum.
    vi.advanceTimersByTime(100)
    expect(FakeSocket.all).toHaveLength(4)
    for (let i = 0; i < 8; i++) {
      latest().drop()
      vi.advanceTimersByTime(1000)
    }
    expect(FakeSocket.all).toHaveLength(12)
    expect(states).toContain('reconnecting')
    t.close()
    expect(t.state).toBe('closed')
  })

  it('an RpcClient resubscribes from the last event it saw after a reconnect', async () => {
    const t = transport()
    const client = new RpcClient(t, { events: true })
    const seen: number[] = []
    client.on('*', (e) => seen.push(e.seq))
    t.connect()
    latest().open()
    const first = latest().sent[0] as { id: number; method: string; params: unknown }
    expect(first).toMatchObject({ method: 'events.subscribe', params: { since: 0 } })
    latest().receive({
      type: 'reply',
      id: first.id,
      ok: true,
      result: { events: [], lastSeq: 0, gap: false },
    })
    await vi.advanceTimersByTimeAsync(0)
    latest().receive({ type: 'event', seq: 7, at: 1, name: 'device.renamed', payload: { name: 'A' } })
    expect(seen).toEqual([7])

    latest().drop()
    await vi.advanceTimersByTimeAsync(100)
    latest().open()
    expect(latest().sent[0]).toMatchObject({ method: 'events.subscribe', params: { since: 7 } })
    client.close()
    t.close()
  })

  it('a call while disconnected fails at once with DISCONNECTED', async () => {
    const t = transport()
    const client = new RpcClient(t)
    t.connect()
    await expect(client.call('device.status', {})).rejects.toMatchObject({ code: 'DISCONNECTED' })
    latest().open()
    const pending = client.call('device.status', {})
    latest().drop()
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' })
    t.close()
  })

  it('ignores text that is not JSON', () => {
    const t = transport()
    const frames: unknown[] = []
    t.onFrame((f) => frames.push(f))
    t.connect()
    latest().open()
    latest().onmessage?.({ data: 'nope{' })
    latest().receive({ type: 'event', seq: 1, at: 1, name: 'x', payload: null })
    expect(frames).toHaveLength(1)
    t.close()
  })
})
