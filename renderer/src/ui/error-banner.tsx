// An error shown in place, with what the user can do and, when it helps, a retry.
import type { AppError } from '../../../shared/errors.js'
import { Button } from './button.js'
import { cx } from './cx.js'
import { describeError } from './describe-error.js'
import { AlertIcon } from './icons.js'

interface ErrorBannerProps {
  error: Pick<AppError, 'code' | 'message'>
  title?: string
  onRetry?: () => void
  className?: string
  /** What to do, when the generic hint for the code would mislead (a printing error is not the network). */
  hint?: string
}

export function ErrorBanner({ error, title, onRetry, className, hint: ownHint }: ErrorBannerProps) {
  const described = describeError(error)
  const message = described.message
  const hint = ownHint ?? described.hint
  return (
    <div
      role="alert"
      className={cx(
        'flex items-start gap-2.5 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-red-900 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100',
        className,
      )}
    >
      <AlertIcon className="mt-0.5 shrink-0 text-red-600 dark:text-red-400" />
      <div className="min-w-0 flex-1">
        {title && <p className="font-semibold">{title}</p>}
        <p className={cx(title && 'text-red-800 dark:text-red-200')}>{message}</p>
        {hint && <p className="mt-0.5 text-red-700/90 dark:text-red-200/80">{hint}</p>}
      </div>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  )
}
