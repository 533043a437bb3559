import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliJson, runCli, startCli, startNode, type Background } from './helpers/cli.js'
import { eventually } from './helpers/testnet.js'

const PORT = 40000 + Math.floor(Math.random() * 20000)
const BOOTSTRAP = `127.0.0.1:${PORT}`
const SIZE = 96 * 1024 * 1024
let root: string
let bootstrap: Background
const running = new Set<Background>()

async function node(dir: string): Promise<Background> {
  const started = await startNode(dir, BOOTSTRAP)
  running.add(started)
  return started
}

function sha256(file: string): Promise<string> {
  return fs.readFile(file).then((b) => createHash('sha256').update(b).digest('hex'))
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-kill-'))
  bootstrap = startCli(['bootstrap', '--host', '127.0.0.1', '--port', String(PORT)])
  await eventually(
    () => bootstrap.output(),
    (out) => out.includes('listening'),
    { what: 'the bootstrap node' },
  )
})

afterAll(async () => {
  await Promise.all([...running].map((n) => n.stop()))
  await bootstrap.stop()
  await fs.rm(root, { recursive: true, force: true })
})

describe('a downloader killed mid-way', () => {
  it('restarts, resumes and completes a verified copy, with no half-written file under the real name', async () => {
    const alice = path.join(root, 'alice')
    const bob = path.join(root, 'bob')
    await node(alice)
    let bobNode = await node(bob)
    const { id } = await cliJson<{ id: string }>(['--data', alice, 'group', 'create', 'Office'])
    const { invite } = await cliJson<{ invite: string }>(['--data', alice, 'invite', id])
    await cliJson(['--data', bob, 'join', invite])

    const folder = path.join(root, 'share')
    await fs.mkdir(folder)
    const big = Buffer.alloc(SIZE)
    for (let i = 0; i < SIZE; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i)
    await fs.writeFile(path.join(folder, 'video.bin'), big)
    const expected = createHash('sha256').update(big).digest('hex')
    const { id: share } = await cliJson<{ id: string }>(['--data', alice, 'share', id, folder])
    await eventually(
      () => cliJson<{ files: number }[]>(['--data', bob, 'shares', id]),
      (l) => l[0]?.files === 1,
      { what: 'the share on Bob', timeoutMs: 60_000 },
    )

    const dest = path.join(root, 'dest')
    const part = path.join(dest, '.video.bin.peerdesk-part')
    const first = startCli(['--data', bob, 'get', `${share}/video.bin`, dest])
    // Kill the downloading node once some, but not all, of the file has arrived.
    await eventually(
      () =>
        fs.stat(part).then(
          (s) => s.size,
          () => 0,
        ),
      (size) => size > SIZE / 10,
      { what: 'the download under way', timeoutMs: 60_000, intervalMs: 20 },
    )
    bobNode.child.kill('SIGKILL')
    await new Promise((resolve) => bobNode.child.once('exit', resolve))
    running.delete(bobNode)
    await first.stop()
    await expect(fs.stat(path.join(dest, 'video.bin'))).rejects.toMatchObject({ code: 'ENOENT' })

    // The node left its api.json behind when killed; a fresh serve replaces it.
    await fs.rm(path.join(bob, 'api.json'), { force: true })
    bobNode = await node(bob)
    await eventually(
      () => cliJson<{ online: boolean }[]>(['--data', bob, 'members', id]),
      (l) => l.length === 2 && l.every((m) => m.online),
      { what: 'Bob back online', timeoutMs: 60_000 },
    )
    const second = await runCli(['--data', bob, 'get', `${share}/video.bin`, dest])
    expect(second.code, second.stderr).toBe(0)
    expect(await sha256(path.join(dest, 'video.bin'))).toBe(expected)
    expect(await fs.readdir(dest)).toEqual(['video.bin'])
  }, 180_000)
})
