// The sidebar's count of print jobs waiting for this person's approval, seen from any page.
import { usePrintJobs, waitingForMe } from './use-print-jobs.js'

export function ApprovalsIndicator() {
  const { list } = usePrintJobs()
  const waiting = list?.filter(waitingForMe).length ?? 0
  if (waiting === 0) return null
  return (
    <span
      role="status"
      aria-label={`Printers: ${waiting} waiting for your approval`}
      className="inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-amber-500 px-1.5 text-[11px] font-semibold text-zinc-950 tabular-nums"
    >
      {waiting}
    </span>
  )
}
