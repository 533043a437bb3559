// The left rail: the workgroups, the workspace sections, and this device at the bottom.
import type { ReactNode } from 'react'
import type { DeviceStatus, Workgroup } from '../../../shared/types.js'
import { ApprovalsIndicator } from '../features/printers/approvals-indicator.js'
import { RunningIndicator } from '../features/transfers/running-indicator.js'
import { onlineSummary } from '../features/workgroups/presence.js'
import { Avatar } from '../ui/avatar.js'
import { IconButton } from '../ui/button.js'
import { cx } from '../ui/cx.js'
import { FolderIcon, PlusIcon, PrinterIcon, SettingsIcon, TransfersIcon } from '../ui/icons.js'
import { Logo } from '../ui/logo.js'
import { StatusDot } from '../ui/status-dot.js'
import type { Route } from './route.js'

interface SidebarProps {
  groups: readonly Workgroup[]
  device: DeviceStatus | undefined
  route: Route
  /** The group the Shared folders page opens on. */
  selectedGroup: string | null
  onNavigate: (route: Route) => void
  onAddGroup: () => void
}

export function Sidebar({ groups, device, route, selectedGroup, onNavigate, onAddGroup }: SidebarProps) {
  return (
    <nav
      aria-label="Main"
      className="flex w-60 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex h-14 shrink-0 items-center gap-2.5 px-4">
        <Logo size={24} />
        <span className="text-[15px] font-semibold tracking-tight">Peerdesk</span>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        <Heading action={<AddGroupButton onClick={onAddGroup} />}>Workgroups</Heading>
        <ul className="space-y-px">
          {groups.map((g) => (
            <li key={g.id}>
              <GroupLink
                group={g}
                active={route.page === 'group' && route.groupId === g.id}
                onNavigate={onNavigate}
              />
            </li>
          ))}
        </ul>
        <Heading>Workspace</Heading>
        <ul className="space-y-px">
          {selectedGroup && (
            <NavItem
              icon={<FolderIcon />}
              label="Shared folders"
              active={route.page === 'shares'}
              onClick={() => onNavigate({ page: 'shares', groupId: selectedGroup })}
            />
          )}
          <NavItem
            icon={<TransfersIcon />}
            label="Transfers"
            active={route.page === 'transfers'}
            onClick={() => onNavigate({ page: 'transfers' })}
            badge={<RunningIndicator />}
          />
          {selectedGroup && (
            <NavItem
              icon={<PrinterIcon />}
              label="Printers"
              active={route.page === 'printers'}
              onClick={() => onNavigate({ page: 'printers', groupId: selectedGroup })}
              badge={<ApprovalsIndicator />}
            />
          )}
        </ul>
      </div>
      <DeviceFooter
        device={device}
        active={route.page === 'settings'}
        onOpen={() => onNavigate({ page: 'settings' })}
      />
    </nav>
  )
}

function Heading({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="mt-3 mb-1 flex h-6 items-center justify-between pr-0.5 pl-2">
      <h2 className="text-[11px] font-semibold tracking-wider text-zinc-500 uppercase dark:text-zinc-400">
        {children}
      </h2>
      {action}
    </div>
  )
}

function AddGroupButton({ onClick }: { onClick: () => void }) {
  return (
    <IconButton label="Add a workgroup" onClick={onClick} className="size-6">
      <PlusIcon size={15} />
    </IconButton>
  )
}

const itemClass = (active: boolean) =>
  cx(
    'flex w-full cursor-default items-center gap-2.5 rounded-md px-2 py-1.5 text-left transition-colors',
    active
      ? 'bg-zinc-900/[0.07] text-zinc-900 dark:bg-white/10 dark:text-white'
      : 'text-zinc-700 hover:bg-zinc-900/[0.04] dark:text-zinc-300 dark:hover:bg-white/5',
  )

function GroupLink({
  group,
  active,
  onNavigate,
}: {
  group: Workgroup
  active: boolean
  onNavigate: (r: Route) => void
}) {
  const presence = onlineSummary(group)
  return (
    <button
      type="button"
      aria-current={active ? 'page' : undefined}
      onClick={() => onNavigate({ page: 'group', groupId: group.id })}
      className={itemClass(active)}
    >
      <Avatar name={group.name} seed={group.id} shape="square" size="sm" />
      <span className="min-w-0 flex-1">
        <span className={cx('block truncate', active && 'font-medium')}>{group.name}</span>
        <span className="flex items-center gap-1.5 text-[11px] text-zinc-600 dark:text-zinc-400">
          <StatusDot tone={presence.others > 0 ? 'online' : 'offline'} className="size-1.5" />
          {presence.short}
        </span>
      </span>
    </button>
  )
}

interface NavItemProps {
  icon: ReactNode
  label: string
  active: boolean
  onClick: () => void
  badge?: ReactNode
}

function NavItem({ icon, label, active, onClick, badge }: NavItemProps) {
  return (
    <li>
      <button
        type="button"
        aria-current={active ? 'page' : undefined}
        onClick={onClick}
        className={itemClass(active)}
      >
        <span className="flex size-6 items-center justify-center text-zinc-500 dark:text-zinc-400">
          {icon}
        </span>
        <span className={cx('flex-1 truncate', active && 'font-medium')}>{label}</span>
        {badge}
      </button>
    </li>
  )
}

function DeviceFooter({
  device,
  active,
  onOpen,
}: {
  device: DeviceStatus | undefined
  active: boolean
  onOpen: () => void
}) {
  return (
    <div className="shrink-0 border-t border-zinc-200 p-2 dark:border-zinc-800">
      <button
        type="button"
        aria-current={active ? 'page' : undefined}
        onClick={onOpen}
        className={itemClass(active)}
      >
        {device ? <Avatar name={device.name} seed={device.key} size="sm" /> : <span className="size-6" />}
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{device?.name ?? '…'}</span>
          <span className="block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-400">
            {device?.fingerprint ?? ''}
          </span>
        </span>
        {/* The visible text names the device; the page it opens is said for screen readers. */}
        <span className="sr-only">Settings</span>
        <SettingsIcon className="shrink-0 text-zinc-500 dark:text-zinc-400" />
      </button>
    </div>
  )
}
