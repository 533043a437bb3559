import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIN_CHUNK, hashFile } from './content-hash.js'

const sha = (data: Buffer) => createHash('sha256').update(data).digest()

let dir: string
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-hash-'))
})
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

describe('hashFile', () => {
  it.each([
    ['empty', 0],
    ['small', 1000],
    ['one whole chunk', MIN_CHUNK],
    ['three and a half chunks', 3.5 * MIN_CHUNK],
    ['four chunks exactly', 4 * MIN_CHUNK],
  ])('hashes a %s file chunk by chunk, as the receiver checks it', async (name, size) => {
    const data = randomBytes(size)
    const file = path.join(dir, name)
    await fs.writeFile(file, data)
    const content = await hashFile(file)
    const chunks: Buffer[] = []
    for (let at = 0; at < Math.max(size, 1); at += MIN_CHUNK)
      chunks.push(sha(data.subarray(at, at + MIN_CHUNK)))
    const hashes = Buffer.concat(chunks)
    expect(content.size).toBe(size)
    expect(content.chunk).toBe(MIN_CHUNK)
    expect(content.hashes.equals(hashes)).toBe(true)
    expect(content.hash).toBe((chunks.length === 1 ? hashes : sha(hashes)).toString('hex'))
  })
})
