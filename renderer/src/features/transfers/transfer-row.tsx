// One transfer: what it is, a progress bar, rate and time left while it runs, and what to do if it failed.
import type { Transfer } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { AlertIcon, CloseIcon } from '../../ui/icons.js'
import { ProgressBar } from '../../ui/progress-bar.js'
import { timeAgo } from '../../ui/time.js'
import { failureHint, progressLine, stateLabel, transferTitle } from './transfer-text.js'
import { isActive } from './use-transfers.js'

interface TransferRowProps {
  transfer: Transfer
  shareName: string | undefined
  now: number
}

export function TransferRow({ transfer: t, shareName, now }: TransferRowProps) {
  const cancel = useAction('transfer.cancel')
  const title = transferTitle(t, shareName)
  const tone =
    t.state === 'failed'
      ? 'error'
      : t.state === 'done'
        ? 'success'
        : t.state === 'running'
          ? 'accent'
          : 'muted'
  return (
    <li
      aria-label={title}
      className="px-4 py-3 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70"
    >
      <div className="flex items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
          <p className="truncate text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
            {shareName && t.path && t.path !== '/' ? `${shareName}${t.path} · ` : ''}
            {progressLine(t)}
            {t.endedAt !== null && ` · ${timeAgo(t.endedAt, now)}`}
          </p>
        </div>
        <span
          className={cx(
            'shrink-0 text-xs font-medium tabular-nums',
            t.state === 'failed' && 'text-red-600 dark:text-red-400',
            t.state === 'done' && 'text-emerald-700 dark:text-emerald-400',
            (t.state === 'running' || t.state === 'paused') && 'text-zinc-700 dark:text-zinc-300',
            t.state === 'cancelled' && 'text-zinc-500 dark:text-zinc-400',
          )}
        >
          {stateLabel(t)}
        </span>
        {isActive(t) && (
          <Button
            size="sm"
            variant="ghost"
            icon={<CloseIcon size={14} />}
            busy={cancel.pending}
            aria-label={`Cancel ${title}`}
            onClick={() => void cancel.run({ id: t.id })}
          >
            Cancel
          </Button>
        )}
      </div>
      <div className="mt-2">
        <ProgressBar label={title} done={t.bytesDone} total={t.bytesTotal} tone={tone} />
      </div>
      {t.error && <FailureNote code={t.error.code} message={t.error.message} />}
      {cancel.error && <FailureNote code={cancel.error.code} message={cancel.error.message} />}
    </li>
  )
}

function FailureNote({ code, message }: { code: string; message: string }) {
  return (
    <div role="alert" className="mt-2 flex items-start gap-2 text-xs text-red-800 dark:text-red-200">
      <AlertIcon size={14} className="mt-0.5 shrink-0 text-red-600 dark:text-red-400" />
      <p>
        <span className="font-medium">{/[.!?]$/.test(message) ? message : `${message}.`}</span>{' '}
        {failureHint(code)}
      </p>
    </div>
  )
}
