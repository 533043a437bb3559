// The content channel and host on their own: who may fetch what, and what a hostile peer's malformed
// or flooding messages do (close that channel, nothing else).
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import Protomux from 'protomux'
import c from 'compact-encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { ContentHost, type ContentHostOptions } from '../../electron/engine/shares/content-host.js'
import { CONTENT_PROTOCOL, MAX_SERVING, RequestKind } from '../../electron/engine/shares/content-protocol.js'
import { hashFile } from '../../electron/engine/shares/content-hash.js'
import type { ContentPeer } from '../../electron/engine/shares/content-fetch.js'
import { ShareOwner } from '../../electron/engine/shares/share-owner.js'
import { createHarness, newKey, writeFiles } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

/** Two muxed streams joined to each other. */
async function pair(): Promise<[Protomux, Protomux]> {
  const a = (await h.store()).replicate(true) as Duplex
  const b = (await h.store()).replicate(false) as Duplex
  a.pipe(b).pipe(a)
  a.on('error', () => undefined)
  b.on('error', () => undefined)
  h.onTeardown(() => {
    a.destroy()
    b.destroy()
  })
  const mux = (s: Duplex) => Protomux.from((s as unknown as { noiseStream: Duplex }).noiseStream)
  return [mux(a), mux(b)]
}

function host(allowed: ContentHostOptions['allowed'] = () => true): ContentHost {
  const content = new ContentHost({ allowed })
  h.onTeardown(() => content.close())
  return content
}

/** The owner's host, attached to Bob's (who asks through the returned peer). */
async function ownerAndBob(allowed?: ContentHostOptions['allowed']) {
  const [ma, mb] = await pair()
  const owner = host(allowed)
  owner.attach(ma, 'bob')
  const bob = host()
  bob.attach(mb, 'owner')
  return { owner, bob: () => opened(bob, 'owner') }
}

async function opened(content: ContentHost, key: string): Promise<ContentPeer> {
  for (let i = 0; i < 100; i++) {
    const peer = content.peers().find((p) => p.key === key)
    if (peer) return peer
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('the content channel did not open')
}

async function sharedFile(owner: ContentHost, group: string, bytes = 3000) {
  const file = path.join(await h.tmpdir(), 'f.bin')
  await fs.writeFile(file, Buffer.alloc(bytes, 9))
  const content = await hashFile(file)
  owner.index.add(content, file, content, group)
  return { file, content, hash: Buffer.from(content.hash, 'hex') }
}

/** A request written by hand, as a hostile peer could: any id, kind, hash list and index. */
function rawRequest(id: number, kind: number, hashes: Buffer, index: number): Buffer {
  const state = { start: 0, end: 0, buffer: null as Buffer | null }
  for (const pass of ['pre', 'enc'] as const) {
    if (pass === 'enc') state.buffer = Buffer.allocUnsafe(state.end)
    const put = <T>(enc: { preencode(s: unknown, v: T): void; encode(s: unknown, v: T): void }, v: T) =>
      pass === 'pre' ? enc.preencode(state, v) : enc.encode(state, v)
    put(c.uint, id)
    put(c.uint, kind)
    put(c.buffer, hashes)
    put(c.uint, index)
  }
  return state.buffer!
}

/** Mallory speaks the protocol by hand on `mux`: sends `requests` once open; resolves when closed on. */
function rogue(mux: Protomux, requests: Buffer[]): Promise<void> {
  return new Promise<void>((resolve) => {
    const channel = mux.createChannel({ protocol: CONTENT_PROTOCOL, onclose: () => resolve() })!
    const request = channel.addMessage<Buffer>({ encoding: c.raw as never })
    channel.addMessage<Buffer>({ encoding: c.raw as never })
    channel.open()
    void channel.fullyOpened().then(() => {
      for (const r of requests) request.send(r)
    })
  })
}

describe('the content host', () => {
  it('serves a content only to members of its group', async () => {
    // Bob is a member of group 'g' but not of 'secret'.
    const { owner, bob } = await ownerAndBob((key, group) => key === 'bob' && group === 'g')
    const open = await sharedFile(owner, 'g', 1000)
    const secret = await sharedFile(owner, 'secret', 2000)
    const peer = await bob()
    const have = await peer.request({ kind: RequestKind.Have, hashes: [open.hash, secret.hash], index: 0 })
    expect([...have!]).toEqual([1, 0])
    const chunk = (hash: Buffer) => peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })
    expect(await chunk(open.hash)).toEqual(Buffer.alloc(1000, 9))
    // Knowing the hash is not enough.
    expect(await chunk(secret.hash)).toBeNull()
  })

  it('stops serving a file that changed on disk', async () => {
    const { owner, bob } = await ownerAndBob()
    const { file, hash } = await sharedFile(owner, 'g')
    await fs.writeFile(file, Buffer.alloc(3001, 1))
    // Sources are re-checked on disk at most once a second.
    await new Promise((r) => setTimeout(r, 1100))
    expect(await (await bob()).request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })).toBeNull()
  })

  it("serves a shared folder's files through its owner, as of the last scan", async () => {
    const { owner, bob } = await ownerAndBob()
    const folder = await h.tmpdir()
    await writeFiles(folder, { 'a.txt': 'same', 'copy/a.txt': 'same', 'b.txt': 'bee' })
    const share = new ShareOwner({
      store: (await h.store()).namespace('share'),
      folder,
      encryptionKey: newKey(),
      watch: false,
      scanOnOpen: false,
      contentIndex: {
        addFolder: (dir, lookup) => owner.index.addFolder({ folder: dir, group: 'g', lookup }),
        folderChanged: () => owner.index.folderChanged(),
        removeFolder: (dir) => owner.index.removeFolder(dir),
      },
    })
    await share.ready()
    h.onTeardown(() => share.close())
    await share.rescan()
    const peer = await bob()
    const hashOf = async (name: string) => Buffer.from((await hashFile(path.join(folder, name))).hash, 'hex')
    const [same, bee] = [await hashOf('a.txt'), await hashOf('b.txt')]
    const chunk = (hash: Buffer) => peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })
    expect(await chunk(same)).toEqual(Buffer.from('same'))
    expect(owner.index.has(bee.toString('hex'), () => true)).toBe(true)

    // One of two files with the same content goes: the other still serves it. The copy is removed,
    // written anew (so it is the newest file with that content), then removed again.
    for (const round of [1, 2]) {
      await fs.rm(path.join(folder, 'copy/a.txt'))
      await share.rescan()
      expect(await chunk(same)).toEqual(Buffer.from('same'))
      if (round === 1) {
        await writeFiles(folder, { 'copy/a.txt': 'same' })
        await share.rescan()
      }
    }

    // Changed on disk and not yet rescanned: not served; after the scan, the new content is.
    await fs.writeFile(path.join(folder, 'b.txt'), 'changed')
    expect(await chunk(bee)).toBeNull()
    await share.rescan()
    expect(await chunk(await hashOf('b.txt'))).toEqual(Buffer.from('changed'))
    expect(owner.index.has(bee.toString('hex'), () => true)).toBe(false)

    // A share that closes stops serving its folder.
    await share.close()
    expect(await chunk(same)).toBeNull()
  })

  it('closes the channel of a peer that sends a malformed request, and only that one', async () => {
    const [ma, mb] = await pair()
    const { owner, bob } = await ownerAndBob()
    owner.attach(ma, 'mallory')
    const { hash } = await sharedFile(owner, 'g')
    // A hash list 7 bytes long.
    await rogue(mb, [rawRequest(1, RequestKind.Chunk, Buffer.from([1, 2, 3, 4, 5, 6, 7]), 0)])
    expect(await (await bob()).request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })).toEqual(
      Buffer.alloc(3000, 9),
    )
  })

  it(`closes the channel of a peer with more than ${MAX_SERVING} requests outstanding`, async () => {
    const [ma, mb] = await pair()
    const owner = host()
    owner.attach(ma, 'mallory')
    const { hash } = await sharedFile(owner, 'g', 8 * 1024 * 1024)
    // All the requests arrive before the first answer can go out.
    const flood = Array.from({ length: MAX_SERVING * 4 }, (_, i) =>
      rawRequest(i + 1, RequestKind.Chunk, hash, i % 8),
    )
    await rogue(mb, flood)
  })

  it('closes the channel of a peer whose request id does not fit the answer, without throwing', async () => {
    const [ma, mb] = await pair()
    const owner = host()
    owner.attach(ma, 'mallory')
    const { hash } = await sharedFile(owner, 'g')
    await rogue(mb, [rawRequest(2 ** 32, RequestKind.Have, hash, 0)])
  })

  it('keeps its own requests within what a peer accepts, however many files are fetched at once', async () => {
    const { owner, bob } = await ownerAndBob()
    const { hash } = await sharedFile(owner, 'g', 1024 * 1024)
    const peer = await bob()
    // Far more at once than the owner serves: the rest wait their turn instead of closing the channel.
    const all = await Promise.all(
      Array.from({ length: MAX_SERVING * 3 }, () =>
        peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 }),
      ),
    )
    expect(all.every((b) => b?.length === 1024 * 1024)).toBe(true)
  })
})
