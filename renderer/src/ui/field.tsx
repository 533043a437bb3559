// A labelled text input with its hint or error beneath, wired with aria-describedby.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react'
import { cx } from './cx.js'

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string
  hint?: ReactNode
  error?: string | null
  mono?: boolean
}

export function Field({ label, hint, error, mono, className, id, ...props }: FieldProps) {
  const auto = useId()
  const inputId = id ?? auto
  const noteId = `${inputId}-note`
  return (
    <div className={className}>
      <label htmlFor={inputId} className="mb-1.5 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={hint || error ? noteId : undefined}
        className={cx(
          'block h-9 w-full rounded-md border bg-white px-3 text-[13px] text-zinc-900 shadow-xs transition-colors outline-none placeholder:text-zinc-400 focus:border-accent-500 focus:ring-3 focus:ring-accent-500/20 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500',
          error ? 'border-red-400 dark:border-red-500/60' : 'border-zinc-300 dark:border-zinc-700',
          mono && 'font-mono text-xs',
        )}
        {...props}
      />
      {(error || hint) && (
        <p
          id={noteId}
          className={cx(
            'mt-1.5 text-xs',
            error ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400',
          )}
        >
          {error ?? hint}
        </p>
      )}
    </div>
  )
}
