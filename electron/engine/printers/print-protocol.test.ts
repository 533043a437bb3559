import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import c from 'compact-encoding'
import Protomux from 'protomux'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppError } from '../../../shared/errors.js'
import {
  CHUNK_SIZE,
  PRINT_PROTOCOL,
  PrintChannel,
  type JobOffer,
  type PrintChannelHandlers,
  type StatusUpdate,
} from './print-protocol.js'

/** Two ends of a real Noise-encrypted connection, as hyperswarm would hand us. */
function connect() {
  const a = new NoiseSecretStream(true)
  const b = new NoiseSecretStream(false)
  a.rawStream.pipe(b.rawStream).pipe(a.rawStream)
  return { a, b, muxA: new Protomux(a), muxB: new Protomux(b) }
}

let streams: NoiseSecretStream[] = []
afterEach(async () => {
  await Promise.all(
    streams.map(async (s) => {
      if (s.destroyed) return
      const closed = once(s, 'close')
      s.destroy()
      await closed
    }),
  )
  streams = []
})

/** Handlers that record everything, and a promise for the close. */
function recorder() {
  const seen = {
    offers: [] as JobOffer[],
    data: new Map<string, Buffer[]>(),
    ended: [] as string[],
    statuses: [] as StatusUpdate[],
    cancels: [] as string[],
  }
  let closed!: (error: AppError | null) => void
  const closedWith = new Promise<AppError | null>((resolve) => (closed = resolve))
  const handlers: PrintChannelHandlers = {
    onOffer: (offer) => void seen.offers.push(offer),
    onData: (id, chunk) => void seen.data.set(id, [...(seen.data.get(id) ?? []), chunk]),
    onEnd: (id) => void seen.ended.push(id),
    onStatus: (update) => void seen.statuses.push(update),
    onCancel: (id) => void seen.cancels.push(id),
    onClose: (error) => closed(error),
  }
  return { seen, handlers, closedWith }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check(), what).toBe(true)
}

async function openPair() {
  const conn = connect()
  streams.push(conn.a, conn.b)
  const member = recorder()
  const owner = recorder()
  const memberChannel = PrintChannel.open(conn.muxA, member.handlers)
  const ownerChannel = PrintChannel.open(conn.muxB, owner.handlers, { maxJobBytes: 1024 * 1024 })
  expect(await memberChannel.fullyOpened()).toBe(true)
  expect(await ownerChannel.fullyOpened()).toBe(true)
  return { conn, member, owner, memberChannel, ownerChannel }
}

/** A misbehaving peer: the same protocol name, but it writes whatever bytes it likes. */
async function openRogue() {
  const conn = connect()
  streams.push(conn.a, conn.b)
  const owner = recorder()
  const ownerChannel = PrintChannel.open(conn.muxB, owner.handlers, { maxJobBytes: 1024 * 1024 })
  const fromOwner: { type: number; buf: Uint8Array }[] = []
  const rogue = conn.muxA.createChannel({
    protocol: PRINT_PROTOCOL,
    messages: [0, 1, 2, 3, 4, 5].map((type) => ({
      encoding: c.raw,
      onmessage: (buf: Uint8Array) => void fromOwner.push({ type, buf }),
    })),
  })!
  rogue.open()
  expect(await rogue.fullyOpened()).toBe(true)
  const send = (type: number, buf: Uint8Array) => rogue.messages[type]!.send(buf)
  return { conn, owner, ownerChannel, rogue, send, fromOwner }
}

const offer = (id: string, size: number): JobOffer => ({
  id,
  printer: 'office',
  title: 'report.pdf',
  type: 'application/pdf',
  size,
  options: { copies: 2, sides: 'two-sided-long-edge' },
})

const encode = (
  ...fields: [typeof c.string | typeof c.uint | typeof c.json | typeof c.buffer, unknown][]
) => {
  const state = { start: 0, end: 0, buffer: null as Uint8Array | null }
  for (const [enc, value] of fields) (enc.preencode as (s: typeof state, v: unknown) => void)(state, value)
  state.buffer = Buffer.alloc(state.end)
  for (const [enc, value] of fields) (enc.encode as (s: typeof state, v: unknown) => void)(state, value)
  return state.buffer
}

/** An offer as raw wire bytes (job 'j', printer 'p', title 't'), to send what a rogue peer would. */
const rawOffer = (type: string, size: number, options: unknown = {}) =>
  encode(
    [c.string, 'j'],
    [c.string, 'p'],
    [c.string, 't'],
    [c.string, type],
    [c.uint, size],
    [c.json, options],
  )

describe('print-protocol', () => {
  it('a member sends a document in chunks and the owner reports its status back', async () => {
    const { member, owner, memberChannel, ownerChannel } = await openPair()
    const doc = randomBytes(3 * CHUNK_SIZE + 1234)
    const { size: _size, ...rest } = offer('job-1', doc.length)
    await memberChannel.sendDocument(rest, doc)
    await until(() => owner.seen.ended.includes('job-1'), 'the owner saw the end')
    expect(owner.seen.offers).toEqual([offer('job-1', doc.length)])
    const chunks = owner.seen.data.get('job-1')!
    expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 1234])
    expect(Buffer.concat(chunks).equals(doc)).toBe(true)

    for (const status of ['queued', 'printing', 'completed'] as const)
      ownerChannel.status({ id: 'job-1', status })
    ownerChannel.status({
      id: 'job-2',
      status: 'failed',
      reason: 'The printer is out of paper',
      code: 'UNAVAILABLE',
    })
    await until(() => member.seen.statuses.length === 4, 'four status updates')
    expect(member.seen.statuses).toEqual([
      { id: 'job-1', status: 'queued' },
      { id: 'job-1', status: 'printing' },
      { id: 'job-1', status: 'completed' },
      { id: 'job-2', status: 'failed', reason: 'The printer is out of paper', code: 'UNAVAILABLE' },
    ])
  })

  it('streams a large document through backpressure', async () => {
    const { owner, memberChannel } = await openPair()
    const doc = randomBytes(1024 * 1024)
    const { size: _size, ...rest } = offer('big', doc.length)
    await memberChannel.sendDocument(rest, doc)
    await until(() => owner.seen.ended.includes('big'), 'the owner saw the end')
    expect(Buffer.concat(owner.seen.data.get('big')!).equals(doc)).toBe(true)
  })

  it('a cancel reaches the owner, and data still in flight for that job is dropped quietly', async () => {
    const { member, owner, memberChannel, ownerChannel } = await openPair()
    memberChannel.offer(offer('job-c', 10))
    memberChannel.cancel('job-c')
    memberChannel.sendData('job-c', 0, Buffer.alloc(5))
    memberChannel.end('job-c')
    // A later job on the same channel arrives after everything above (messages keep their order).
    const { size: _size, ...later } = offer('job-d', 1)
    await memberChannel.sendDocument(later, Buffer.from('d'))
    await until(() => owner.seen.ended.includes('job-d'), 'the later job')
    expect(owner.seen.cancels).toEqual(['job-c'])
    expect([...owner.seen.data.keys()]).toEqual(['job-d'])
    expect(owner.seen.ended).toEqual(['job-d'])
    ownerChannel.status({ id: 'job-c', status: 'cancelled' })
    await until(() => member.seen.statuses.length === 1, 'the cancelled status')
    expect(ownerChannel.closed).toBe(false)
  })

  it('a handler that throws is logged and the channel carries on', async () => {
    const { owner, memberChannel, ownerChannel } = await openPair()
    owner.handlers.onOffer = () => {
      throw new Error('engine bug')
    }
    memberChannel.offer(offer('job-t', 1))
    memberChannel.sendData('job-t', 0, Buffer.from('x'))
    memberChannel.end('job-t')
    await until(() => owner.seen.ended.includes('job-t'), 'the end after a throwing handler')
    expect(ownerChannel.closed).toBe(false)
  })

  it('closing the connection closes the channel without an error', async () => {
    const { conn, member, owner, memberChannel } = await openPair()
    conn.a.destroy()
    expect(await member.closedWith).toBeNull()
    expect(await owner.closedWith).toBeNull()
    await expect(memberChannel.drained()).rejects.toMatchObject({ code: 'CLOSED' })
    expect(() => memberChannel.offer(offer('late', 1))).toThrow(expect.objectContaining({ code: 'CLOSED' }))
  })

  describe('a malformed message closes only the print channel, with BAD_FRAME', () => {
    const cases: [string, (rogue: Awaited<ReturnType<typeof openRogue>>) => void][] = [
      ['garbage bytes as an offer', (r) => r.send(0, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]))],
      [
        'an offer with trailing bytes',
        (r) => r.send(0, Buffer.concat([rawOffer('application/pdf', 1), Buffer.from([1])])),
      ],
      ['an offer of a type we do not print', (r) => r.send(0, rawOffer('application/postscript', 1))],
      ['an offer larger than the channel allows', (r) => r.send(0, rawOffer('application/pdf', 2 ** 40))],
      ['options that are not an object', (r) => r.send(0, rawOffer('text/plain', 1, [1, 2]))],
      [
        'data for a job never offered',
        (r) => r.send(1, encode([c.string, 'nope'], [c.uint, 0], [c.buffer, Buffer.from('x')])),
      ],
      [
        'more data than offered',
        (r) => {
          r.send(0, rawOffer('text/plain', 2))
          r.send(1, encode([c.string, 'j'], [c.uint, 0], [c.buffer, Buffer.from('abc')]))
        },
      ],
      [
        'chunks out of order',
        (r) => {
          r.send(0, rawOffer('text/plain', 9))
          r.send(1, encode([c.string, 'j'], [c.uint, 1], [c.buffer, Buffer.from('abc')]))
        },
      ],
      [
        'an end before all the bytes',
        (r) => {
          r.send(0, rawOffer('text/plain', 9))
          r.send(2, encode([c.string, 'j']))
        },
      ],
      [
        'an unknown status',
        (r) => r.send(3, encode([c.string, 'j'], [c.string, 'exploded'], [c.string, ''], [c.string, ''])),
      ],
      ['a cancel with a bad job id', (r) => r.send(4, encode([c.string, '../etc/passwd']))],
    ]
    for (const [what, misbehave] of cases) {
      it(what, async () => {
        const rogue = await openRogue()
        misbehave(rogue)
        const error = await rogue.owner.closedWith
        expect(error?.code).toBe('BAD_FRAME')
        // The peer was told why, before the close.
        await until(() => rogue.fromOwner.some((m) => m.type === 5), 'an error message to the peer')
        const told = rogue.fromOwner.find((m) => m.type === 5)!
        expect(c.string.decode({ start: 0, end: told.buf.length, buffer: told.buf })).toBe('BAD_FRAME')
        // The connection itself (and so replication on it) survives.
        expect(rogue.conn.a.destroyed).toBe(false)
        expect(rogue.conn.b.destroyed).toBe(false)
        expect(rogue.owner.seen.ended).toEqual([])
      })
    }
  })

  it('an error message from the peer closes the channel with its code', async () => {
    const rogue = await openRogue()
    rogue.send(5, encode([c.string, 'FORBIDDEN'], [c.string, 'you may not print here']))
    const error = await rogue.owner.closedWith
    expect(error?.code).toBe('FORBIDDEN')
    expect(error?.message).toMatch(/you may not print here/)
  })
})
