// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames.js'
import { RpcClient } from '../../../shared/rpc-client.js'
import { IpcTransport } from './ipc-transport.js'
import { pickTransport } from './pick-transport.js'
import { WsTransport } from './ws-transport.js'

afterEach(() => {
  delete window.peerdesk
  sessionStorage.clear()
})

describe('pickTransport', () => {
  it('uses the preload bridge in Electron', () => {
    window.peerdesk = { send: () => undefined, onFrame: () => () => undefined }
    const choice = pickTransport(window)
    expect(choice.ok && choice.transport).toBeInstanceOf(IpcTransport)
  })

  it('uses a WebSocket with the token from the address in a browser', () => {
    window.location.hash = '#token=abc'
    const choice = pickTransport(window)
    expect(choice.ok && choice.transport).toBeInstanceOf(WsTransport)
    expect(window.location.hash).toBe('')
    expect(sessionStorage.getItem('peerdesk.token')).toBe('abc')
  })

  it('without a token it says so instead of connecting', () => {
    expect(pickTransport(window)).toEqual({ ok: false, reason: 'no-token' })
  })
})

describe('IpcTransport', () => {
  it('carries calls and replies through the bridge', async () => {
    let deliver: (frame: Frame) => void = () => undefined
    const sent: Frame[] = []
    const bridge: PeerdeskBridge = {
      send: (frame) => {
        sent.push(frame)
        if (frame.type === 'call')
          queueMicrotask(() => deliver({ type: 'reply', id: frame.id, ok: true, result: 'pong' }))
      },
      onFrame: (cb) => {
        deliver = cb
        return () => (deliver = () => undefined)
      },
    }
    const client = new RpcClient(new IpcTransport(bridge))
    await expect(client.call('workgroup.list', {})).resolves.toBe('pong')
    expect(sent).toEqual([{ type: 'call', id: 1, method: 'workgroup.list', params: {} }])
    client.close()
  })
})
