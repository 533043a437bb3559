// A group's shared printers, kept live: added, updated and withdrawn from events, owner presence
// patched in place.
import type { Printer } from '../../../../shared/types.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

export function usePrinters(groupId: string) {
  const query = useRpc('printer.list', { group: groupId })
  const { setData } = query
  const put = (id: string, printer: Printer) => {
    if (id !== groupId) return
    setData((list) => list && [...list.filter((p) => p.id !== printer.id), printer])
  }
  const patchOwner = (id: string, key: string, online: boolean) => {
    if (id !== groupId) return
    setData((list) => list?.map((p) => (p.owner === key ? { ...p, ownerOnline: online } : p)))
  }
  useEvent('printer.added', ({ payload: p }) => put(p.groupId, p.printer))
  useEvent('printer.updated', ({ payload: p }) => put(p.groupId, p.printer))
  useEvent('printer.removed', ({ payload: p }) => {
    if (p.groupId !== groupId) return
    setData((list) => list?.filter((x) => x.id !== p.printerId))
  })
  useEvent('member.online', ({ payload: p }) => patchOwner(p.groupId, p.key, true))
  useEvent('member.offline', ({ payload: p }) => patchOwner(p.groupId, p.key, false))
  return query
}

/** Yours first, then by name. */
export function sortPrinters(list: readonly Printer[]): Printer[] {
  return [...list].sort(
    (a, b) =>
      Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  )
}
