import { describe, expect, it } from 'vitest'
import { applyOp, type RosterStore, type WriterHost } from './roster-apply.js'
import type { MemberRecord } from './roster-ops.js'

const key = (c: string) => c.repeat(64)
const A = { device: key('a'), writer: key('1') }
const B = { device: key('b'), writer: key('2') }
const C = { device: key('c'), writer: key('3') }
const INVITE = key('9')

/** The view as a plain map, and the writer changes apply asked Autobase for. */
function fixture() {
  const map = new Map<string, unknown>()
  const view: RosterStore = {
    get: async <T>(k: string) => (map.has(k) ? (structuredClone(map.get(k)) as T) : null),
    put: async (k, v) => void map.set(k, structuredClone(v)),
    del: async (k) => void map.delete(k),
    list: async <T>(prefix: string) =>
      [...map.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([, v]) => v as T),
  }
  const writers: string[] = []
  const host: WriterHost = {
    addWriter: async (k, { indexer }) =>
      void writers.push(`+${k.toString('hex').slice(0, 1)}${indexer ? 'i' : ''}`),
    removeWriter: async (k) => void writers.push(`-${k.toString('hex').slice(0, 1)}`),
  }
  const member = (device: string) => map.get(`members/${device}`) as MemberRecord | undefined
  return { map, view, host, writers, member }
}

async function group() {
  const f = fixture()
  await applyOp(
    { op: 'create', name: 'Office', device: A.device, deviceName: 'Alice', at: 1 },
    A.writer,
    f.view,
    f.host,
  )
  await applyOp({ op: 'invite', id: INVITE, expiresAt: 100, at: 2 }, A.writer, f.view, f.host)
  return f
}

const add = (who: { device: string; writer: string }, at = 3, invite = INVITE) => ({
  op: 'add',
  device: who.device,
  writer: who.writer,
  name: 'New',
  role: 'member',
  invite,
  at,
})

describe('roster apply', () => {
  it('creates a group whose creator is its admin', async () => {
    const f = await group()
    expect(f.member(A.device)).toMatchObject({ name: 'Alice', role: 'admin', writer: A.writer })
  })

  it('admits a member once per invite, before it expires, and only from an admin', async () => {
    const f = await group()
    expect(await applyOp(add(B), B.writer, f.view, f.host)).toMatchObject({ applied: false })
    expect(await applyOp(add(B, 101), A.writer, f.view, f.host)).toMatchObject({
      applied: false,
      reason: 'invite expired',
    })
    expect(await applyOp(add(B), A.writer, f.view, f.host)).toEqual({ applied: true })
    expect(f.writers).toEqual(['+2'])
    expect(await applyOp(add(C), A.writer, f.view, f.host)).toMatchObject({ reason: 'invite already used' })
    expect(f.member(C.device)).toBeUndefined()
  })

  it('lets members rename only themselves and refuses non-admin removals and invites', async () => {
    const f = await group()
    await applyOp(add(B), A.writer, f.view, f.host)
    await applyOp({ op: 'rename', name: 'Robert', at: 4 }, B.writer, f.view, f.host)
    expect(f.member(B.device)?.name).toBe('Robert')
    expect(f.member(A.device)?.name).toBe('Alice')
    expect(await applyOp({ op: 'remove', device: A.device, at: 5 }, B.writer, f.view, f.host)).toMatchObject({
      reason: 'only admins remove members',
    })
    expect(
      await applyOp({ op: 'invite', id: key('8'), expiresAt: 9, at: 5 }, B.writer, f.view, f.host),
    ).toMatchObject({ reason: 'only admins invite' })
    expect(f.member(A.device)).toBeDefined()
  })

  it('removes a member, drops its writer and remembers the removal', async () => {
    const f = await group()
    await applyOp(add(B), A.writer, f.view, f.host)
    expect(await applyOp({ op: 'remove', device: B.device, at: 6 }, A.writer, f.view, f.host)).toEqual({
      applied: true,
    })
    expect(f.member(B.device)).toBeUndefined()
    expect(f.map.get(`removed/${B.device}`)).toEqual({ by: A.device, at: 6 })
    expect(f.writers).toEqual(['+2', '-2'])
    // Its old writer key no longer speaks for anyone.
    expect(await applyOp({ op: 'rename', name: 'Back', at: 7 }, B.writer, f.view, f.host)).toMatchObject({
      reason: 'author is not a member',
    })
  })

  it('promotes the longest-standing member when the last admin leaves', async () => {
    const f = await group()
    await applyOp(add(B, 3), A.writer, f.view, f.host)
    await applyOp({ op: 'invite', id: key('8'), expiresAt: 100, at: 4 }, A.writer, f.view, f.host)
    await applyOp(add(C, 5, key('8')), A.writer, f.view, f.host)
    await applyOp({ op: 'leave', at: 6 }, A.writer, f.view, f.host)
    expect(f.member(B.device)?.role).toBe('admin')
    expect(f.member(C.device)?.role).toBe('member')
    expect(f.writers.at(-1)).toBe('+2i')
  })

  it('skips malformed and forged ops without throwing', async () => {
    const f = await group()
    for (const bad of [null, 42, 'x', { op: 'add' }, { op: 'create', name: 'x' }, { op: 'nope', at: 1 }]) {
      expect((await applyOp(bad, A.writer, f.view, f.host)).applied).toBe(false)
    }
    expect(
      (
        await applyOp(
          { op: 'create', name: 'Again', device: B.device, deviceName: 'B', at: 9 },
          B.writer,
          f.view,
          f.host,
        )
      ).applied,
    ).toBe(false)
    expect(f.member(B.device)).toBeUndefined()
  })

  it('lets only the owner or an admin take a share down', async () => {
    const f = await group()
    await applyOp(add(B), A.writer, f.view, f.host)
    const share = { op: 'share', id: '0123456789abcdef', name: 'Docs', drive: key('d'), at: 8 }
    expect(await applyOp(share, B.writer, f.view, f.host)).toEqual({ applied: true })
    expect(f.map.get('shares/0123456789abcdef')).toMatchObject({ owner: B.device, name: 'Docs' })
    await applyOp({ op: 'invite', id: key('7'), expiresAt: 100, at: 9 }, A.writer, f.view, f.host)
    await applyOp(add(C, 10, key('7')), A.writer, f.view, f.host)
    expect(
      await applyOp({ op: 'unshare', id: '0123456789abcdef', at: 11 }, C.writer, f.view, f.host),
    ).toMatchObject({
      applied: false,
    })
    expect(
      await applyOp({ op: 'unshare', id: '0123456789abcdef', at: 12 }, A.writer, f.view, f.host),
    ).toEqual({
      applied: true,
    })
  })
})
