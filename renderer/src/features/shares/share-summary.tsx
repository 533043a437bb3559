// The one line under a share's name: owner and presence, files, size, and how much of it is here.
import type { Share } from '../../../../shared/types.js'
import { formatBytes, percent, plural } from '../../ui/format.js'
import { StatusDot } from '../../ui/status-dot.js'

export function ShareSummary({ share }: { share: Share }) {
  return (
    <p className="flex min-w-0 items-center gap-1.5 truncate text-zinc-500 dark:text-zinc-400">
      <StatusDot tone={share.ownerOnline ? 'online' : 'offline'} className="size-1.5" />
      <span className="truncate">
        {share.self ? 'Shared by you' : `${share.ownerName} · ${share.ownerOnline ? 'online' : 'offline'}`} ·{' '}
        {plural(share.files, 'file')} · {formatBytes(share.bytes)}
        {!share.self && ` · ${hereText(share)}`}
      </span>
    </p>
  )
}

export function hereText(share: Share): string {
  return `${percent(share.localBytes, share.bytes)}% here`
}
