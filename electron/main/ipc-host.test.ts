import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { RpcSession } from '../../shared/rpc-session.js'
import type { Frame } from '../../shared/frames.js'
import type { HostedService } from '../../shared/rpc-session.js'
import { FRAME_CHANNEL, IpcHost } from './ipc-host.js'
import type { IpcEventLike } from './trusted-ipc.js'

class FakeContents extends EventEmitter {
  readonly sent: unknown[] = []
  destroyed = false
  constructor(readonly id: number) {
    super()
  }
  send(channel: string, frame: unknown): void {
    if (channel === FRAME_CHANNEL) this.sent.push(frame)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

const status = { name: 'desk', key: 'k', fingerprint: 'f', network: {} }
const service = { 'device.status': async () => status } as unknown as HostedService
const events = { since: () => ({ events: [], lastSeq: 0, gap: false }), subscribe: () => () => {} }

function setup() {
  const ipc = new EventEmitter()
  const host = new IpcHost({
    ipc: ipc as never,
    createSession: (send: (f: Frame) => void) => new RpcSession({ service, events, send }),
  })
  const fromSender = (sender: { id: number }, frame: unknown, senderFrame?: IpcEventLike['senderFrame']) =>
    ipc.emit(FRAME_CHANNEL, { sender, senderFrame }, frame)
  return { ipc, host, fromSender }
}

const call = { type: 'call', id: 7, method: 'device.status', params: {} }
const settle = () => new Promise((r) => setTimeout(r, 10))

describe('IpcHost', () => {
  it('answers a call from a window it serves on the same channel', async () => {
    const { host, fromSender } = setup()
    const win = new FakeContents(1)
    host.attach(win)
    fromSender(win, call)
    await settle()
    expect(win.sent).toEqual([{ type: 'reply', id: 7, ok: true, result: status }])
  })

  it('drops a frame from a webContents it did not create', async () => {
    const { host, fromSender } = setup()
    const win = new FakeContents(1)
    host.attach(win)
    const stranger = new FakeContents(2)
    fromSender(stranger, call)
    await settle()
    expect(stranger.sent).toEqual([])
    expect(win.sent).toEqual([])
  })

  it('drops frames from a subframe of our own window', async () => {
    const { host, fromSender } = setup()
    const win = new FakeContents(1)
    host.attach(win)
    fromSender(win, call, { parent: {} })
    fromSender(win, call, null)
    await settle()
    expect(win.sent).toEqual([])
  })

  it('forgets a window once destroyed, so its id is no longer trusted', async () => {
    const { host, fromSender } = setup()
    const win = new FakeContents(1)
    host.attach(win)
    win.destroy()
    expect(host.sessions).toBe(0)
    fromSender({ id: 1 }, call)
    await settle()
    expect(win.sent).toEqual([])
  })

  it('stops listening on close', () => {
    const { ipc, host } = setup()
    host.attach(new FakeContents(1))
    host.close()
    expect(ipc.listenerCount(FRAME_CHANNEL)).toBe(0)
    expect(host.sessions).toBe(0)
  })
})
