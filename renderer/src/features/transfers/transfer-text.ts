// What a transfer is doing, in words: its title, its state line, and what to do when it failed.
import type { Transfer } from '../../../../shared/types.js'
import { formatBytes, formatDuration, formatRate, percent } from '../../ui/format.js'

const KIND: Record<Transfer['kind'], string> = {
  download: 'Download',
  sync: 'Sync',
  restore: 'Restore',
  import: 'Import',
}

export function transferTitle(t: Transfer, shareName: string | undefined): string {
  const what = t.path && t.path !== '/' ? (t.path.split('/').filter(Boolean).pop() ?? t.path) : shareName
  return `${KIND[t.kind]} of ${what ?? 'a shared folder'}`
}

/** "1.2 MB of 4 MB · 800 KB/s · 4 s left · from 2 peers" */
export function progressLine(t: Transfer): string {
  const parts = [
    t.bytesTotal > 0
      ? `${formatBytes(t.bytesDone)} of ${formatBytes(t.bytesTotal)}`
      : formatBytes(t.bytesDone),
  ]
  if (t.state === 'running') {
    if (t.rate > 0) parts.push(formatRate(t.rate))
    const left = timeLeft(t)
    if (left !== null) parts.push(`${formatDuration(left)} left`)
    parts.push(t.peers === 0 ? 'looking for peers' : t.peers === 1 ? 'from 1 peer' : `from ${t.peers} peers`)
  }
  return parts.join(' · ')
}

export function timeLeft(t: Transfer): number | null {
  if (t.rate <= 0 || t.bytesTotal <= 0 || t.bytesDone >= t.bytesTotal) return null
  return ((t.bytesTotal - t.bytesDone) / t.rate) * 1000
}

export function stateLabel(t: Transfer): string {
  switch (t.state) {
    case 'running':
      return t.bytesTotal > 0 ? `${percent(t.bytesDone, t.bytesTotal)}%` : 'Starting'
    case 'paused':
      return 'Paused'
    case 'done':
      return 'Done'
    case 'failed':
      return 'Failed'
    case 'cancelled':
      return 'Cancelled'
  }
}

const HINTS: Record<string, string> = {
  DISK_FULL: 'The disk is full. Free some space on it, then start the download again.',
  UNAVAILABLE:
    'Nobody who has these files is online: the owner is offline. It continues when they are back, or start it again later.',
  PATH_UNSAFE: 'The destination folder cannot be written. Choose another folder and start again.',
  NOT_FOUND: 'The file or folder is no longer in the share. Open the share again to see what is there now.',
  FORBIDDEN: 'This device may not write there. Choose a folder you own and start again.',
  CONFLICT: 'A file with that name is already there. Choose another folder or move the file away.',
  TIMEOUT: 'The peers answered too slowly. Check the network and start again.',
  CLOSED: 'Peerdesk was closing. Start the transfer again.',
}

/** What the user can do about a failed transfer. */
export function failureHint(code: string): string {
  return HINTS[code] ?? 'Try again. If it keeps failing, restart Peerdesk.'
}
