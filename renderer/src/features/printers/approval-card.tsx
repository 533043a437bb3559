// A job on one of this device's printers that waits for a yes or no: who sends what, how many pages
// and copies, in colour or not. Plain enough to decide at a glance.
import type { PrintJob } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Avatar } from '../../ui/avatar.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { formatBytes, plural } from '../../ui/format.js'
import { sidesText } from './print-text.js'

export function ApprovalCard({ job }: { job: PrintJob }) {
  const approve = useAction('print.approve')
  const decline = useAction('print.decline')
  const busy = approve.pending || decline.pending
  const error = approve.error ?? decline.error
  const headingId = `approval-${job.id}`
  return (
    <article
      aria-labelledby={headingId}
      className="rounded-xl border border-amber-300 bg-amber-50/70 p-4 dark:border-amber-500/30 dark:bg-amber-500/10"
    >
      <div className="flex items-start gap-3">
        <Avatar name={job.fromName} seed={job.from} />
        <div className="min-w-0 flex-1">
          <h3 id={headingId} className="font-semibold text-zinc-900 dark:text-zinc-50">
            {job.fromName} wants to print on {job.printerName}
          </h3>
          <p className="mt-0.5 truncate text-zinc-700 dark:text-zinc-200" title={job.title}>
            “{job.title}”
          </p>
          <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
            <Fact label="Pages">{job.pages === null ? 'Not known' : plural(job.pages, 'page')}</Fact>
            <Fact label="Copies">{job.copies}</Fact>
            <Fact label="Colour">
              {job.color === 'monochrome'
                ? 'Black and white'
                : job.color === 'color'
                  ? 'Colour'
                  : 'Printer default'}
            </Fact>
            {job.sides && <Fact label="Sides">{sidesText[job.sides]}</Fact>}
            {job.media && <Fact label="Paper">{job.media}</Fact>}
            <Fact label="File">
              {job.type} · {formatBytes(job.size)}
            </Fact>
          </dl>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button
            variant="secondary"
            busy={decline.pending}
            disabled={busy}
            onClick={() => void decline.run({ job: job.id })}
          >
            Decline
          </Button>
          <Button
            variant="primary"
            busy={approve.pending}
            disabled={busy}
            onClick={() => void approve.run({ job: job.id })}
          >
            Approve
          </Button>
        </div>
      </div>
      {error && <ErrorBanner className="mt-3" title="Couldn't answer the request" error={error} />}
    </article>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}:</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  )
}
