import { cx } from '../../ui/cx.js'

/** A fingerprint set so people can read it aloud and compare: monospace, grouped, selectable. */
export function Fingerprint({ value, size = 'sm' }: { value: string; size?: 'sm' | 'lg' }) {
  return (
    <span
      className={cx(
        'selectable font-mono tracking-wide text-zinc-600 dark:text-zinc-300',
        size === 'lg' ? 'text-base font-medium text-zinc-900 dark:text-zinc-50' : 'text-xs',
      )}
    >
      {value}
    </span>
  )
}
