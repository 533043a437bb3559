// One share opened: breadcrumbs, the folder's entries, and what a person does with them — download,
// sync, history, and for the owner, stop sharing.
import { useState } from 'react'
import type { FileEntry, Share } from '../../../../shared/types.js'
import { useRpc } from '../../rpc/use-rpc.js'
import { Button, IconButton } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { ArrowLeftIcon, DownloadIcon, HistoryIcon, SyncIcon } from '../../ui/icons.js'
import { LoadingPane } from '../../ui/spinner.js'
import { useNow } from '../../ui/use-now.js'
import { Breadcrumbs } from './breadcrumbs.js'
import { DownloadDialog } from './download-dialog.js'
import { FileTable } from './file-table.js'
import { HistoryDialog } from './history-dialog.js'
import { ShareSummary } from './share-summary.js'
import { ShareTransfers } from './share-transfers.js'
import type { SortOrder } from './sort-entries.js'
import { StopSharingDialog } from './stop-sharing-dialog.js'
import { SyncDialog } from './sync-dialog.js'
import { SyncStatus } from './sync-status.js'
import { useSyncs } from './use-syncs.js'

type Open =
  | { kind: 'download'; entry: FileEntry | null }
  | { kind: 'history'; path?: string }
  | { kind: 'sync' }
  | { kind: 'stop' }
  | null

interface ShareBrowserProps {
  share: Share
  onBack: () => void
}

export function ShareBrowser({ share, onBack }: ShareBrowserProps) {
  const [path, setPath] = useState('/')
  const [order, setOrder] = useState<SortOrder>({ key: 'name', dir: 'asc' })
  const [open, setOpen] = useState<Open>(null)
  const close = () => setOpen(null)
  const listing = useRpc('share.browse', { share: share.id, path })
  const syncs = useSyncs()
  const now = useNow()
  const mine = syncs.data?.filter((s) => s.share === share.id) ?? []

  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <IconButton label="Back to shared folders" onClick={onBack}>
          <ArrowLeftIcon />
        </IconButton>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            {share.name}
          </h1>
          <ShareSummary share={share} />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Button
            variant="ghost"
            icon={<HistoryIcon size={15} />}
            onClick={() => setOpen({ kind: 'history' })}
          >
            History
          </Button>
          {share.self ? (
            <Button variant="danger-ghost" onClick={() => setOpen({ kind: 'stop' })}>
              Stop sharing
            </Button>
          ) : (
            <>
              <Button icon={<SyncIcon size={15} />} onClick={() => setOpen({ kind: 'sync' })}>
                Sync…
              </Button>
              <Button
                variant="primary"
                icon={<DownloadIcon size={15} />}
                onClick={() => setOpen({ kind: 'download', entry: null })}
              >
                Download all
              </Button>
            </>
          )}
        </div>
      </header>
      <SyncStatus share={share} syncs={mine} now={now} onChanged={() => syncs.reload()} />
      <div className="flex items-center border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <Breadcrumbs root={share.name} path={path} onOpen={setPath} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {!share.available && (
          <ErrorBanner
            className="m-4"
            error={{
              code: 'UNAVAILABLE',
              message: `${share.ownerName} is offline and nobody else who has this folder is online`,
            }}
          />
        )}
        {listing.error && (
          <ErrorBanner
            className="m-4"
            title="Couldn't open this folder"
            error={listing.error}
            onRetry={listing.reload}
          />
        )}
        {!listing.data && !listing.error && <LoadingPane label="Loading files…" />}
        {listing.data?.length === 0 && (
          <p className="px-6 py-10 text-center text-zinc-500 dark:text-zinc-400">This folder is empty.</p>
        )}
        {listing.data && listing.data.length > 0 && (
          <FileTable
            label={`Files in ${path === '/' ? share.name : path}`}
            entries={listing.data}
            order={order}
            onSort={setOrder}
            onOpen={(e) => setPath(e.path)}
            onDownload={(entry) => setOpen({ kind: 'download', entry })}
            onHistory={(e) => setOpen({ kind: 'history', path: e.path })}
          />
        )}
      </div>
      <ShareTransfers share={share} />
      {open?.kind === 'download' && <DownloadDialog share={share} entry={open.entry} onClose={close} />}
      {open?.kind === 'history' && <HistoryDialog share={share} path={open.path} onClose={close} />}
      {open?.kind === 'sync' && <SyncDialog share={share} onClose={close} />}
      {open?.kind === 'stop' && <StopSharingDialog share={share} onClose={close} onStopped={onBack} />}
    </div>
  )
}
