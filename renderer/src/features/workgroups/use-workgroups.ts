// The groups this device belongs to, refetched when any event may have changed a name or a count.
import { useEffect, useRef } from 'react'
import type { EventName } from '../../../../shared/contract.js'
import { useEvents } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

const CHANGES: readonly EventName[] = [
  'group.created',
  'group.joined',
  'group.left',
  'group.updated',
  'member.joined',
  'member.left',
  'member.removed',
  'member.online',
  'member.offline',
]

export function useWorkgroups() {
  const query = useRpc('workgroup.list', {})
  const { reload } = query
  // Presence events come in bursts when a peer connects to several groups: refetch once per burst.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEvents(CHANGES, () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      reload()
    }, 100)
  })
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  return query
}
