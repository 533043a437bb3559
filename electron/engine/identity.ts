// The device's identity: an Ed25519 key pair kept in <dataDir>/identity.json (0600) and a fingerprint
// short enough to read aloud when two people compare devices.
import path from 'node:path'
import crypto, { type KeyPair } from 'hypercore-crypto'
import z32 from 'z32'
import { readJson, writeJson } from './json-file.js'

export interface Identity {
  keyPair: KeyPair
  key: string
}

interface IdentityFile {
  version: 1
  seed: string
}

export async function loadIdentity(dataDir: string): Promise<Identity> {
  const file = path.join(dataDir, 'identity.json')
  let stored = await readJson<IdentityFile>(file)
  if (!stored || typeof stored.seed !== 'string' || stored.seed.length !== 64) {
    stored = { version: 1, seed: crypto.randomBytes(32).toString('hex') }
    await writeJson(file, stored, 0o600)
  }
  const keyPair = crypto.keyPair(Buffer.from(stored.seed, 'hex'))
  return { keyPair, key: keyPair.publicKey.toString('hex') }
}

/** Twelve z-base-32 characters of a hash of the key, in three groups: "ybnd-rk3x-pq8e". */
export function fingerprint(keyHex: string): string {
  const digest = crypto.hash(Buffer.from(keyHex, 'hex'))
  const text = z32.encode(digest.subarray(0, 8)).slice(0, 12)
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`
}
