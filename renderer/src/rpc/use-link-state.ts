// The transport's link state as React state, plus a counter that bumps on every reconnect so views
// can refetch what they show (events missed while away may have been trimmed from the engine's log).
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { LinkState } from '../transport/connection.js'
import { useRpcContext } from './rpc-context.js'

export function useLinkState(): LinkState {
  const { transport } = useRpcContext()
  return useSyncExternalStore(
    (cb) => transport.onStateChange(cb),
    () => transport.state,
  )
}

/** Increments each time the link comes back after a drop; 0 until then. */
export function useReconnectCount(): number {
  const state = useLinkState()
  const [count, setCount] = useState(0)
  const wasDown = useRef(false)
  useEffect(() => {
    if (state === 'reconnecting') wasDown.current = true
    if (state === 'open' && wasDown.current) {
      wasDown.current = false
      setCount((c) => c + 1)
    }
  }, [state])
  return count
}
