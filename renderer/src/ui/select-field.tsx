// A labelled native <select>, styled like Field, for short fixed lists (paper size, sides).
import { useId, type SelectHTMLAttributes } from 'react'

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string
  options: readonly { value: string; label: string }[]
}

export function SelectField({ label, options, className, id, ...props }: SelectFieldProps) {
  const auto = useId()
  const selectId = id ?? auto
  return (
    <div className={className}>
      <label htmlFor={selectId} className="mb-1.5 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <select
        id={selectId}
        className="block h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-[13px] text-zinc-900 shadow-xs outline-none focus:border-accent-500 focus:ring-3 focus:ring-accent-500/20 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
