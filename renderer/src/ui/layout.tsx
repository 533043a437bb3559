// The building blocks of a page: a header with actions, and titled sections with a subtle border.
import type { ReactNode } from 'react'
import { cx } from './cx.js'

interface PageHeaderProps {
  title: ReactNode
  subtitle?: ReactNode
  actions?: ReactNode
  leading?: ReactNode
}

export function PageHeader({ title, subtitle, actions, leading }: PageHeaderProps) {
  return (
    <header className="flex items-center gap-3 border-b border-zinc-200 px-6 py-4 dark:border-zinc-800">
      {leading}
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          {title}
        </h1>
        {subtitle && <div className="mt-0.5 truncate text-zinc-500 dark:text-zinc-400">{subtitle}</div>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </header>
  )
}

interface SectionProps {
  title: string
  description?: ReactNode
  children: ReactNode
  aside?: ReactNode
  className?: string
}

export function Section({ title, description, aside, children, className }: SectionProps) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <section
      aria-labelledby={id}
      className={cx('rounded-xl border border-zinc-200 dark:border-zinc-800', className)}
    >
      <div className="flex items-start gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <h2 id={id} className="font-semibold text-zinc-900 dark:text-zinc-100">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>}
        </div>
        {aside}
      </div>
      {children}
    </section>
  )
}

/** A label/value row inside a Section. */
export function Row({ label, children, compact }: { label: string; children: ReactNode; compact?: boolean }) {
  return (
    <div className="flex items-center gap-4 px-4 py-2.5 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70">
      <dt className={cx('shrink-0 text-zinc-500 dark:text-zinc-400', compact ? 'w-24' : 'w-40')}>{label}</dt>
      <dd className="min-w-0 flex-1 text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  )
}
