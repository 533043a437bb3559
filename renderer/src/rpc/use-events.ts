// Subscribe a component to engine events for as long as it is mounted.
import { useEffect, useRef } from 'react'
import type { EventName, Events } from '../../../shared/contract.js'
import type { EventFrame } from '../../../shared/types.js'
import { useClient } from './rpc-context.js'

export function useEvent<N extends EventName>(name: N, cb: (event: EventFrame<N, Events[N]>) => void): void {
  const client = useClient()
  // Keep the latest callback without resubscribing on every render.
  const ref = useRef(cb)
  useEffect(() => {
    ref.current = cb
  })
  useEffect(() => client.on(name, (event) => ref.current(event)), [client, name])
}

/** Run `cb` on any of several events, e.g. to refetch a list. */
export function useEvents(names: readonly EventName[], cb: () => void): void {
  const client = useClient()
  const ref = useRef(cb)
  useEffect(() => {
    ref.current = cb
  })
  const key = names.join(',')
  useEffect(() => {
    const offs = key.split(',').map((name) => client.on(name as EventName, () => ref.current()))
    return () => offs.forEach((off) => off())
  }, [client, key])
}
