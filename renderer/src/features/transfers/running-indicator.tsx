// The sidebar's hint that something is moving: how many transfers run and how far along they are.
import { percent } from '../../ui/format.js'
import { useTransfers } from './use-transfers.js'

export function RunningIndicator() {
  const { list } = useTransfers()
  const running = list?.filter((t) => t.state === 'running') ?? []
  if (running.length === 0) return null
  const done = running.reduce((n, t) => n + t.bytesDone, 0)
  const total = running.reduce((n, t) => n + t.bytesTotal, 0)
  const label = `${running.length} running${total > 0 ? `, ${percent(done, total)}%` : ''}`
  return (
    <span
      role="status"
      aria-label={`Transfers: ${label}`}
      className="inline-flex h-5 min-w-5 items-center justify-center gap-1 rounded-full bg-accent-600 px-1.5 text-[11px] font-semibold text-white tabular-nums"
    >
      <span className="size-1.5 animate-pulse rounded-full bg-white/90" aria-hidden="true" />
      {running.length}
    </span>
  )
}
