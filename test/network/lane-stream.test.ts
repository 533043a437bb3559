// The lane's secret stream speaks secret-stream's wire format at every message size, both ways, and
// moves chunk-sized messages through pooled buffers.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import { LaneStream } from '../../electron/engine/network/lane-stream.js'
import { chunkPool } from '../../electron/engine/buffer-pool.js'
import { laneSocketPair, loopbackPair, type LaneSocketPair } from '../helpers/loopback.js'

const closers: (() => void)[] = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

/** Waits for both ends' handshakes; both, and their connection's listener, close after the test. */
async function opened(a: NoiseSecretStream, b: NoiseSecretStream, closeListener: () => void): Promise<void> {
  closers.push(() => {
    a.destroy()
    b.destroy()
    closeListener()
  })
  expect(await a.opened).toBe(true)
  expect(await b.opened).toBe(true)
}

/** A sender and a lane-stream receiver on a real TCP connection over loopback. */
async function pair(
  Sender: typeof NoiseSecretStream = LaneStream,
): Promise<{ sender: NoiseSecretStream; receiver: LaneStream }> {
  const tcp = await loopbackPair()
  const receiver = new LaneStream(false, tcp.accepted)
  const sender = new Sender(true, tcp.dialled)
  await opened(sender, receiver, () => tcp.close())
  return { sender, receiver }
}

describe('the lane stream', () => {
  /** Send messages of `sizes`, through the sender's own buffers when `alloc`; resolve what arrived. */
  async function roundTrip(sender: NoiseSecretStream, receiver: LaneStream, alloc: boolean): Promise<void> {
    const sizes = [1, 100, 65_536, 300_000, 1024 * 1024 + 5, 3, 2 * 1024 * 1024, 8 * 1024 * 1024 + 200, 17]
    const sent = sizes.map((n) => randomBytes(n))
    // Channel messages (a first byte of 0 is protomux's own frame, whose buffer is never given back).
    for (const m of sent) m[0] = 1
    const got: Buffer[] = []
    const all = new Promise<void>((resolve) =>
      receiver.on('data', (m: Buffer) => {
        // Kept as a copy: a pooled buffer is used again once given back.
        got.push(Buffer.from(m))
        chunkPool.give(m)
        if (got.length === sent.length) resolve()
      }),
    )
    const streamx = sender as unknown as { alloc(n: number): Buffer; write(b: Buffer): boolean }
    for (const m of sent) {
      if (!alloc) streamx.write(m)
      else {
        const plain = streamx.alloc(m.length)
        m.copy(plain)
        streamx.write(plain)
      }
    }
    await all
    expect(got.map((m) => m.length)).toEqual(sizes)
    got.forEach((m, i) => expect(m.equals(sent[i]!), `message ${i}`).toBe(true))
  }

  it('reads every message whole and in order from secret-stream itself, a byte to 8 MiB', async () => {
    const { sender, receiver } = await pair(NoiseSecretStream)
    await roundTrip(sender, receiver, false)
  })

  it('sends and reads every message whole between two lane streams, in pooled buffers or not', async () => {
    const { sender, receiver } = await pair()
    await roundTrip(sender, receiver, true)
    await roundTrip(sender, receiver, false)
  })

  it('gathers a chunk-sized message into a pooled buffer', async () => {
    const { sender, receiver } = await pair(NoiseSecretStream)
    const message = new Promise<Buffer>((resolve) => receiver.once('data', resolve))
    const sent = randomBytes(1024 * 1024)
    // A channel's message: protomux numbers channels from 1.
    sent[0] = 1
    sender.write(sent)
    const m = await message
    expect(chunkPool.lent(m)).toBe(true)
    chunkPool.give(m)
    expect(chunkPool.lent(m)).toBe(false)
  })

  it("never lends out the buffer of protomux's own frames, which batch messages for several readers", async () => {
    const { sender, receiver } = await pair(NoiseSecretStream)
    const message = new Promise<Buffer>((resolve) => receiver.once('data', resolve))
    const batch = randomBytes(2 * 1024 * 1024)
    batch[0] = 0
    batch[1] = 0
    sender.write(batch)
    const m = await message
    expect(m.equals(batch)).toBe(true)
    expect(chunkPool.lent(m)).toBe(false)
  })

  describe('over lane sockets (reads into one buffer used again)', () => {
    async function lanePair(): Promise<{ dialler: LaneStream; acceptor: LaneStream; tcp: LaneSocketPair }> {
      const tcp = await laneSocketPair()
      const dialler = new LaneStream(true, tcp.dialled)
      const acceptor = new LaneStream(false, tcp.accepted)
      await opened(dialler, acceptor, () => tcp.close())
      return { dialler, acceptor, tcp }
    }

    it('sends and reads every message whole both ways, the accepted socket taken over', async () => {
      const { dialler, acceptor } = await lanePair()
      await roundTrip(dialler, acceptor, true)
      await roundTrip(acceptor, dialler, false)
    })

    it('copies a message that lies whole in a read, so the next read does not overwrite it', async () => {
      const { dialler, acceptor } = await lanePair()
      // Many small messages share each read: kept as they came, not copied by the test.
      const sent = Array.from({ length: 400 }, () => randomBytes(1000)).map((m) => ((m[0] = 1), m))
      const got: Buffer[] = []
      const all = new Promise<void>((resolve) =>
        acceptor.on('data', (m: Buffer) => {
          got.push(m)
          if (got.length === sent.length) resolve()
        }),
      )
      for (const m of sent) dialler.write(m)
      await all
      got.forEach((m, i) => expect(m.equals(sent[i]!), `message ${i}`).toBe(true))
    })

    it("sends one turn's messages in one socket write, and a later turn's in another", async () => {
      const { dialler, acceptor, tcp } = await lanePair()
      // What reaches the socket's own write calls: one entry per call, with its number of buffers.
      const socket = tcp.dialled.socket as unknown as {
        _write(chunk: Buffer, enc: string, cb: () => void): void
        _writev(chunks: { chunk: Buffer }[], cb: () => void): void
      }
      const calls: number[] = []
      const write = socket._write.bind(socket)
      const writev = socket._writev.bind(socket)
      socket._write = (chunk, enc, cb) => (calls.push(1), write(chunk, enc, cb))
      socket._writev = (chunks, cb) => (calls.push(chunks.length), writev(chunks, cb))
      const sent = Array.from({ length: 30 }, (_, i) => Buffer.from([1, i]))
      const got: Buffer[] = []
      const arrived = (n: number) =>
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (got.length < n) return
            acceptor.off('data', onData)
            resolve()
          }
          const onData = (m: Buffer): void => {
            got.push(Buffer.from(m))
            check()
          }
          acceptor.on('data', onData)
        })
      const first = arrived(20)
      for (const m of sent.slice(0, 20)) dialler.write(m)
      await first
      expect(calls).toEqual([20])
      const second = arrived(30)
      for (const m of sent.slice(20)) dialler.write(m)
      await second
      expect(calls).toEqual([20, 10])
      got.forEach((m, i) => expect([...m], `message ${i}`).toEqual([1, i]))
    })

    it('lets the listener close once the accepted socket is taken over', async () => {
      const tcp = await laneSocketPair()
      const dialler = new LaneStream(true, tcp.dialled)
      const acceptor = new LaneStream(false, tcp.accepted)
      expect(tcp.accepted.userBuffered).toBe(true)
      await Promise.all([dialler.opened, acceptor.opened])
      const closed = new Promise<void>((resolve) => tcp.close(resolve))
      await closed
      // The lane itself lives on without the listener.
      const echoed = new Promise<Buffer>((resolve) => acceptor.once('data', resolve))
      dialler.write(Buffer.from([1, 2, 3]))
      expect([...(await echoed)]).toEqual([1, 2, 3])
      dialler.destroy()
      acceptor.destroy()
    })
  })
})
