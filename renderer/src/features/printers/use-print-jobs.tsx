// Every print job this device knows of, sent and received, kept live from `job.updated` and
// `job.approvalRequested`. One provider in the shell feeds the Printers page and the sidebar's
// "waiting for you" count, so an approval request is seen from any page.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { AppError } from '../../../../shared/errors.js'
import type { PrintJob } from '../../../../shared/types.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'

interface PrintJobs {
  list: readonly PrintJob[] | undefined
  error: AppError | null
  reload: () => void
}

const PrintJobsContext = createContext<PrintJobs | null>(null)

export function PrintJobsProvider({ children }: { children: ReactNode }) {
  const query = useRpc('print.jobs', {})
  const { setData, reload } = query
  const upsert = ({ payload }: { payload: { job: PrintJob } }) =>
    setData((list) => {
      const job = payload.job
      // Before the first list arrives, keep the news anyway: the dialog following a job needs it.
      if (!list) return [job]
      const i = list.findIndex((j) => j.id === job.id)
      if (i === -1) return [job, ...list]
      // Events can overtake each other; never go back to an older state.
      if (list[i]!.updatedAt > job.updatedAt) return list
      const next = [...list]
      next[i] = job
      return next
    })
  useEvent('job.updated', upsert)
  useEvent('job.approvalRequested', upsert)

  const value = useMemo(
    () => ({ list: query.data, error: query.error, reload }),
    [query.data, query.error, reload],
  )
  return <PrintJobsContext.Provider value={value}>{children}</PrintJobsContext.Provider>
}

export function usePrintJobs(): PrintJobs {
  const value = useContext(PrintJobsContext)
  if (!value) throw new Error('usePrintJobs needs a <PrintJobsProvider>')
  return value
}

export const FINAL_STATES: ReadonlySet<PrintJob['state']> = new Set(['completed', 'failed', 'cancelled'])
export const isFinal = (job: PrintJob) => FINAL_STATES.has(job.state)

/** Jobs on this device's printers that wait for its owner's yes or no. */
export const waitingForMe = (job: PrintJob) =>
  job.direction === 'received' && job.state === 'waiting-approval'

/** Unfinished first, then the most recent. */
export function sortJobs(list: readonly PrintJob[]): PrintJob[] {
  return [...list].sort((a, b) => Number(isFinal(a)) - Number(isFinal(b)) || b.createdAt - a.createdAt)
}
