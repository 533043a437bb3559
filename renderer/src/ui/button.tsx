// The app's buttons: one look per intent, the same height and focus ring everywhere.
import type { ButtonHTMLAttributes, ReactNode } from 'react'
import { cx } from './cx.js'
import { Spinner } from './spinner.js'

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'danger-ghost'

const variants: Record<Variant, string> = {
  primary:
    'bg-accent-600 text-white shadow-sm shadow-accent-900/10 hover:bg-accent-700 active:bg-accent-700 disabled:bg-accent-600/50',
  secondary:
    'border border-zinc-300 bg-white text-zinc-800 shadow-xs hover:bg-zinc-50 active:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700/80',
  ghost:
    'text-zinc-600 hover:bg-zinc-900/5 hover:text-zinc-900 active:bg-zinc-900/10 dark:text-zinc-400 dark:hover:bg-white/10 dark:hover:text-zinc-100',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-700 active:bg-red-800 disabled:bg-red-600/50',
  'danger-ghost': 'text-red-600 hover:bg-red-600/10 dark:text-red-400 dark:hover:bg-red-400/10',
}

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant
  size?: 'sm' | 'md'
  icon?: ReactNode
  busy?: boolean
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  busy = false,
  className,
  children,
  disabled,
  type = 'button',
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex shrink-0 cursor-default items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors select-none disabled:cursor-not-allowed disabled:opacity-60',
        size === 'sm' ? 'h-7 px-2.5 text-xs' : 'h-8 px-3 text-[13px]',
        variants[variant],
        className,
      )}
      {...props}
    >
      {busy ? <Spinner size={14} /> : icon}
      {children}
    </button>
  )
}

/** A square button holding only an icon; the label is for screen readers and the tooltip. */
export function IconButton({
  label,
  children,
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={cx(
        'inline-flex size-7 shrink-0 cursor-default items-center justify-center rounded-md text-zinc-500 transition-colors hover:bg-zinc-900/5 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-white/10 dark:hover:text-zinc-100',
        className,
      )}
      {...props}
    >
      {children}
    </button>
  )
}
