import { describe, expect, it } from 'vitest'
import { AppError } from './errors.js'
import type { Frame } from './frames.js'
import { RpcClient } from './rpc-client.js'
import { RpcSession, type EventSource, type HostedService } from './rpc-session.js'
import type { AnyEvent } from './contract.js'
import type { Transport } from './transport.js'

/** A client and a session joined by an in-memory transport that can drop and reconnect. */
function pair(service: Partial<HostedService>, events: EventSource) {
  const toClient = new Set<(f: Frame) => void>()
  const opens = new Set<() => void>()
  const closes = new Set<() => void>()
  let session: RpcSession | null = null
  const link = () => {
    session = new RpcSession({
      service: service as HostedService,
      events,
      send: (frame) =>
        void Promise.resolve().then(() => toClient.forEach((cb) => cb(JSON.parse(JSON.stringify(frame))))),
    })
  }
  link()
  const transport: Transport = {
    send: (frame) => void session?.handle(JSON.parse(JSON.stringify(frame))),
    onFrame: (cb) => (toClient.add(cb), () => toClient.delete(cb)),
    onOpen: (cb) => (opens.add(cb), () => opens.delete(cb)),
    onClose: (cb) => (closes.add(cb), () => closes.delete(cb)),
  }
  return {
    transport,
    open: () => opens.forEach((cb) => cb()),
    drop: () => {
      session?.close()
      session = null
      closes.forEach((cb) => cb())
    },
    reconnect: () => {
      link()
      opens.forEach((cb) => cb())
    },
  }
}

function eventLog() {
  const all: AnyEvent[] = []
  const listeners = new Set<(e: AnyEvent) => void>()
  const source: EventSource = {
    since: (seq) => ({ events: all.filter((e) => e.seq > seq), lastSeq: all.length, gap: false }),
    subscribe: (cb) => (listeners.add(cb), () => listeners.delete(cb)),
  }
  const emit = (name: string) => {
    const event = { seq: all.length + 1, at: 0, name: 'device.renamed', payload: { name } } as AnyEvent
    all.push(event)
    listeners.forEach((cb) => cb(event))
  }
  return { source, emit }
}

// shared/ has no timer types (no DOM, no node): settle the in-memory link by awaiting microtasks.
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('the RPC client and session over an in-memory transport', () => {
  it('calls a method with validated params and returns its result', async () => {
    const { source } = eventLog()
    const link = pair({ 'workgroup.create': async ({ name }) => ({ id: `id-${name}` }) }, source)
    const client = new RpcClient(link.transport)
    await expect(client.call('workgroup.create', { name: ' Office ' })).resolves.toEqual({ id: 'id-Office' })
  })

  it('turns bad params and thrown errors into coded errors, and hides internal ones', async () => {
    const { source } = eventLog()
    const link = pair(
      {
        'workgroup.list': async () => {
          throw new Error('secret stack detail')
        },
        'member.list': async () => {
          throw new AppError('NOT_FOUND', 'No such group')
        },
      },
      source,
    )
    const client = new RpcClient(link.transport)
    await expect(client.call('workgroup.create', { name: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(client.call('workgroup.list', {})).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'Internal error',
    })
    await expect(client.call('member.list', { group: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('fails pending calls with DISCONNECTED when the link drops', async () => {
    const { source } = eventLog()
    const link = pair({ 'workgroup.list': () => new Promise(() => undefined) }, source)
    const client = new RpcClient(link.transport)
    const pending = client.call('workgroup.list', {})
    link.drop()
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' })
  })

  it('resubscribes on reconnect and delivers missed events once, in order', async () => {
    const log = eventLog()
    const link = pair({}, log.source)
    const client = new RpcClient(link.transport, { events: true })
    const names: string[] = []
    client.on('device.renamed', (e) => names.push(e.payload.name))
    link.open()
    await flush()
    log.emit('a')
    await flush()
    link.drop()
    log.emit('b')
    log.emit('c')
    link.reconnect()
    await flush()
    log.emit('d')
    await flush()
    expect(names).toEqual(['a', 'b', 'c', 'd'])
    expect(client.lastSeq).toBe(4)
  })
})
