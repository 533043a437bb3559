// The Shared folders page: a group's shares (yours and others'), sharing a new folder by path or drop,
// and the file browser for the share that is open.
import { useState } from 'react'
import type { Share, Workgroup } from '../../../../shared/types.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { ShareIcon } from '../../ui/icons.js'
import { PageHeader, Section } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { GroupPicker } from './group-picker.js'
import { ShareBrowser } from './share-browser.js'
import { ShareFolderDialog } from './share-folder-dialog.js'
import { ShareRow } from './share-row.js'
import { StopSharingDialog } from './stop-sharing-dialog.js'
import { useFolderDrop, type DroppedFolder } from './folder-drop.js'
import { sortShares, useShares } from './use-shares.js'

interface SharesViewProps {
  groups: readonly Workgroup[]
  group: Workgroup
  onGroupChange: (groupId: string) => void
}

type Open = { kind: 'share'; drop?: DroppedFolder } | { kind: 'stop'; share: Share } | null

export function SharesView({ groups, group, onGroupChange }: SharesViewProps) {
  const shares = useShares(group.id)
  const [browsing, setBrowsing] = useState<string | null>(null)
  const [open, setOpen] = useState<Open>(null)
  const drop = useFolderDrop((folder) => setOpen({ kind: 'share', drop: folder }))
  const current = browsing ? shares.data?.find((s) => s.id === browsing) : undefined
  if (current) return <ShareBrowser key={current.id} share={current} onBack={() => setBrowsing(null)} />

  const sorted = shares.data ? sortShares(shares.data) : []
  const yours = sorted.filter((s) => s.self)
  const others = sorted.filter((s) => !s.self)
  return (
    <div className="relative flex h-full min-h-0 flex-col" {...drop.props}>
      <PageHeader
        title="Shared folders"
        subtitle={`Folders shared in ${group.name}`}
        actions={
          <>
            {groups.length > 1 && <GroupPicker groups={groups} value={group.id} onChange={onGroupChange} />}
            <Button
              variant="primary"
              icon={<ShareIcon size={15} />}
              onClick={() => setOpen({ kind: 'share' })}
            >
              Share a folder
            </Button>
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="max-w-5xl space-y-4">
          {shares.error && !shares.data && (
            <ErrorBanner
              title="Couldn't load the shared folders"
              error={shares.error}
              onRetry={shares.reload}
            />
          )}
          {!shares.data && !shares.error && <LoadingPane label="Loading shared folders…" />}
          {shares.data && (
            <ShareSection
              title="Shared by others"
              empty={`Nobody in ${group.name} shares a folder yet.`}
              shares={others}
              onOpen={setBrowsing}
              onStop={(share) => setOpen({ kind: 'stop', share })}
            />
          )}
          {shares.data && (
            <ShareSection
              title="Shared by you"
              empty="Drop a folder here, or use Share a folder, to offer it to the group."
              shares={yours}
              onOpen={setBrowsing}
              onStop={(share) => setOpen({ kind: 'stop', share })}
            />
          )}
        </div>
      </div>
      <DropOverlay visible={drop.over} group={group.name} />
      {open?.kind === 'share' && (
        <ShareFolderDialog
          group={group}
          initialPath={open.drop?.path ?? undefined}
          initialName={open.drop?.name}
          note={dropNote(open.drop)}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'stop' && <StopSharingDialog share={open.share} onClose={() => setOpen(null)} />}
    </div>
  )
}

function dropNote(drop: DroppedFolder | undefined): string | null {
  if (!drop) return null
  if (!drop.isFolder)
    return `“${drop.name}” is a file. Peerdesk shares folders: type the path of the folder that holds it.`
  if (drop.path) return null
  return `Your browser does not tell Peerdesk where “${drop.name}” is on disk. Type or paste its full path.`
}

interface ShareSectionProps {
  title: string
  empty: string
  shares: readonly Share[]
  onOpen: (id: string) => void
  onStop: (share: Share) => void
}

function ShareSection({ title, empty, shares, onOpen, onStop }: ShareSectionProps) {
  return (
    <Section title={title}>
      {shares.length === 0 ? (
        <p className="px-4 py-4 text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul aria-label={title}>
          {shares.map((s) => (
            <ShareRow key={s.id} share={s} onOpen={() => onOpen(s.id)} onStop={() => onStop(s)} />
          ))}
        </ul>
      )}
    </Section>
  )
}

function DropOverlay({ visible, group }: { visible: boolean; group: string }) {
  return (
    <div
      aria-hidden={!visible}
      className={cx(
        'pointer-events-none absolute inset-3 flex items-center justify-center rounded-2xl border-2 border-dashed border-accent-400 bg-accent-50/80 text-accent-700 transition-opacity dark:bg-accent-950/70 dark:text-accent-200',
        visible ? 'opacity-100' : 'opacity-0',
      )}
    >
      <p className="text-base font-medium">Drop a folder to share it with {group}</p>
    </div>
  )
}
