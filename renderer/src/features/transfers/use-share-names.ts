// Share names for transfers, which carry only a share id: one `share.list` per group, refreshed when
// shares come and go.
import { useEffect, useState } from 'react'
import type { Workgroup } from '../../../../shared/types.js'
import { useClient } from '../../rpc/rpc-context.js'
import { useEvents } from '../../rpc/use-events.js'

export function useShareNames(groups: readonly Workgroup[]): ReadonlyMap<string, string> {
  const client = useClient()
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())
  const [tick, setTick] = useState(0)
  useEvents(['share.added', 'share.removed'], () => setTick((t) => t + 1))
  const ids = groups.map((g) => g.id).join(',')
  useEffect(() => {
    let live = true
    const lists = ids
      .split(',')
      .filter(Boolean)
      .map((group) => client.call('share.list', { group }).catch(() => []))
    void Promise.all(lists).then((all) => {
      if (live) setNames(new Map(all.flat().map((s) => [s.id, s.name])))
    })
    return () => {
      live = false
    }
  }, [client, ids, tick])
  return names
}
