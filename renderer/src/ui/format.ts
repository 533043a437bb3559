// Sizes, rates and durations in words a person reads at a glance: "4.2 MB", "1.1 MB/s", "3 min left".

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]!}`
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** The share of `part` in `whole` as a whole percent, never showing 100% until it is all there. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return part >= whole ? 100 : 0
  const p = Math.floor((part / whole) * 100)
  return Math.max(0, Math.min(part >= whole ? 100 : 99, p))
}

export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  const rest = m % 60
  return rest ? `${h} h ${rest} min` : `${h} h`
}

/** A file's date: the time for today, else the day, with the year only when it is not this year. */
export function formatDate(at: number, now: number = Date.now()): string {
  const d = new Date(at)
  const today = new Date(now)
  if (d.toDateString() === today.toDateString())
    return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  return d.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(d.getFullYear() === today.getFullYear() ? {} : { year: 'numeric' }),
  })
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}
