// Short, human times for presence and expiry: "5 min ago", "in 23 hours".

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function timeAgo(at: number, now: number): string {
  const diff = Math.max(0, now - at)
  if (diff < MINUTE) return 'just now'
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`
  if (diff < DAY) {
    const h = Math.floor(diff / HOUR)
    return h === 1 ? '1 hour ago' : `${h} hours ago`
  }
  const d = Math.floor(diff / DAY)
  if (d === 1) return 'yesterday'
  if (d < 7) return `${d} days ago`
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
}

export function timeUntil(at: number, now: number): string {
  const diff = at - now
  if (diff <= 0) return 'expired'
  if (diff < MINUTE) return 'in less than a minute'
  if (diff < HOUR) {
    const m = Math.round(diff / MINUTE)
    return m === 1 ? 'in 1 minute' : `in ${m} minutes`
  }
  if (diff < DAY) {
    const h = Math.round(diff / HOUR)
    return h === 1 ? 'in 1 hour' : `in ${h} hours`
  }
  const d = Math.round(diff / DAY)
  return d === 1 ? 'in 1 day' : `in ${d} days`
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  })
}
