// The main window once the user is in at least one workgroup: sidebar on the left, a page on the right.
import { useState } from 'react'
import type { Workgroup } from '../../../shared/types.js'
import { useDevice } from '../features/device/device-context.js'
import { PrintersView } from '../features/printers/printers-view.js'
import { PrintJobsProvider } from '../features/printers/use-print-jobs.js'
import { SettingsView } from '../features/settings/settings-view.js'
import { SharesView } from '../features/shares/shares-view.js'
import { TransfersView } from '../features/transfers/transfers-view.js'
import { TransfersProvider } from '../features/transfers/use-transfers.js'
import { AddGroupDialog } from '../features/workgroups/add-group-dialog.js'
import { GroupView } from '../features/workgroups/group-view.js'
import { LinkBanner } from './link-banner.js'
import type { JoinLink } from './join-link.js'
import type { Route } from './route.js'
import { Sidebar } from './sidebar.js'

interface ShellProps {
  groups: readonly Workgroup[]
  route: Route
  onNavigate: (route: Route) => void
}

interface ShellOwnProps extends ShellProps {
  /** An invite link opened from outside: the join form opens with its code. */
  invite: JoinLink | null
  onInviteClosed: () => void
}

export function Shell({ groups, route, onNavigate, invite, onInviteClosed }: ShellOwnProps) {
  const device = useDevice()
  const [adding, setAdding] = useState(false)
  // The group the person last looked at: the Shared folders and Printers pages open on it.
  const [lastGroup, setLastGroup] = useState<string | null>(null)
  const routeGroup = 'groupId' in route ? route.groupId : null
  if (routeGroup && routeGroup !== lastGroup) setLastGroup(routeGroup)
  const selectedGroup = (groups.find((g) => g.id === (routeGroup ?? lastGroup)) ?? groups[0])?.id ?? null
  return (
    <TransfersProvider>
      <PrintJobsProvider>
        <div className="flex h-full">
          <Sidebar
            groups={groups}
            device={device.data}
            route={route}
            selectedGroup={selectedGroup}
            onNavigate={onNavigate}
            onAddGroup={() => setAdding(true)}
          />
          <main className="flex min-w-0 flex-1 flex-col bg-white dark:bg-zinc-950">
            <LinkBanner />
            <div className="min-h-0 flex-1">
              <Page groups={groups} route={route} onNavigate={onNavigate} />
            </div>
          </main>
          {(adding || invite) && (
            <AddGroupDialog
              key={invite?.id ?? 0}
              inviteCode={invite?.code}
              onClose={() => {
                setAdding(false)
                onInviteClosed()
              }}
              onAdded={(groupId) => {
                setAdding(false)
                onInviteClosed()
                onNavigate({ page: 'group', groupId })
              }}
            />
          )}
        </div>
      </PrintJobsProvider>
    </TransfersProvider>
  )
}

function Page({ groups, route, onNavigate }: ShellProps) {
  switch (route.page) {
    case 'shares': {
      const group = groups.find((g) => g.id === route.groupId) ?? groups[0]
      if (!group) return null
      return (
        <SharesView
          key={group.id}
          groups={groups}
          group={group}
          onGroupChange={(groupId) => onNavigate({ page: 'shares', groupId })}
        />
      )
    }
    case 'transfers':
      return <TransfersView groups={groups} />
    case 'printers': {
      const group = groups.find((g) => g.id === route.groupId) ?? groups[0]
      if (!group) return null
      return (
        <PrintersView
          key={group.id}
          groups={groups}
          group={group}
          onGroupChange={(groupId) => onNavigate({ page: 'printers', groupId })}
        />
      )
    }
    case 'settings':
      return <SettingsView />
    case 'group': {
      // A group that just left (or is still arriving) falls back to the first one.
      const group = groups.find((g) => g.id === route.groupId) ?? groups[0]
      if (!group) return null
      return (
        <GroupView
          key={group.id}
          group={group}
          onOpenShares={() => onNavigate({ page: 'shares', groupId: group.id })}
          onLeft={(id) => {
            const next = groups.find((g) => g.id !== id)
            if (next) onNavigate({ page: 'group', groupId: next.id })
          }}
        />
      )
    }
  }
}
