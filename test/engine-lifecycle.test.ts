import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../electron/engine/index.js'
import { createTestNet, type TestNet } from './helpers/testnet.js'

let net: TestNet
beforeEach(async () => {
  net = await createTestNet()
})
afterEach(async () => {
  await net.destroy()
})

describe('the engine lifecycle', () => {
  it('a failed start releases the data folder, so the next start on it works', async () => {
    const dataDir = await net.tmpdir()
    // Told to bind an address this machine does not have: the swarm cannot start (nothing is sent).
    const network = { bootstrap: net.bootstrap, host: '127.0.0.1' }
    const blocked = createEngine({ dataDir, network: { ...network, host: '10.255.255.254' } })
    try {
      await expect(blocked.ready()).rejects.toThrow()
    } finally {
      await blocked.close()
    }
    // The corestore's lock was released: a second engine opens the same folder.
    const again = createEngine({ dataDir, network })
    try {
      await again.ready()
      expect((await again.service['device.status']({})).key).toMatch(/^[0-9a-f]{64}$/)
    } finally {
      await again.close()
    }
  })
})
