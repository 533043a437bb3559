import { cx } from './cx.js'

const tones = {
  online: 'bg-emerald-500',
  offline: 'bg-zinc-300 dark:bg-zinc-600',
  warning: 'bg-amber-500',
  error: 'bg-red-500',
} as const

export type DotTone = keyof typeof tones

/** A presence dot; decorative, so the text next to it must say the same thing. */
export function StatusDot({ tone, ring, className }: { tone: DotTone; ring?: boolean; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cx(
        'inline-block size-2 shrink-0 rounded-full',
        tones[tone],
        ring && 'ring-2 ring-white dark:ring-zinc-900',
        className,
      )}
    />
  )
}
