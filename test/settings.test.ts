import fs from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Frame, ReplyFrame } from '../shared/frames.js'
import { RpcSession } from '../shared/rpc-session.js'
import { createEngine, type PeerdeskEngine } from '../electron/engine/index.js'
import { createTestNet, type TestNet } from './helpers/testnet.js'

let net: TestNet
beforeEach(async () => {
  net = await createTestNet()
})
afterEach(async () => {
  await net.destroy()
})

/** Call through a session, as a client does: params are validated there. */
async function call(engine: PeerdeskEngine, method: string, params: unknown): Promise<ReplyFrame> {
  let reply: ReplyFrame | null = null
  const session = new RpcSession({
    service: engine.service,
    events: engine.engine.events,
    send: (frame: Frame) => {
      if (frame.type === 'reply') reply = frame
    },
  })
  await session.handle({ type: 'call', id: 1, method, params })
  session.close()
  if (!reply) throw new Error('no reply')
  return reply
}

describe('app settings', () => {
  it('starts with safe defaults', async () => {
    const device = await net.engine('Alice')
    expect(await device.service['settings.get']({})).toEqual({
      network: { mode: 'auto', bootstrap: [] },
      startAtLogin: false,
      dataDir: device.engine.dataDir,
      restartRequired: false,
    })
  })

  it('saves changes, announces them, and keeps them across a restart', async () => {
    const dataDir = await net.tmpdir()
    const first = await net.engine('Alice', { dataDir })
    const node = `${net.bootstrap[0]!.host}:${net.bootstrap[0]!.port}`

    const login = await first.service['settings.update']({ startAtLogin: true })
    expect(login).toMatchObject({ startAtLogin: true, restartRequired: false })

    const custom = await first.service['settings.update']({
      network: { mode: 'custom', bootstrap: [` ${node} `, node, '[::1]:49737'] },
    })
    expect(custom.network).toEqual({ mode: 'custom', bootstrap: [node, '[::1]:49737'] })
    expect(custom.restartRequired).toBe(true)
    expect((await first.service['settings.get']({})).restartRequired).toBe(true)

    // Back to what it started with: nothing left to restart for. The list stays for next time.
    const auto = await first.service['settings.update']({ network: { mode: 'auto' } })
    expect(auto).toMatchObject({ network: { mode: 'auto', bootstrap: [node, '[::1]:49737'] } })
    expect(auto.restartRequired).toBe(false)
    await first.service['settings.update']({ network: { mode: 'custom', bootstrap: [node] } })

    const events = first.engine.events.since(0).events.filter((e) => e.name === 'settings.updated')
    expect(events.map((e) => e.payload)).toHaveLength(4)
    expect(events.at(-1)?.payload).toMatchObject({
      settings: { network: { mode: 'custom', bootstrap: [node] }, restartRequired: true },
    })
    await first.close()

    const stored = JSON.parse(await fs.readFile(path.join(dataDir, 'settings.json'), 'utf8')) as unknown
    expect(stored).toMatchObject({ network: { mode: 'custom', bootstrap: [node] }, startAtLogin: true })

    // Started again with the saved network (as `peerdesk serve` with no flags): custom, from the list.
    const second = createEngine({ dataDir, network: { host: '127.0.0.1' }, savedNetwork: true })
    try {
      await second.ready()
      expect(await second.service['settings.get']({})).toEqual({
        network: { mode: 'custom', bootstrap: [node] },
        startAtLogin: true,
        dataDir: second.engine.dataDir,
        restartRequired: false,
      })
      const status = await second.service['device.status']({})
      expect(status.network).toMatchObject({ mode: 'custom', bootstrap: [node] })
    } finally {
      await second.close()
    }
  })

  it('refuses bad input with BAD_REQUEST and changes nothing', async () => {
    const device = await net.engine('Alice')
    const bad = [
      { network: { mode: 'custom', bootstrap: [] } },
      { network: { mode: 'custom' } },
      { network: { mode: 'custom', bootstrap: ['example.org'] } },
      { network: { mode: 'custom', bootstrap: ['host:70000'] } },
      { network: { mode: 'lan', bootstrap: ['a b:1'] } },
      { network: { mode: 'office' } },
      { network: { mode: 'auto', extra: 1 } },
      { startAtLogin: 'yes' },
      { theme: 'dark' },
    ]
    for (const params of bad) {
      const reply = await call(device, 'settings.update', params)
      expect(reply, JSON.stringify(params)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
    const ok = await call(device, 'settings.update', { network: { mode: 'lan' }, startAtLogin: true })
    expect(ok).toMatchObject({ ok: true, result: { network: { mode: 'lan' }, restartRequired: true } })
    expect(await device.service['settings.get']({})).toMatchObject({
      network: { mode: 'lan', bootstrap: [] },
      startAtLogin: true,
    })
  })
})
