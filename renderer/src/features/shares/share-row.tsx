// One shared folder in a group's list: name, owner and presence, size, how much is here.
import type { Share } from '../../../../shared/types.js'
import { Avatar } from '../../ui/avatar.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { formatBytes, percent, plural } from '../../ui/format.js'
import { FolderIcon } from '../../ui/icons.js'

interface ShareRowProps {
  share: Share
  onOpen: () => void
  onStop: () => void
}

export function ShareRow({ share, onOpen, onStop }: ShareRowProps) {
  const here = share.self ? 100 : percent(share.localBytes, share.bytes)
  return (
    <li
      aria-label={share.name}
      className="flex items-center gap-3 px-4 py-2.5 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70"
    >
      <FolderIcon size={20} className="shrink-0 text-accent-500 dark:text-accent-400" />
      <button type="button" onClick={onOpen} className="min-w-0 flex-1 cursor-default rounded text-left">
        <span className="block truncate font-medium text-zinc-900 hover:underline dark:text-zinc-100">
          {/* Screen readers hear "Open Reports, 3 files…": the visible name stays part of it. */}
          <span className="sr-only">Open </span>
          {share.name}
        </span>
        <span className="block truncate text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {plural(share.files, 'file')} · {formatBytes(share.bytes)}
          {share.self && share.folder ? ` · ${share.folder}` : ''}
        </span>
      </button>
      <span className="flex w-40 shrink-0 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-300">
        <Avatar name={share.ownerName} seed={share.owner} size="sm" online={share.ownerOnline} />
        <span className="min-w-0">
          <span className="block truncate">{share.self ? 'You' : share.ownerName}</span>
          <span className="block text-zinc-500 dark:text-zinc-400">
            {share.self ? 'Owner' : share.ownerOnline ? 'Online' : 'Offline'}
          </span>
        </span>
      </span>
      <span
        className={cx(
          'w-20 shrink-0 text-right text-xs tabular-nums',
          here === 100 ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-500 dark:text-zinc-400',
          !share.available && !share.self && 'text-amber-700 dark:text-amber-400',
        )}
      >
        {!share.available && !share.self ? 'Unavailable' : `${here}% here`}
      </span>
      <span className="flex w-28 shrink-0 justify-end">
        {share.self ? (
          <Button size="sm" variant="danger-ghost" onClick={onStop}>
            Stop sharing
          </Button>
        ) : (
          <Button size="sm" variant="ghost" onClick={onOpen}>
            Browse
          </Button>
        )}
      </span>
    </li>
  )
}
