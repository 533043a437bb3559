// The relay's key pair, kept in the data folder so its key (which members are configured with) stays
// the same across restarts of the office server.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import DHT from 'hyperdht'
import type { KeyPair } from 'hypercore-crypto'
import { readJson, writeJson } from '../json-file.js'

export async function relayKeyPair(dataDir: string | undefined): Promise<KeyPair> {
  if (!dataDir) return DHT.keyPair()
  const file = path.join(dataDir, 'relay-key.json')
  const stored = await readJson<{ seed?: unknown }>(file)
  if (typeof stored?.seed === 'string' && /^[0-9a-f]{64}$/.test(stored.seed)) {
    return DHT.keyPair(Buffer.from(stored.seed, 'hex'))
  }
  const seed = randomBytes(32)
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  await writeJson(file, { seed: seed.toString('hex') }, 0o600)
  return DHT.keyPair(seed)
}
