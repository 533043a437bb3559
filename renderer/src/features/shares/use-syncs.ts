// The folders this device keeps in sync with shares, patched from `sync.updated`.
import type { SyncInfo } from '../../../../shared/types.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

const same = (a: SyncInfo, b: SyncInfo) => a.share === b.share && a.dest === b.dest

export function useSyncs() {
  const query = useRpc('sync.list', {})
  const { setData, reload } = query
  useEvent('sync.updated', ({ payload }) =>
    setData((list) => list && [...list.filter((s) => !same(s, payload.sync)), payload.sync]),
  )
  useEvent('sync.conflict', reload)
  return query
}
