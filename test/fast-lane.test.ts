// The LAN fast lane between members: opened over TCP beside the swarm connection, used for file
// content, closed to devices that are not members.
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import crypto from 'hypercore-crypto'
import type { Transfer } from '../shared/types.js'
import type { PeerdeskEngine } from '../electron/engine/index.js'
import { createTestNet, eventually, type TestNet } from './helpers/testnet.js'

let tn: TestNet
beforeEach(async () => {
  tn = await createTestNet()
})
afterEach(async () => {
  await tn.destroy()
})

const keyOf = (device: PeerdeskEngine): string => device.engine.identity.key

describe('the LAN fast lane', () => {
  it('members open a lane and fetch file content over it', async () => {
    const { id, devices } = await tn.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    await eventually(
      async () =>
        bob.engine.shares.content.hasLane(keyOf(alice)) && alice.engine.shares.content.hasLane(keyOf(bob)),
      (open) => open,
      { what: 'a lane both ways' },
    )
    expect(bob.engine.lane.lanes()).toEqual([keyOf(alice)])

    const folder = await tn.tmpdir()
    const data = Buffer.alloc(3 * 1024 * 1024 + 5, 7)
    await fs.writeFile(path.join(folder, 'a.bin'), data)
    const { id: share } = await alice.service['share.create']({ group: id, path: folder })
    await eventually(
      () => bob.service['share.list']({ group: id }),
      (l) => l[0]?.files === 1,
      { what: 'the share on Bob' },
    )
    // Count what crosses the lane: it is the stream the content channel prefers.
    const lane = (bob.engine.shares.content.peers().find((p) => p.key === keyOf(alice)) ??
      null) as unknown as {
      mux: { stream: NodeJS.EventEmitter & { rawStream: net.Socket } }
    } | null
    expect(lane?.mux.stream.rawStream).toBeInstanceOf(net.Socket)
    const before = lane!.mux.stream.rawStream.bytesRead
    const dest = await tn.tmpdir()
    const { transfer } = await bob.service['file.download']({ share, path: '/a.bin', dest })
    const done = (await eventually(
      () => bob.service['transfer.list']({}).then((l) => l.find((t) => t.id === transfer)),
      (t) => t !== undefined && t.state !== 'running',
      { what: 'the download' },
    )) as Transfer
    expect(done.state).toBe('done')
    expect(lane!.mux.stream.rawStream.bytesRead - before).toBeGreaterThan(data.length)
    expect(
      createHash('sha256')
        .update(await fs.readFile(path.join(dest, 'a.bin')))
        .digest('hex'),
    ).toBe(createHash('sha256').update(data).digest('hex'))
  })

  it('refuses a lane from a device that is not a member', async () => {
    const { devices } = await tn.office('Alice')
    const [alice] = devices as [PeerdeskEngine]
    const socket = net.connect({ host: '127.0.0.1', port: alice.engine.lane.port })
    socket.on('error', () => undefined)
    const stranger = new NoiseSecretStream(true, socket, {
      keyPair: crypto.keyPair(),
      remotePublicKey: Buffer.from(keyOf(alice), 'hex'),
    })
    stranger.on('error', () => undefined)
    // The handshake itself succeeds (it proves who both are); then Alice closes on the stranger.
    const closed = new Promise((resolve) => stranger.on('close', resolve))
    await closed
    expect(alice.engine.lane.lanes()).toEqual([])
  })
})
