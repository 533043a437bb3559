// A group's shared folders, kept live: added and removed from events, owner presence patched in place,
// and counts refetched when a share changes or a transfer brings more of it here.
import type { Share } from '../../../../shared/types.js'
import { useEvent, useEvents } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

export function useShares(groupId: string) {
  const query = useRpc('share.list', { group: groupId })
  const { setData, reload } = query
  const patchOwner = (id: string, key: string, online: boolean) => {
    if (id !== groupId) return
    setData((list) => list?.map((s) => (s.owner === key ? { ...s, ownerOnline: online } : s)))
  }
  useEvent('share.added', ({ payload: p }) => {
    if (p.groupId !== groupId) return
    setData((list) => list && [...list.filter((s) => s.id !== p.share.id), p.share])
  })
  useEvent('share.removed', ({ payload: p }) => {
    if (p.groupId !== groupId) return
    setData((list) => list?.filter((s) => s.id !== p.shareId))
  })
  useEvent('member.online', ({ payload: p }) => patchOwner(p.groupId, p.key, true))
  useEvent('member.offline', ({ payload: p }) => patchOwner(p.groupId, p.key, false))
  // share.updated carries only the version: the counts need a fresh list.
  useEvents(['share.updated', 'transfer.completed'], reload)
  return query
}

/** Yours first, then by name. */
export function sortShares(list: readonly Share[]): Share[] {
  return [...list].sort(
    (a, b) =>
      Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  )
}
