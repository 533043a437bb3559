// Shown across the top while the link to the engine is down: the app keeps its last data on screen.
import { useEffect, useState } from 'react'
import { useRpcContext } from '../rpc/rpc-context.js'
import { useLinkState } from '../rpc/use-link-state.js'
import { Spinner } from '../ui/spinner.js'

export function LinkBanner() {
  const state = useLinkState()
  const seconds = useRetrySeconds(state === 'reconnecting')
  if (state !== 'reconnecting' && state !== 'closed') return null
  return (
    <div
      role="status"
      className="flex shrink-0 items-center justify-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-900 dark:border-amber-500/20 dark:bg-amber-500/10 dark:text-amber-200"
    >
      {state === 'closed' ? (
        'Disconnected from Peerdesk. Reload the window to connect again.'
      ) : (
        <>
          <Spinner size={12} />
          Lost the connection to Peerdesk. Reconnecting{seconds ? ` in ${seconds} s` : '…'} — what you see may
          be out of date.
        </>
      )}
    </div>
  )
}

/** Seconds to the next retry while `active`, re-read once a second so the text counts down. */
export function useRetrySeconds(active: boolean): number | null {
  const { transport } = useRpcContext()
  const [, tick] = useState(0)
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => tick((t) => t + 1), 1000)
    return () => clearInterval(timer)
  }, [active])
  const ms = active ? transport.retryInMs : null
  return ms === null ? null : Math.ceil(ms / 1000)
}
