// Where a job just sent stands, in words, updated live: sending, waiting for the owner, printing, done.
import type { PrintJob } from '../../../../shared/types.js'
import { cx } from '../../ui/cx.js'
import { AlertIcon, CheckIcon } from '../../ui/icons.js'
import { Spinner } from '../../ui/spinner.js'
import { jobSummary } from './print-text.js'

function headline(job: PrintJob | undefined, owner: string): string {
  switch (job?.state) {
    case undefined:
    case 'sent':
      return `Sending to ${owner}'s computer…`
    case 'waiting-approval':
      return `Waiting for ${owner} to approve it…`
    case 'queued':
      return 'In the printer’s queue…'
    case 'printing':
      return 'Printing…'
    case 'completed':
      return 'Printed'
    case 'failed':
      return 'The job failed'
    case 'cancelled':
      return 'The job was cancelled'
  }
}

export function JobStatus({ job, ownerName }: { job: PrintJob | undefined; ownerName: string }) {
  const state = job?.state
  const ok = state === 'completed'
  const bad = state === 'failed' || state === 'cancelled'
  return (
    <div
      role="status"
      aria-label="Print job"
      className={cx(
        'flex items-start gap-3 rounded-lg border px-3.5 py-3',
        ok && 'border-emerald-200 bg-emerald-50 dark:border-emerald-500/30 dark:bg-emerald-500/10',
        bad && 'border-red-200 bg-red-50 dark:border-red-500/30 dark:bg-red-500/10',
        !ok && !bad && 'border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800/60',
      )}
    >
      <span className="mt-0.5 shrink-0">
        {ok ? (
          <CheckIcon size={16} className="text-emerald-600 dark:text-emerald-400" />
        ) : bad ? (
          <AlertIcon size={16} className="text-red-600 dark:text-red-400" />
        ) : (
          <Spinner size={16} />
        )}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-50">{headline(job, ownerName)}</p>
        {job && (
          <p className="mt-0.5 truncate text-zinc-600 dark:text-zinc-300">
            {job.title} · {jobSummary(job)}
          </p>
        )}
        {job?.reason && bad && <p className="mt-0.5 text-red-800 dark:text-red-200">{job.reason}</p>}
      </div>
    </div>
  )
}
