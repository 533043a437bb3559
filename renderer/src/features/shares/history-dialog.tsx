// A share's (or one file's) earlier versions, newest first, each restorable into a folder of this device.
import { useState } from 'react'
import type { HistoryEntry, Share } from '../../../../shared/types.js'
import { useAction, useRpc } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { formatBytes } from '../../ui/format.js'
import { LoadingPane } from '../../ui/spinner.js'
import { dateTime } from '../../ui/time.js'
import { useToast } from '../../ui/toast.js'
import { lastDestination, rememberDestination } from './dest-memory.js'
import { PathDialog } from './path-dialog.js'

interface HistoryDialogProps {
  share: Share
  /** One file or folder; undefined for the whole share. */
  path?: string
  onClose: () => void
}

export function HistoryDialog({ share, path, onClose }: HistoryDialogProps) {
  const history = useRpc('share.history', { share: share.id, ...(path ? { path } : {}) })
  const [restoring, setRestoring] = useState<number | null>(null)
  const what = path ? (path.split('/').filter(Boolean).pop() ?? share.name) : share.name
  if (restoring !== null)
    return <RestoreDialog share={share} path={path} version={restoring} what={what} onClose={onClose} />
  const versions = history.data ? [...history.data].sort((a, b) => b.version - a.version) : undefined
  return (
    <Dialog
      title={`History of ${what}`}
      description="Every change the owner made, newest first. Restoring copies that version into a folder you choose; the share itself is not changed."
      width="md"
      onClose={onClose}
    >
      {history.error && <ErrorBanner error={history.error} onRetry={history.reload} />}
      {!versions && !history.error && <LoadingPane label="Loading history…" />}
      {versions?.length === 0 && <p className="text-zinc-500 dark:text-zinc-400">No earlier versions yet.</p>}
      {versions && versions.length > 0 && (
        <ol aria-label="Versions" className="-mx-1 divide-y divide-zinc-100 dark:divide-zinc-800">
          {versions.map((v, i) => (
            <VersionRow
              key={v.version}
              entry={v}
              latest={i === 0}
              onRestore={() => setRestoring(v.version)}
            />
          ))}
        </ol>
      )}
    </Dialog>
  )
}

function VersionRow({
  entry,
  latest,
  onRestore,
}: {
  entry: HistoryEntry
  latest: boolean
  onRestore: () => void
}) {
  const label = `Version ${entry.version}`
  return (
    <li aria-label={label} className="flex items-center gap-3 px-1 py-2">
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">
          {label}
          {latest && (
            <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">current</span>
          )}
        </p>
        <p className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {entry.time !== null ? dateTime(entry.time) : 'Time not known'} · {changes(entry)}
        </p>
      </div>
      <Button size="sm" onClick={onRestore} aria-label={`Restore version ${entry.version}`}>
        Restore…
      </Button>
    </li>
  )
}

function changes(e: HistoryEntry): string {
  if (e.deleted) return 'deleted'
  const parts = [
    e.added && `${e.added} added`,
    e.changed && `${e.changed} changed`,
    e.removed && `${e.removed} removed`,
  ].filter(Boolean)
  const size = e.size !== null ? ` · ${formatBytes(e.size)}` : ''
  return (parts.length ? parts.join(', ') : 'no file changes') + size
}

interface RestoreDialogProps {
  share: Share
  path: string | undefined
  version: number
  what: string
  onClose: () => void
}

function RestoreDialog({ share, path, version, what, onClose }: RestoreDialogProps) {
  const restore = useAction('share.restore')
  const toast = useToast()
  const submit = async (dest: string) => {
    const result = await restore.run({ share: share.id, version, dest, ...(path ? { path } : {}) })
    if (!result) return
    rememberDestination(dest)
    toast.success(`Restoring ${what} as of version ${version}`, 'Follow it on the Transfers page.')
    onClose()
  }
  return (
    <PathDialog
      title={`Restore version ${version} of ${what}`}
      description="The files as they were in that version are copied into this folder."
      label="Restore into folder"
      submitLabel="Restore"
      initial={lastDestination()}
      busy={restore.pending}
      error={restore.error}
      onSubmit={(dest) => void submit(dest)}
      onClose={onClose}
    />
  )
}
