// The content channel and host on their own: who may fetch what, and what a hostile peer's malformed
// or flooding messages do (close that channel, nothing else).
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import Protomux from 'protomux'
import c from 'compact-encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { ContentHost } from '../../electron/engine/shares/content-host.js'
import { CONTENT_PROTOCOL, MAX_SERVING, RequestKind } from '../../electron/engine/shares/content-protocol.js'
import { hashFile } from '../../electron/engine/shares/content-hash.js'
import type { ContentPeer } from '../../electron/engine/shares/content-fetch.js'
import { createHarness } from './helpers.js'

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

async function opened(host: ContentHost, key: string): Promise<ContentPeer> {
  for (let i = 0; i < 100; i++) {
    const peer = host.peers().find((p) => p.key === key)
    if (peer) return peer
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('the content channel did not open')
}

async function sharedFile(owner: ContentHost, group: string, bytes = 3000) {
  const dir = await h.tmpdir()
  const file = path.join(dir, 'f.bin')
  await fs.writeFile(file, Buffer.alloc(bytes, 9))
  const content = await hashFile(file)
  owner.index.add(content, file, content, group)
  return { file, content }
}

describe('the content host', () => {
  it('serves a content only to members of its group', async () => {
    const [ma, mb] = await pair()
    // Bob is a member of group 'g' but not of 'secret'.
    const owner = new ContentHost({ allowed: (key, group) => key === 'bob' && group === 'g' })
    const bob = new ContentHost({ allowed: () => true })
    h.onTeardown(() => {
      owner.close()
      bob.close()
    })
    owner.attach(ma, 'bob')
    bob.attach(mb, 'owner')
    const open = await sharedFile(owner, 'g', 1000)
    const secret = await sharedFile(owner, 'secret', 2000)
    const peer = await opened(bob, 'owner')
    const hashes = [open.content.hash, secret.content.hash].map((x) => Buffer.from(x, 'hex'))
    expect([...(await peer.request({ kind: RequestKind.Have, hashes, index: 0 }))!]).toEqual([1, 0])
    const chunk = (hash: Buffer) => peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })
    expect(await chunk(hashes[0]!)).toEqual(Buffer.alloc(1000, 9))
    // Knowing the hash is not enough.
    expect(await chunk(hashes[1]!)).toBeNull()
  })

  it('stops serving a file that changed on disk', async () => {
    const [ma, mb] = await pair()
    const owner = new ContentHost({ allowed: () => true })
    const bob = new ContentHost({ allowed: () => true })
    h.onTeardown(() => {
      owner.close()
      bob.close()
    })
    owner.attach(ma, 'bob')
    bob.attach(mb, 'owner')
    const { file, content } = await sharedFile(owner, 'g')
    await fs.writeFile(file, Buffer.alloc(3001, 1))
    // Sources are re-checked on disk at most once a second.
    await new Promise((r) => setTimeout(r, 1100))
    const peer = await opened(bob, 'owner')
    const hash = Buffer.from(content.hash, 'hex')
    expect(await peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })).toBeNull()
  })

  it('closes the channel of a peer that sends a malformed request, and only that one', async () => {
    const [ma, mb] = await pair()
    const [mc, md] = await pair()
    const owner = new ContentHost({ allowed: () => true })
    const carol = new ContentHost({ allowed: () => true })
    h.onTeardown(() => {
      owner.close()
      carol.close()
    })
    owner.attach(ma, 'mallory')
    owner.attach(mc, 'carol')
    carol.attach(md, 'owner')
    const { content } = await sharedFile(owner, 'g')
    // Mallory speaks the protocol by hand: a request whose hash list is 7 bytes long.
    const closed = new Promise<void>((resolve) => {
      const channel = mb.createChannel({ protocol: CONTENT_PROTOCOL, onclose: () => resolve() })!
      const request = channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.open()
      void channel.fullyOpened().then(() => request.send(Buffer.from([1, 1, 7, 1, 2, 3, 4, 5, 6, 7, 0])))
    })
    await closed
    const peer = await opened(carol, 'owner')
    const hash = Buffer.from(content.hash, 'hex')
    expect(await peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 })).toEqual(
      Buffer.alloc(3000, 9),
    )
  })

  it(`closes the channel of a peer with more than ${MAX_SERVING} requests outstanding`, async () => {
    const [ma, mb] = await pair()
    // All the requests arrive before the first answer can go out.
    const owner = new ContentHost({ allowed: () => true })
    h.onTeardown(() => owner.close())
    owner.attach(ma, 'mallory')
    const { content } = await sharedFile(owner, 'g', 8 * 1024 * 1024)
    const closed = new Promise<void>((resolve) => {
      const channel = mb.createChannel({ protocol: CONTENT_PROTOCOL, onclose: () => resolve() })!
      const request = channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.open()
      void channel.fullyOpened().then(() => {
        const hash = Buffer.from(content.hash, 'hex')
        for (let id = 1; id <= MAX_SERVING * 4; id++) {
          const state = { start: 0, end: 0, buffer: null as Buffer | null }
          for (const pass of ['pre', 'enc'] as const) {
            if (pass === 'enc') state.buffer = Buffer.allocUnsafe(state.end)
            const put = <T>(
              enc: { preencode(s: unknown, v: T): void; encode(s: unknown, v: T): void },
              v: T,
            ) => (pass === 'pre' ? enc.preencode(state, v) : enc.encode(state, v))
            put(c.uint, id)
            put(c.uint, RequestKind.Chunk)
            put(c.buffer, hash)
            put(c.uint, id % 8)
          }
          request.send(state.buffer!)
        }
      })
    })
    await closed
  })

  it('closes the channel of a peer whose request id does not fit the answer, without throwing', async () => {
    const [ma, mb] = await pair()
    const owner = new ContentHost({ allowed: () => true })
    h.onTeardown(() => owner.close())
    owner.attach(ma, 'mallory')
    const { content } = await sharedFile(owner, 'g')
    const closed = new Promise<void>((resolve) => {
      const channel = mb.createChannel({ protocol: CONTENT_PROTOCOL, onclose: () => resolve() })!
      const request = channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.addMessage<Buffer>({ encoding: c.raw as never })
      channel.open()
      void channel.fullyOpened().then(() => {
        const hash = Buffer.from(content.hash, 'hex')
        const state = { start: 0, end: 0, buffer: null as Buffer | null }
        for (const pass of ['pre', 'enc'] as const) {
          if (pass === 'enc') state.buffer = Buffer.allocUnsafe(state.end)
          const put = <T>(
            enc: { preencode(s: unknown, v: T): void; encode(s: unknown, v: T): void },
            v: T,
          ) => (pass === 'pre' ? enc.preencode(state, v) : enc.encode(state, v))
          put(c.uint, 2 ** 32)
          put(c.uint, RequestKind.Have)
          put(c.buffer, hash)
          put(c.uint, 0)
        }
        request.send(state.buffer!)
      })
    })
    await closed
  })

  it('keeps its own requests within what a peer accepts, however many files are fetched at once', async () => {
    const [ma, mb] = await pair()
    const owner = new ContentHost({ allowed: () => true })
    const bob = new ContentHost({ allowed: () => true })
    h.onTeardown(() => {
      owner.close()
      bob.close()
    })
    owner.attach(ma, 'bob')
    bob.attach(mb, 'owner')
    const { content } = await sharedFile(owner, 'g', 1024 * 1024)
    const peer = await opened(bob, 'owner')
    const hash = Buffer.from(content.hash, 'hex')
    // Far more at once than the owner serves: the rest wait their turn instead of closing the channel.
    const all = await Promise.all(
      Array.from({ length: MAX_SERVING * 3 }, () =>
        peer.request({ kind: RequestKind.Chunk, hashes: [hash], index: 0 }),
      ),
    )
    expect(all.every((b) => b?.length === 1024 * 1024)).toBe(true)
  })
})
