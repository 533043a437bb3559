// The folders a share is synced to, with pause/resume and stop.
import type { Share, SyncInfo } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { PauseIcon, PlayIcon } from '../../ui/icons.js'
import { StatusDot } from '../../ui/status-dot.js'
import { timeAgo } from '../../ui/time.js'

interface SyncStatusProps {
  share: Share
  syncs: readonly SyncInfo[]
  now: number
  onChanged: (list: SyncInfo[] | undefined) => void
}

export function SyncStatus({ share, syncs, now, onChanged }: SyncStatusProps) {
  const pause = useAction('sync.pause')
  const remove = useAction('sync.remove')
  if (syncs.length === 0) return null
  const paused = syncs.every((s) => s.paused)
  const error = pause.error ?? remove.error
  const toggle = async () => onChanged(await pause.run({ paused: !paused, share: share.id }))
  return (
    <div className="border-b border-zinc-200 bg-zinc-50/70 px-6 py-2.5 dark:border-zinc-800 dark:bg-zinc-900/40">
      <ul aria-label="Synced folders" className="space-y-1">
        {syncs.map((s) => (
          <li key={s.dest} className="flex items-center gap-2 text-xs">
            <StatusDot
              tone={s.error ? 'error' : s.paused ? 'offline' : s.state === 'syncing' ? 'warning' : 'online'}
            />
            <span className="min-w-0 flex-1 truncate text-zinc-700 dark:text-zinc-300">
              Synced to <span className="font-mono">{s.dest}</span> · {syncLine(s, now)}
            </span>
            <Button
              size="sm"
              variant="ghost"
              busy={remove.pending}
              onClick={() =>
                void remove.run({ share: share.id, dest: s.dest }).then((r) => r && onChanged(undefined))
              }
            >
              Stop syncing
            </Button>
          </li>
        ))}
      </ul>
      <div className="mt-1.5 flex items-center gap-2">
        <Button
          size="sm"
          icon={paused ? <PlayIcon size={13} /> : <PauseIcon size={13} />}
          busy={pause.pending}
          onClick={() => void toggle()}
        >
          {paused ? 'Resume sync' : 'Pause sync'}
        </Button>
        {syncs.some((s) => s.conflicts > 0) && (
          <span className="text-xs text-amber-700 dark:text-amber-400">
            Some files changed on both sides; both versions were kept.
          </span>
        )}
      </div>
      {error && <ErrorBanner className="mt-2" error={error} />}
    </div>
  )
}

function syncLine(s: SyncInfo, now: number): string {
  if (s.error) return s.error
  if (s.paused) return 'paused'
  if (s.state === 'syncing') return 'syncing…'
  return s.lastSyncedAt !== null
    ? `up to date, ${timeAgo(s.lastSyncedAt, now)}`
    : 'waiting for the first sync'
}
