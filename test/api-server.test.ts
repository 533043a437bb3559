import WebSocket from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fs from 'node:fs/promises'
import path from 'node:path'
import { startApiServer, type ApiServer } from '../electron/server/api-server.js'
import { readApiFile } from '../electron/server/api-file.js'
import { connect } from '../electron/server/ws-client.js'
import type { PeerdeskEngine } from '../electron/engine/index.js'
import { createTestNet, eventually, type TestNet } from './helpers/testnet.js'

let net: TestNet
let node: PeerdeskEngine
let api: ApiServer
let dataDir: string

beforeEach(async () => {
  net = await createTestNet()
  dataDir = await net.tmpdir()
  node = await net.engine('Alice', { dataDir })
  api = await startApiServer({ engine: node, dataDir })
})
afterEach(async () => {
  await api.close()
  await net.destroy()
})

/** Open a raw socket and collect what the server says, or the HTTP status it refused with. */
function rawSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers })
  const frames: unknown[] = []
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())))
  const opened = new Promise<number>((resolve) => {
    ws.once('open', () => resolve(101))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', () => resolve(0))
  })
  return { ws, frames, opened }
}

describe('the local API', () => {
  it('writes api.json with mode 0600, holding the URL, the UI address and the token', async () => {
    const file = await readApiFile(dataDir)
    expect(file).toMatchObject({ url: api.url, ui: api.ui, token: api.token })
    expect(api.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/)
    const mode = (await fs.stat(path.join(dataDir, 'api.json'))).mode & 0o777
    expect(mode).toBe(0o600)
  })

  it('refuses a connection with no token or a wrong token', async () => {
    expect(await rawSocket(api.url).opened).toBe(401)
    expect(await rawSocket(`${api.url}?token=${'0'.repeat(48)}`).opened).toBe(401)
    expect(await rawSocket(`${api.url}?token=short`).opened).toBe(401)
    await expect(connect(api.url, 'wrong')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('refuses a browser page from another origin, and accepts our own', async () => {
    const url = `${api.url}?token=${api.token}`
    expect(await rawSocket(url, { Origin: 'http://evil.example' }).opened).toBe(403)
    expect(await rawSocket(url, { Origin: 'http://127.0.0.1:1' }).opened).toBe(403)
    const ours = rawSocket(url, { Origin: api.origin })
    expect(await ours.opened).toBe(101)
    ours.ws.close()
  })

  it('answers malformed frames and params with coded errors and stays up', async () => {
    const { ws, frames, opened } = rawSocket(`${api.url}?token=${api.token}`)
    expect(await opened).toBe(101)
    ws.send('this is not json')
    ws.send(JSON.stringify({ type: 'call', id: 'x', method: 'device.status' }))
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'no.such', params: {} }))
    ws.send(JSON.stringify({ type: 'call', id: 8, method: 'workgroup.create', params: { name: '' } }))
    ws.send(
      JSON.stringify({ type: 'call', id: 9, method: 'workgroup.create', params: { name: 'x', extra: 1 } }),
    )
    ws.send(JSON.stringify({ type: 'call', id: 10, method: 'member.list', params: { group: 'nope' } }))
    ws.send(Buffer.from([0, 1, 2]), { binary: true })
    ws.send(JSON.stringify({ type: 'call', id: 11, method: 'device.status', params: {} }))
    await eventually(
      () => frames.length,
      (n) => n >= 8,
      { what: 'eight replies' },
    )
    const byId = (id: number) =>
      frames.find((f) => (f as { id: number }).id === id) as Record<string, unknown>
    const codes = frames.map((f) => (f as { error?: { code: string } }).error?.code ?? 'OK')
    expect(codes.filter((c) => c === 'BAD_FRAME')).toHaveLength(3)
    expect(byId(7)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(byId(8)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/name/) },
    })
    expect(byId(9)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(byId(10)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(byId(11)).toMatchObject({ ok: true, result: { name: 'Alice' } })
    ws.close()
  })

  it('a reconnecting client receives the events it missed, once each, in order', async () => {
    const first = await connect(api.url, api.token, { events: true })
    const seen: string[] = []
    first.client.on('*', (e) => seen.push(e.name))
    await first.client.call('workgroup.create', { name: 'One' })
    await eventually(
      () => seen,
      (s) => s.includes('group.created'),
      { what: 'group.created' },
    )
    const since = first.client.lastSeq
    await first.close()

    // While nobody listens, things happen.
    await node.service['workgroup.create']({ name: 'Two' })
    await node.service['device.rename']({ name: 'Alicia' })

    const second = await connect(api.url, api.token, { events: true, since })
    const missed: { name: string; seq: number }[] = []
    second.client.on('*', (e) => missed.push({ name: e.name, seq: e.seq }))
    await eventually(
      () => missed.map((m) => m.name),
      (names) => names.includes('group.created') && names.includes('device.renamed'),
      { what: 'the missed events' },
    )
    expect(missed.every((m) => m.seq > since)).toBe(true)
    const seqs = missed.map((m) => m.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    await second.close()
  })

  it('serves the UI folder to browsers and nothing outside it', async () => {
    const root = await net.tmpdir()
    await fs.mkdir(path.join(root, 'ui'))
    await fs.writeFile(path.join(root, 'ui', 'index.html'), '<title>Peerdesk UI</title>')
    await fs.writeFile(path.join(root, 'secret.txt'), 'TOP SECRET')
    const ui = await startApiServer({
      engine: node,
      dataDir,
      staticDir: path.join(root, 'ui'),
      writeApiFile: false,
    })
    try {
      const res = await fetch(`${ui.origin}/`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('Peerdesk UI')
      for (const probe of [
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/..\\secret.txt',
        '/a/../../secret.txt',
      ]) {
        const escape = await fetch(`${ui.origin}${probe}`)
        expect([400, 403, 404]).toContain(escape.status)
        expect(await escape.text()).not.toContain('TOP SECRET')
      }
    } finally {
      await ui.close()
    }
  })
})
