// Real engines on a loopback HyperDHT testnet, each in its own temporary data folder.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { createEngine, type EngineOptions, type PeerdeskEngine } from '../../electron/engine/index.js'

export interface TestNet {
  testnet: Testnet
  /** The first device creates "Office" and admits the others, each with a fresh code; all online. */
  office(...names: string[]): Promise<{ id: string; devices: PeerdeskEngine[] }>
  bootstrap: { host: string; port: number }[]
  engine(
    name: string,
    opts?: { dataDir?: string; printing?: EngineOptions['printing'] },
  ): Promise<PeerdeskEngine>
  tmpdir(): Promise<string>
  destroy(): Promise<void>
}

export async function createTestNet(): Promise<TestNet> {
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const engines: PeerdeskEngine[] = []
  const dirs: string[] = []
  const tmpdir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-test-'))
    dirs.push(dir)
    return dir
  }
  const api: TestNet = {
    testnet,
    bootstrap: testnet.bootstrap,
    tmpdir,
    async office(...names) {
      const [first, ...rest] = names
      const admin = await api.engine(first ?? 'Admin')
      const { id } = await admin.service['workgroup.create']({ name: 'Office' })
      const devices = [admin]
      for (const name of rest) {
        const device = await api.engine(name)
        const { invite } = await admin.service['invite.create']({ group: id })
        await device.service['invite.redeem']({ code: invite })
        devices.push(device)
      }
      for (const device of devices) {
        await eventually(
          () => device.service['member.list']({ group: id }),
          (l) => l.length === devices.length && l.every((m) => m.online),
          { what: 'everyone online' },
        )
      }
      return { id, devices }
    },
    async engine(name, opts = {}) {
      const dataDir = opts.dataDir ?? (await tmpdir())
      const e = createEngine({
        dataDir,
        network: { bootstrap: testnet.bootstrap, host: '127.0.0.1' },
        stallTimeoutMs: 3000,
        // The owner's history copy as part of each scan, so a test's restore finds it at once.
        historyDelayMs: 0,
        ...(opts.printing ? { printing: opts.printing } : {}),
      })
      await e.ready()
      engines.push(e)
      await e.service['device.rename']({ name })
      return e
    },
    async destroy() {
      await Promise.all(engines.map((e) => e.close()))
      await testnet.destroy()
      await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })))
    },
  }
  return api
}

/**
 * Poll a condition (for state that arrives over the network). A read that throws counts as "not yet"
 * (a name that has not replicated yet, a node still starting); on timeout the last value or error is
 * reported.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const start = Date.now()
  let last: { value: T } | { error: unknown } = { error: new Error('never read') }
  for (;;) {
    try {
      last = { value: await read() }
      if (ok(last.value)) return last.value
    } catch (error) {
      last = { error }
    }
    if (Date.now() - start > timeoutMs) {
      const seen = 'value' in last ? JSON.stringify(last.value) : String(last.error)
      throw new Error(`timed out waiting for ${what}: ${seen}`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
