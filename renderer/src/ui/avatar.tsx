// Initials on a colour picked from the key, so a person looks the same on every device.
import { cx } from './cx.js'
import { StatusDot } from './status-dot.js'

const palettes = [
  'bg-sky-100 text-sky-800 dark:bg-sky-500/20 dark:text-sky-200',
  'bg-violet-100 text-violet-800 dark:bg-violet-500/20 dark:text-violet-200',
  'bg-emerald-100 text-emerald-800 dark:bg-emerald-500/20 dark:text-emerald-200',
  'bg-amber-100 text-amber-800 dark:bg-amber-500/20 dark:text-amber-200',
  'bg-rose-100 text-rose-800 dark:bg-rose-500/20 dark:text-rose-200',
  'bg-teal-100 text-teal-800 dark:bg-teal-500/20 dark:text-teal-200',
  'bg-indigo-100 text-indigo-800 dark:bg-indigo-500/20 dark:text-indigo-200',
  'bg-orange-100 text-orange-800 dark:bg-orange-500/20 dark:text-orange-200',
]

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters =
    words.length > 1
      ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0])
      : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

function paletteFor(seed: string): string {
  let hash = 0
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return palettes[hash % palettes.length]!
}

interface AvatarProps {
  name: string
  seed: string
  size?: 'sm' | 'md' | 'lg'
  shape?: 'circle' | 'square'
  online?: boolean
}

export function Avatar({ name, seed, size = 'md', shape = 'circle', online }: AvatarProps) {
  return (
    <span className="relative inline-flex shrink-0" aria-hidden="true">
      <span
        className={cx(
          'inline-flex items-center justify-center font-semibold tracking-wide',
          shape === 'circle' ? 'rounded-full' : 'rounded-md',
          size === 'sm' && 'size-6 text-[10px]',
          size === 'md' && 'size-8 text-[11px]',
          size === 'lg' && 'size-11 text-sm',
          paletteFor(seed),
        )}
      >
        {initials(name)}
      </span>
      {online !== undefined && (
        <StatusDot
          tone={online ? 'online' : 'offline'}
          ring
          className="absolute -right-0.5 -bottom-0.5 size-2.5"
        />
      )}
    </span>
  )
}
