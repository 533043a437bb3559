// The content writer's worker on real files: chunks checked and written at their offsets, small files
// written whole with their mtime, and fs failures (a full disk) coming back with Node's error codes.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { contentWriter } from '../../electron/engine/shares/content-writer.js'
import { createHarness, tinyDisk } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

const execFileP = promisify(execFile)
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

  it('renames a small file into place once it is written, and leaves it where it was if it cannot', async () => {
    const dir = await h.tmpdir()
    const tmp = path.join(dir, '.small.txt.part')
    const target = path.join(dir, 'small.txt')
    const mtime = Date.UTC(2024, 0, 2, 3, 4, 5)
    await contentWriter.writeWhole(tmp, 0o644, Buffer.from('hello'), mtime, target)
    expect(await fsp.readFile(target, 'utf8')).toBe('hello')
    expect((await fsp.stat(target)).mtimeMs).toBe(mtime)
    await expect(fsp.stat(tmp)).rejects.toMatchObject({ code: 'ENOENT' })
    // A folder in the way: the rename fails with its code, and the written temp file stays for the
    // caller to remove.
    const blocked = path.join(dir, 'blocked')
    await fsp.mkdir(path.join(blocked, 'inside'), { recursive: true })
    await expect(
      contentWriter.writeWhole(tmp, 0o644, Buffer.from('again'), null, blocked),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/),
    })
    expect(await fsp.readFile(tmp, 'utf8')).toBe('again')
  })

  it('works when the engine runs from its TypeScript through tsx, as the CLI does after an edit', async () => {
    // tsx compiles with keepNames: the worker's inner functions then call a `__name` helper. And under
    // `--import tsx` the evaluated worker runs as a module, with no `require`.
    const file = path.join(await h.tmpdir(), 'tsx.txt')
    const writer = path.resolve('electron/engine/shares/content-writer.ts')
    const program =
      `const { contentWriter } = await import(${JSON.stringify(pathToFileURL(writer).href)});` +
      `await contentWriter.writeWhole(${JSON.stringify(file)}, 0o644, Buffer.from('via tsx'), null);` +
      `process.exit(0)`
    // A failed write throws in the child, which then exits non-zero and rejects here.
    await execFileP(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program])
    expect(await fsp.readFile(file, 'utf8')).toBe('via tsx')
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
