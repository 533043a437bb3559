import { describe, expect, it } from 'vitest'
import type { AnyEvent } from '../../shared/contract.js'
import { ShellStatus } from './shell-status.js'
import type { TrayStatus } from './tray-service.js'

function fakeClient() {
  let listener: ((e: AnyEvent) => void) | null = null
  let seq = 0
  const client = {
    on: (_name: '*', cb: (e: AnyEvent) => void) => {
      listener = cb
      return () => {}
    },
    call: async (method: string) => {
      if (method === 'workgroup.list') return [{ id: 'g1', name: 'Studio' }]
      return [
        { key: 'a', online: true, self: false },
        { key: 'me', online: true, self: true },
        { key: 'b', online: false, self: false },
      ]
    },
  }
  const emit = (name: string, payload: unknown) =>
    listener?.({ seq: ++seq, at: 0, name, payload } as unknown as AnyEvent)
  return { client: client as never, emit }
}

describe('ShellStatus', () => {
  it('counts distinct members online (not us) and transfers in flight', async () => {
    const { client, emit } = fakeClient()
    const changes: Partial<TrayStatus>[] = []
    const status = new ShellStatus(client, (c) => changes.push(c))
    await status.refresh()
    expect(changes.at(-1)).toEqual({ membersOnline: 1, transfers: 0 })
    expect(status.groupName('g1')).toBe('Studio')
    emit('member.online', { groupId: 'g1', key: 'b' })
    emit('member.online', { groupId: 'g2', key: 'b' })
    expect(changes.at(-1)).toEqual({ membersOnline: 2, transfers: 0 })
    emit('member.offline', { groupId: 'g1', key: 'a', lastSeen: 1 })
    expect(changes.at(-1)).toEqual({ membersOnline: 1, transfers: 0 })
    emit('transfer.started', { id: 't1' })
    emit('transfer.started', { id: 't2' })
    emit('transfer.completed', { id: 't1' })
    expect(changes.at(-1)).toEqual({ membersOnline: 1, transfers: 1 })
  })
})
