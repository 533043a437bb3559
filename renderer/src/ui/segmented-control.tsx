// A two-or-three way switch, as a radio group so arrow keys move between options.
import { useId } from 'react'
import { cx } from './cx.js'

interface Option<T extends string> {
  value: T
  label: string
}

interface Props<T extends string> {
  label: string
  value: T
  options: readonly Option<T>[]
  onChange: (value: T) => void
  className?: string
}

export function SegmentedControl<T extends string>({ label, value, options, onChange, className }: Props<T>) {
  const name = useId()
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className={cx('flex rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800', className)}
    >
      {options.map((o) => (
        <label
          key={o.value}
          className={cx(
            'relative flex h-7 flex-1 items-center justify-center rounded-md text-xs font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-accent-500',
            o.value === value
              ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-50'
              : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
          )}
        >
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
            className="sr-only"
          />
          {o.label}
        </label>
      ))}
    </div>
  )
}
