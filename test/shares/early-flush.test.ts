// A big download's data syncs start while it arrives, one at a time, and are over before the file closes.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EarlyFlush } from '../../electron/engine/shares/early-flush.js'

const MiB = 1024 * 1024
const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true })
})

describe('the early flush', () => {
  it('starts a data sync every 64 MiB written, never two at once, and settles before close', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-flush-'))
    dirs.push(dir)
    const fh = await fs.open(path.join(dir, 'big.part'), 'w+')
    const datasync = vi.spyOn(fh, 'datasync')
    const flush = new EarlyFlush(fh)
    const chunk = Buffer.alloc(MiB, 1)
    for (let i = 0; i < 63; i++) {
      await fh.write(chunk, 0, MiB, i * MiB)
      flush.wrote(MiB)
    }
    expect(datasync).not.toHaveBeenCalled()
    await fh.write(chunk, 0, MiB, 63 * MiB)
    flush.wrote(MiB)
    expect(datasync).toHaveBeenCalledTimes(1)
    // Another 64 MiB while that sync runs starts none; once it is over, the next one starts.
    flush.wrote(64 * MiB)
    expect(datasync).toHaveBeenCalledTimes(1)
    await flush.settled()
    flush.wrote(64 * MiB)
    expect(datasync).toHaveBeenCalledTimes(2)
    await flush.settled()
    await fh.close()
    expect((await fs.stat(path.join(dir, 'big.part'))).size).toBe(64 * MiB)
  })

  it('keeps an early sync failure for the final check: Linux reports a write-back error only once', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-flush-'))
    dirs.push(dir)
    const fh = await fs.open(path.join(dir, 'big.part'), 'w+')
    // A disk that fails its write-back cannot be made here: the real handle's sync is made to fail once.
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
    vi.spyOn(fh, 'datasync').mockRejectedValueOnce(eio)
    const flush = new EarlyFlush(fh)
    flush.wrote(64 * MiB)
    await flush.settled()
    await expect(flush.flushed()).rejects.toMatchObject({ code: 'EIO' })
    await fh.close()
  })
})
