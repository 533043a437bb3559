// The content writer's worker on real files: chunks checked and written at their offsets, small files
// written whole with their mtime, and fs failures (a full disk) coming back with Node's error codes.
import { createHash } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { contentWriter } from '../../electron/engine/shares/content-writer.js'
import { createHarness, tinyDisk } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest()

describe('content writer', () => {
  it('writes a chunk that matches its hash at its offset, and nothing of one that does not', async () => {
    const file = path.join(await h.tmpdir(), 'out.bin')
    const fh = await fsp.open(file, 'w+')
    try {
      await fh.truncate(3 * 65536)
      const second = Buffer.alloc(65536, 2)
      const wrong = Buffer.alloc(65536, 3)
      // An owned buffer moves to the worker: the caller's view of it is empty afterwards.
      const hash = sha256(second)
      expect(await contentWriter.writeChunk(fh.fd, 65536, second, hash)).toBe(true)
      expect(second.byteLength).toBe(0)
      expect(await contentWriter.writeChunk(fh.fd, 2 * 65536, wrong, hash)).toBe(false)
    } finally {
      await fh.close()
    }
    const got = await fsp.readFile(file)
    expect(got.subarray(65536, 2 * 65536).equals(Buffer.alloc(65536, 2))).toBe(true)
    expect(got.subarray(2 * 65536).equals(Buffer.alloc(65536, 0))).toBe(true)
  })

  it('copies a chunk that shares its buffer, leaving the rest of that buffer alone', async () => {
    const file = path.join(await h.tmpdir(), 'out.bin')
    const frame = Buffer.alloc(2 * 8192, 7)
    const chunk = frame.subarray(8192)
    const fh = await fsp.open(file, 'w+')
    try {
      expect(await contentWriter.writeChunk(fh.fd, 0, chunk, sha256(chunk))).toBe(true)
    } finally {
      await fh.close()
    }
    expect(frame.byteLength).toBe(2 * 8192)
    expect((await fsp.readFile(file)).equals(Buffer.alloc(8192, 7))).toBe(true)
  })

  it('writes a small file whole, with its mode and mtime', async () => {
    const file = path.join(await h.tmpdir(), 'small.txt')
    const mtime = Date.UTC(2024, 0, 2, 3, 4, 5)
    await contentWriter.writeWhole(file, 0o600, Buffer.from('hello'), mtime)
    expect(await fsp.readFile(file, 'utf8')).toBe('hello')
    const st = await fsp.stat(file)
    expect(st.mtimeMs).toBe(mtime)
    expect(st.mode & 0o777).toBe(0o600)
  })

  it("gives Node's error code when the file cannot be written", async () => {
    const missing = path.join(await h.tmpdir(), 'no-such-folder', 'x.txt')
    await expect(contentWriter.writeWhole(missing, 0o644, Buffer.from('x'), null)).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })

  it('a full disk is ENOSPC, for a whole file and for a chunk', async (ctx) => {
    const disk = await tinyDisk(h)
    if ('skip' in disk) return ctx.skip(disk.skip)
    const dest = disk.dir
    const big = Buffer.alloc(2 * 1024 * 1024, 1)
    await expect(
      contentWriter.writeWhole(path.join(dest, 'whole.bin'), 0o644, Buffer.from(big), null),
    ).rejects.toMatchObject({ code: 'ENOSPC' })
    const fh = await fsp.open(path.join(dest, 'chunk.bin'), 'w+')
    try {
      await expect(contentWriter.writeChunk(fh.fd, 0, big, sha256(big))).rejects.toMatchObject({
        code: 'ENOSPC',
      })
    } finally {
      await fh.close()
    }
  })
})
