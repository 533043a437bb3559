import { cx } from './cx.js'
import { percent } from './format.js'

interface ProgressBarProps {
  label: string
  done: number
  total: number
  tone?: 'accent' | 'success' | 'error' | 'muted'
}

const tones = {
  accent: 'bg-accent-500',
  success: 'bg-emerald-500',
  error: 'bg-red-500',
  muted: 'bg-zinc-400 dark:bg-zinc-600',
}

/** A thin bar with the real progressbar role, so screen readers and tests read the same number. */
export function ProgressBar({ label, done, total, tone = 'accent' }: ProgressBarProps) {
  const value = percent(done, total)
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={cx('h-full rounded-full transition-[width] duration-300', tones[tone])}
        style={{ width: `${value}%` }}
      />
    </div>
  )
}
