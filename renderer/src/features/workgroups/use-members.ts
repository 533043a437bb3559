// A group's members, patched in place from presence and roster events so the list updates live.
import type { Member } from '../../../../shared/types.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

export function useMembers(groupId: string) {
  const query = useRpc('member.list', { group: groupId })
  const { setData, reload } = query
  const patch = (id: string, key: string, update: (m: Member) => Member | null) => {
    if (id !== groupId) return
    setData((list) => list?.flatMap((m) => (m.key === key ? (update(m) ?? []) : [m])))
  }

  useEvent('member.online', ({ payload: p, at }) => {
    // Someone online whom the list does not hold yet: the roster grew before its event reached us.
    if (p.groupId === groupId && query.data && !query.data.some((m) => m.key === p.key)) return reload()
    patch(p.groupId, p.key, (m) => ({ ...m, online: true, lastSeen: at }))
  })
  useEvent('member.offline', ({ payload: p }) =>
    patch(p.groupId, p.key, (m) => ({ ...m, online: false, lastSeen: p.lastSeen })),
  )
  useEvent('member.renamed', ({ payload: p }) => patch(p.groupId, p.key, (m) => ({ ...m, name: p.name })))
  useEvent('member.left', ({ payload: p }) => patch(p.groupId, p.key, () => null))
  useEvent('member.removed', ({ payload: p }) => patch(p.groupId, p.key, () => null))
  useEvent('member.joined', ({ payload: p }) => {
    if (p.groupId !== groupId) return
    setData((list) => list && [...list.filter((m) => m.key !== p.member.key), p.member])
  })
  // A roster change the events above do not describe (a role, say): fetch the list again.
  useEvent('group.updated', ({ payload: p }) => p.groupId === groupId && reload())
  return query
}

/** Online first, then by name, so the people you can reach are at the top. */
export function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort(
    (a, b) =>
      Number(b.self) - Number(a.self) ||
      Number(b.online) - Number(a.online) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  )
}
