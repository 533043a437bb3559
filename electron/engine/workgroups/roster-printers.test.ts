import { describe, expect, it } from 'vitest'
import { applyOp, type RosterStore, type WriterHost } from './roster-apply.js'
import type { PrinterRecord } from './roster-ops.js'

const key = (c: string) => c.repeat(64)
const A = { device: key('a'), writer: key('1') }
const B = { device: key('b'), writer: key('2') }
const C = { device: key('c'), writer: key('3') }
const ID = '0123456789abcdef'

/** A group where A is the admin and B and C are members, on a plain-map view. */
async function group() {
  const map = new Map<string, unknown>()
  const view: RosterStore = {
    get: async <T>(k: string) => (map.has(k) ? (structuredClone(map.get(k)) as T) : null),
    put: async (k, v) => void map.set(k, structuredClone(v)),
    del: async (k) => void map.delete(k),
    list: async <T>(prefix: string) =>
      [...map.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v as T),
  }
  const host: WriterHost = { addWriter: async () => undefined, removeWriter: async () => undefined }
  const apply = (op: unknown, writer: string) => applyOp(op, writer, view, host)
  await apply({ op: 'create', name: 'Office', device: A.device, deviceName: 'Alice', at: 1 }, A.writer)
  for (const [i, who] of [B, C].entries()) {
    const invite = key(String(5 + i))
    await apply({ op: 'invite', id: invite, expiresAt: 100, at: 2 }, A.writer)
    const add = {
      op: 'add',
      device: who.device,
      writer: who.writer,
      name: 'M',
      role: 'member',
      invite,
      at: 3,
    }
    await apply(add, A.writer)
  }
  const printer = () => map.get(`printers/${ID}`) as PrinterRecord | undefined
  return { apply, printer }
}

const offer = (at: number, changes: Record<string, unknown> = {}) => ({
  op: 'printer',
  id: ID,
  queue: 'Office_Laser',
  name: 'Office Laser',
  color: true,
  duplex: true,
  media: ['A4', 'Letter'],
  state: 'idle',
  at,
  ...changes,
})

describe('roster apply: printers', () => {
  it('a member offers a printer and updates it; the author is its owner', async () => {
    const g = await group()
    expect(await g.apply(offer(10), B.writer)).toEqual({ applied: true })
    expect(g.printer()).toMatchObject({
      owner: B.device,
      queue: 'Office_Laser',
      createdAt: 10,
      updatedAt: 10,
    })
    expect(await g.apply(offer(20, { state: 'stopped', media: ['A4'] }), B.writer)).toEqual({ applied: true })
    expect(g.printer()).toMatchObject({ state: 'stopped', media: ['A4'], createdAt: 10, updatedAt: 20 })
    expect((await g.apply(offer(15), B.writer)).applied).toBe(false) // older than what the view holds
  })

  it('nobody else can take over or change a printer', async () => {
    const g = await group()
    await g.apply(offer(10), B.writer)
    expect(await g.apply(offer(11, { name: 'Mine now' }), C.writer)).toMatchObject({ applied: false })
    expect(await g.apply(offer(11, { name: 'Mine now' }), A.writer)).toMatchObject({ applied: false })
    expect(g.printer()).toMatchObject({ owner: B.device, name: 'Office Laser' })
  })

  it('only the owner or an admin withdraws a printer', async () => {
    const g = await group()
    await g.apply(offer(10), B.writer)
    expect(await g.apply({ op: 'unprinter', id: ID, at: 11 }, C.writer)).toMatchObject({ applied: false })
    expect(g.printer()).toBeDefined()
    expect(await g.apply({ op: 'unprinter', id: ID, at: 12 }, A.writer)).toEqual({ applied: true })
    expect(g.printer()).toBeUndefined()
    await g.apply(offer(13), B.writer)
    expect(await g.apply({ op: 'unprinter', id: ID, at: 14 }, B.writer)).toEqual({ applied: true })
  })

  it('skips malformed printer ops', async () => {
    const g = await group()
    for (const bad of [
      offer(10, { queue: '-o raw' }),
      offer(10, { queue: 'a/b' }),
      offer(10, { media: ['A4; rm -rf'] }),
      offer(10, { media: Array.from({ length: 65 }, (_, i) => `M${i}`) }),
      offer(10, { state: 'on fire' }),
      offer(10, { id: 'XYZ' }),
      { ...offer(10), extra: 1, color: 'yes' },
    ]) {
      expect(await g.apply(bad, B.writer)).toEqual({ applied: false, reason: 'malformed op' })
    }
    expect(g.printer()).toBeUndefined()
    // Someone outside the group cannot announce one at all.
    expect(await g.apply(offer(10), key('9'))).toMatchObject({ applied: false })
  })
})
