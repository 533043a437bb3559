// Real engines on a loopback HyperDHT testnet, each in its own temporary data folder.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { createEngine, type PeerdeskEngine } from '../../electron/engine/index.js'

export interface TestNet {
  testnet: Testnet
  bootstrap: { host: string; port: number }[]
  engine(name: string, opts?: { dataDir?: string }): Promise<PeerdeskEngine>
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
  return {
    testnet,
    bootstrap: testnet.bootstrap,
    tmpdir,
    async engine(name, opts = {}) {
      const dataDir = opts.dataDir ?? (await tmpdir())
      const e = createEngine({
        dataDir,
        network: { bootstrap: testnet.bootstrap, host: '127.0.0.1' },
        stallTimeoutMs: 3000,
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
}

/** Poll a condition (for state that arrives over the network); fails with what was last seen. */
export async function eventually<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const start = Date.now()
  let last: T = await read()
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, intervalMs))
    last = await read()
  }
  return last
}
