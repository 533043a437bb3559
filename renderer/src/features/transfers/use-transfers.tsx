// Every transfer this device knows of, kept live from `transfer.*` events. One provider in the shell
// feeds both the Transfers page and the sidebar's indicator, so they never disagree.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { Transfer } from '../../../../shared/types.js'
import type { AppError } from '../../../../shared/errors.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

interface Transfers {
  list: readonly Transfer[] | undefined
  error: AppError | null
  reload: () => void
}

const TransfersContext = createContext<Transfers | null>(null)

export function TransfersProvider({ children }: { children: ReactNode }) {
  const query = useRpc('transfer.list', {})
  const { setData, reload } = query
  const upsert = ({ payload }: { payload: { transfer: Transfer } }) =>
    setData((list) => {
      const t = payload.transfer
      // An event before the first list arrives: the list fetch will include it.
      if (!list) return list
      const i = list.findIndex((x) => x.id === t.id)
      if (i === -1) return [t, ...list]
      const next = [...list]
      next[i] = t
      return next
    })
  useEvent('transfer.started', upsert)
  useEvent('transfer.progressed', upsert)
  useEvent('transfer.completed', upsert)
  useEvent('transfer.failed', upsert)
  useEvent('transfer.cancelled', upsert)

  const value = useMemo(
    () => ({ list: query.data, error: query.error, reload }),
    [query.data, query.error, reload],
  )
  return <TransfersContext.Provider value={value}>{children}</TransfersContext.Provider>
}

export function useTransfers(): Transfers {
  const value = useContext(TransfersContext)
  if (!value) throw new Error('useTransfers needs a <TransfersProvider>')
  return value
}

export const isActive = (t: Transfer) => t.state === 'running' || t.state === 'paused'

/** Running first, then the most recent. */
export function sortTransfers(list: readonly Transfer[]): Transfer[] {
  return [...list].sort(
    (a, b) =>
      Number(isActive(b)) - Number(isActive(a)) || (b.endedAt ?? b.startedAt) - (a.endedAt ?? a.startedAt),
  )
}
