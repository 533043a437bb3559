// Print jobs sent from this device and received on its printers, newest unfinished first, with cancel.
import type { PrintJob } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { describeError } from '../../ui/describe-error.js'
import { timeAgo } from '../../ui/time.js'
import { useNow } from '../../ui/use-now.js'
import { jobStateText, jobSummary } from './print-text.js'
import { isFinal } from './use-print-jobs.js'

export function JobList({ jobs, label }: { jobs: readonly PrintJob[]; label: string }) {
  const now = useNow()
  return (
    <ul aria-label={label}>
      {jobs.map((j) => (
        <JobRow key={j.id} job={j} now={now} />
      ))}
    </ul>
  )
}

const stateTone: Record<PrintJob['state'], string> = {
  sent: 'text-zinc-600 dark:text-zinc-300',
  'waiting-approval': 'text-amber-700 dark:text-amber-400',
  queued: 'text-zinc-600 dark:text-zinc-300',
  printing: 'text-accent-700 dark:text-accent-300',
  completed: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  cancelled: 'text-zinc-500 dark:text-zinc-400',
}

function JobRow({ job, now }: { job: PrintJob; now: number }) {
  const cancel = useAction('print.cancel')
  const where =
    job.direction === 'sent' ? `To ${job.printerName}` : `From ${job.fromName} on ${job.printerName}`
  return (
    <li
      aria-label={job.title}
      className="flex items-center gap-3 px-4 py-2.5 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70"
    >
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-zinc-900 dark:text-zinc-100">{job.title}</span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
          {where} · {jobSummary(job)} · {timeAgo(job.createdAt, now)}
        </span>
        {job.reason && (job.state === 'failed' || job.state === 'cancelled') && (
          <span className="block truncate text-xs text-zinc-600 dark:text-zinc-300">{job.reason}</span>
        )}
        {cancel.error && (
          <span role="alert" className="block text-xs text-red-700 dark:text-red-400">
            Couldn’t cancel: {describeError(cancel.error).message}
          </span>
        )}
      </span>
      <span className={cx('w-36 shrink-0 text-right text-xs font-medium', stateTone[job.state])}>
        {jobStateText[job.state]}
      </span>
      <span className="flex w-24 shrink-0 justify-end">
        {!isFinal(job) && (
          <Button
            size="sm"
            variant="ghost"
            busy={cancel.pending}
            onClick={() => void cancel.run({ job: job.id })}
            aria-label={`Cancel ${job.title}`}
          >
            Cancel
          </Button>
        )}
      </span>
    </li>
  )
}
