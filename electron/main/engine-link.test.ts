import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { RpcClient } from '../../shared/rpc-client.js'
import { EventLog } from '../engine/event-log.js'
import type { HostedService } from '../../shared/rpc-session.js'
import { EngineHost } from './engine-host.js'
import { EngineLink, relaySession, type EngineProcess } from './engine-link.js'
import type { FromEngine, ToEngine } from './link-protocol.js'

/** A utility process in memory: the real EngineHost behind a pair of emitters, async like postMessage. */
function fakeProcess(opts: { hangOnClose?: boolean; failStart?: boolean } = {}) {
  const parent = new EventEmitter()
  const child = new EventEmitter()
  const events = new EventLog()
  let closed = 0
  const service = {
    'device.status': async () => ({ name: 'desk' }),
  } as unknown as HostedService
  const proc: EngineProcess & { alive: boolean; events: EventLog; closed: () => number; crash(): void } = {
    alive: true,
    events,
    closed: () => closed,
    postMessage: (msg: ToEngine) => setImmediate(() => child.emit('message', { data: msg })),
    on: (event: string, listener: (arg: never) => void) =>
      parent.on(event, listener as (arg: unknown) => void),
    kill: () => {
      proc.alive = false
      parent.emit('exit', 9)
      return true
    },
    crash: () => {
      proc.alive = false
      parent.emit('exit', 1)
    },
  }
  const port = {
    postMessage: (msg: FromEngine) => setImmediate(() => parent.emit('message', msg)),
    on: (event: 'message', listener: (e: { data: unknown }) => void) => child.on(event, listener),
  }
  new EngineHost({
    port,
    engine: {
      service,
      events,
      close: () => (opts.hangOnClose ? new Promise(() => {}) : Promise.resolve(void closed++)),
    },
    onClosed: () => setImmediate(() => parent.emit('exit', 0)),
  })
  setImmediate(() =>
    port.postMessage(opts.failStart ? { type: 'failed', message: 'no disk' } : { type: 'ready' }),
  )
  return proc
}

describe('EngineLink with EngineHost', () => {
  it('relays calls and events for a client through the engine process', async () => {
    const proc = fakeProcess()
    const link = new EngineLink(() => proc)
    const client = new RpcClient(link.openClient(), { events: true })
    const seen: string[] = []
    client.on('*', (e) => seen.push(e.name))
    await link.start()
    expect(await client.call('device.status', {})).toEqual({ name: 'desk' })
    proc.events.emit('device.renamed', { name: 'x' })
    await new Promise((r) => setTimeout(r, 10))
    expect(seen).toEqual(['device.renamed'])
    client.close()
    await link.close()
    expect(proc.closed()).toBe(1)
  })

  it('gives each window its own session, and ends it when the window goes', async () => {
    const proc = fakeProcess()
    const link = new EngineLink(() => proc)
    await link.start()
    const replies: unknown[] = []
    const session = relaySession(link, (f) => replies.push(f))
    session.handle({ type: 'call', id: 1, method: 'device.status', params: {} })
    session.handle({ type: 'call', id: 2, method: 'nope.nope', params: {} })
    await new Promise((r) => setTimeout(r, 20))
    expect(replies).toMatchObject([
      { id: 1, ok: true },
      { id: 2, ok: false, error: { code: 'UNKNOWN_METHOD' } },
    ])
    session.close()
    session.handle({ type: 'call', id: 3, method: 'device.status', params: {} })
    await new Promise((r) => setTimeout(r, 20))
    expect(replies).toHaveLength(2)
    await link.close()
  })

  it('rejects start when the engine fails to open', async () => {
    const link = new EngineLink(() => fakeProcess({ failStart: true }))
    await expect(link.start()).rejects.toThrow('no disk')
  })

  it('reports a crash, and reopens clients in a restarted process', async () => {
    let proc = fakeProcess()
    const link = new EngineLink(() => proc)
    const client = new RpcClient(link.openClient())
    await link.start()
    const exits: number[] = []
    link.onExit((code) => exits.push(code))
    proc.crash()
    expect(exits).toEqual([1])
    expect(link.running).toBe(false)
    proc = fakeProcess()
    await link.start()
    expect(await client.call('device.status', {})).toEqual({ name: 'desk' })
    await link.close()
  })

  it('a hung engine close can be cut short with kill', async () => {
    const proc = fakeProcess({ hangOnClose: true })
    const link = new EngineLink(() => proc)
    await link.start()
    const exits: number[] = []
    link.onExit((c) => exits.push(c))
    const closing = link.close()
    link.kill()
    await closing
    expect(proc.alive).toBe(false)
    // A kill on the way out is not a crash to restart from.
    expect(exits).toEqual([])
  })
})
