import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliJson, runCli, startCli, startNode, type Background } from './helpers/cli.js'
import { eventually } from './helpers/testnet.js'

const PORT = 40000 + Math.floor(Math.random() * 20000)
const BOOTSTRAP = `127.0.0.1:${PORT}`
let root: string
let bootstrap: Background
const nodes: Background[] = []
let alice: string
let bob: string

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-cli-'))
  alice = path.join(root, 'alice')
  bob = path.join(root, 'bob')
  bootstrap = startCli(['bootstrap', '--host', '127.0.0.1', '--port', String(PORT)])
  await eventually(
    () => bootstrap.output(),
    (out) => out.includes('listening'),
    { what: 'the bootstrap node' },
  )
  nodes.push(await startNode(alice, BOOTSTRAP), await startNode(bob, BOOTSTRAP))
}, 60_000)

afterAll(async () => {
  const codes = await Promise.all(nodes.map((n) => n.stop()))
  await bootstrap.stop()
  await fs.rm(root, { recursive: true, force: true })
  // serve closes cleanly on SIGTERM and removes its api.json
  expect(codes).toEqual([0, 0])
})

describe('the peerdesk CLI, end to end through real serve processes', () => {
  it('reports status with exactly the documented keys', async () => {
    const status = await cliJson<Record<string, unknown>>(['--data', alice, 'status'])
    expect(Object.keys(status).sort()).toEqual(['fingerprint', 'key', 'name', 'network'])
    expect(status.key).toMatch(/^[0-9a-f]{64}$/)
    expect(status.fingerprint).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/)
  })

  it('creates a group, invites, joins, lists members, removes and leaves', async () => {
    expect(await cliJson(['--data', alice, 'name', 'Alice'])).toEqual({ name: 'Alice' })
    await cliJson(['--data', bob, 'name', 'Bob'])
    const { id } = await cliJson<{ id: string }>(['--data', alice, 'group', 'create', 'Office'])
    expect(id).toMatch(/^[0-9a-f]{16}$/)

    const invite = await cliJson<{ invite: string; link: string }>([
      '--data',
      alice,
      'invite',
      'Office',
      '--expires',
      '10m',
    ])
    expect(Object.keys(invite).sort()).toEqual(['invite', 'link'])
    expect(invite.link).toBe(`peerdesk://join/${invite.invite}`)

    expect(await cliJson(['--data', bob, 'join', invite.link, '--timeout', '60'])).toEqual({ group: id })

    const members = await eventually(
      () =>
        cliJson<{ name: string; key: string; role: string; online: boolean }[]>([
          '--data',
          bob,
          'members',
          'Office',
        ]),
      (list) => list.length === 2 && list.every((m) => m.online),
      { what: 'both members online' },
    )
    for (const m of members) expect(Object.keys(m).sort()).toEqual(['key', 'name', 'online', 'role'])
    expect(members.map((m) => `${m.name}:${m.role}`).sort()).toEqual(['Alice:admin', 'Bob:member'])

    const groups = await cliJson<{ id: string; name: string }[]>(['--data', bob, 'group', 'list'])
    expect(groups.map((g) => [g.id, g.name])).toEqual([[id, 'Office']])

    const text = await runCli(['--data', alice, 'members', id])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/Alice \(this device\)\s+admin\s+online/)

    // A used code: refused with a one-line error and a non-zero exit.
    const again = await runCli(['--data', bob, 'join', invite.invite, '--timeout', '30'])
    expect(again.code).not.toBe(0)
    expect(again.stderr.trim().split('\n').pop()).toMatch(/^peerdesk: (CONFLICT|INVITE_USED): /)

    const bobKey = members.find((m) => m.name === 'Bob')!.key
    expect(await cliJson(['--data', alice, 'remove', 'Office', 'Bob'])).toEqual({ key: bobKey })
    const after = await cliJson<unknown[]>(['--data', alice, 'members', 'Office'])
    expect(after).toHaveLength(1)

    expect(await cliJson(['--data', alice, 'leave', id])).toEqual({ id })
    expect(await cliJson(['--data', alice, 'group', 'list'])).toEqual([])
  })

  it('shares a folder, lists, browses, downloads it verified, and shows history and transfers', async () => {
    const { id } = await cliJson<{ id: string }>(['--data', alice, 'group', 'create', 'Studio'])
    const { invite } = await cliJson<{ invite: string }>(['--data', alice, 'invite', id])
    await cliJson(['--data', bob, 'join', invite])
    const folder = path.join(root, 'to-share')
    await fs.mkdir(path.join(folder, 'docs'), { recursive: true })
    await fs.writeFile(path.join(folder, 'docs', 'a.txt'), 'alpha')
    await fs.writeFile(path.join(folder, 'b.bin'), Buffer.alloc(300_000, 7))

    const { id: share } = await cliJson<{ id: string }>([
      '--data',
      alice,
      'share',
      id,
      folder,
      '--name',
      'Assets',
    ])
    expect(share).toMatch(/^[0-9a-f]{16}$/)
    const shares = await eventually(
      () => cliJson<Record<string, unknown>[]>(['--data', bob, 'shares', 'Studio']),
      (l) => l.length === 1 && l[0]!.files === 2,
      { what: 'the share on Bob', timeoutMs: 60_000 },
    )
    expect(Object.keys(shares[0]!).sort()).toEqual(['bytes', 'files', 'id', 'name', 'owner'])
    expect(shares[0]).toMatchObject({ id: share, name: 'Assets', files: 2, bytes: 300_005 })

    const top = await cliJson<Record<string, unknown>[]>(['--data', bob, 'ls', 'Studio/Assets'])
    expect(top.map((e) => `${e.type}:${e.path}`).sort()).toEqual(['dir:/docs', 'file:/b.bin'])
    for (const e of top) expect(Object.keys(e).sort()).toEqual(['mtime', 'path', 'size', 'type'])
    const docs = await cliJson<{ path: string; size: number }[]>(['--data', bob, 'ls', `${share}/docs`])
    expect(docs).toMatchObject([{ path: '/docs/a.txt', size: 5 }])

    const dest = path.join(root, 'got')
    const got = await runCli(['--data', bob, 'get', `${share}`, dest])
    expect(got.code).toBe(0)
    expect(got.stdout).toMatch(/verified/)
    expect(await fs.readFile(path.join(dest, 'docs', 'a.txt'), 'utf8')).toBe('alpha')
    expect((await fs.readFile(path.join(dest, 'b.bin'))).equals(Buffer.alloc(300_000, 7))).toBe(true)

    const history = await cliJson<{ version: number }[]>(['--data', bob, 'history', share])
    expect(history.length).toBeGreaterThanOrEqual(1)
    const transfers = await cliJson<{ kind: string; state: string }[]>(['--data', bob, 'transfers'])
    expect(transfers.some((t) => t.kind === 'download' && t.state === 'done')).toBe(true)

    const missing = await runCli(['--data', bob, 'get', `${share}/nope.txt`, dest])
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n').pop()).toMatch(/^peerdesk: NOT_FOUND: /)
  }, 120_000)

  it('fails with one coded line and a non-zero exit', async () => {
    const notRunning = await runCli(['--data', path.join(root, 'nobody'), 'status'])
    expect(notRunning.code).toBe(1)
    expect(notRunning.stderr.trim()).toMatch(/^peerdesk: NOT_RUNNING: no Peerdesk node is running for /)
    expect(notRunning.stderr.trim().split('\n')).toHaveLength(1)

    const json = await runCli(['--data', path.join(root, 'nobody'), 'status', '--json'])
    expect(json.stdout).toBe('')
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'NOT_RUNNING' } })

    const unknown = await runCli(['--data', alice, 'frobnicate'])
    expect(unknown.code).toBe(2)
    const badCode = await runCli(['--data', alice, 'join', 'garbage'])
    expect(badCode.stderr.trim().split('\n').pop()).toMatch(/^peerdesk: INVITE_INVALID: /)
    const noGroup = await runCli(['--data', alice, 'members', 'Nope'])
    expect(noGroup.stderr).toMatch(/^peerdesk: NOT_FOUND: /)
  })

  it('uses PEERDESK_DATA when --data is not given', async () => {
    const result = await runCli(['status', '--json'], { PEERDESK_DATA: alice })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).name).toBe('Alice')
  })
})
