// A workgroup's page: who is in it and who is online, and the admin's invite and remove actions.
import { useState } from 'react'
import type { Member, Workgroup } from '../../../../shared/types.js'
import { Avatar } from '../../ui/avatar.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { LeaveIcon, UserPlusIcon, UsersIcon } from '../../ui/icons.js'
import { PageHeader } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { GroupDetails } from './group-details.js'
import { InviteDialog } from './invite-dialog.js'
import { LeaveGroupDialog } from './leave-group-dialog.js'
import { MemberList } from './member-list.js'
import { RemoveMemberDialog } from './remove-member-dialog.js'
import { useMembers } from './use-members.js'

type Open = { kind: 'invite' } | { kind: 'leave' } | { kind: 'remove'; member: Member } | null

interface GroupViewProps {
  group: Workgroup
  onLeft: (groupId: string) => void
  onOpenShares: () => void
}

export function GroupView({ group, onLeft, onOpenShares }: GroupViewProps) {
  const members = useMembers(group.id)
  const [open, setOpen] = useState<Open>(null)
  const close = () => setOpen(null)
  const isAdmin = group.role === 'admin'
  const alone = members.data !== undefined && members.data.every((m) => m.self)

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        leading={<Avatar name={group.name} seed={group.id} shape="square" size="lg" />}
        title={group.name}
        subtitle={subtitle(group)}
        actions={
          <>
            <Button variant="ghost" icon={<LeaveIcon size={15} />} onClick={() => setOpen({ kind: 'leave' })}>
              Leave
            </Button>
            {isAdmin && (
              <Button
                variant="primary"
                icon={<UserPlusIcon size={15} />}
                onClick={() => setOpen({ kind: 'invite' })}
              >
                Invite
              </Button>
            )}
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="grid max-w-6xl items-start gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-4">
            {members.error && !members.data && (
              <ErrorBanner title="Couldn't load the members" error={members.error} onRetry={members.reload} />
            )}
            {!members.data && !members.error && <LoadingPane label="Loading members…" />}
            {members.data && alone && (
              <AloneHint isAdmin={isAdmin} onInvite={() => setOpen({ kind: 'invite' })} />
            )}
            {members.data && (
              <MemberList
                group={group}
                members={members.data}
                onRemove={(member) => setOpen({ kind: 'remove', member })}
              />
            )}
            {!isAdmin && members.data && (
              <p className="px-1 text-xs text-zinc-500 dark:text-zinc-400">
                Only admins invite and remove members. Ask one of them to add someone.
              </p>
            )}
          </div>
          {members.data && (
            <GroupDetails
              group={group}
              onOpenShares={onOpenShares}
              admins={members.data
                .filter((m) => m.role === 'admin')
                .map((m) => (m.self ? `${m.name} (you)` : m.name))}
            />
          )}
        </div>
      </div>
      {open?.kind === 'invite' && <InviteDialog group={group} onClose={close} />}
      {open?.kind === 'remove' && <RemoveMemberDialog group={group} member={open.member} onClose={close} />}
      {open?.kind === 'leave' && (
        <LeaveGroupDialog group={group} members={members.data} onClose={close} onLeft={onLeft} />
      )}
    </div>
  )
}

function subtitle(group: Workgroup): string {
  const role = group.role === 'admin' ? 'You are an admin' : 'You are a member'
  const count = group.members === 1 ? '1 member' : `${group.members} members`
  return `${role} · ${count} · ${group.online} online`
}

function AloneHint({ isAdmin, onInvite }: { isAdmin: boolean; onInvite: () => void }) {
  return (
    <div className="flex items-center gap-4 rounded-xl border border-dashed border-zinc-300 bg-zinc-50/60 px-5 py-4 dark:border-zinc-700 dark:bg-zinc-900/40">
      <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-accent-50 text-accent-600 dark:bg-accent-500/15 dark:text-accent-300">
        <UsersIcon size={18} />
      </div>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">It's just you here so far</p>
        <p className="text-zinc-500 dark:text-zinc-400">
          {isAdmin
            ? 'Invite colleagues with a code, a link or a QR code. They join in seconds while you are online.'
            : 'The other members appear here as soon as one of their devices is reachable.'}
        </p>
      </div>
      {isAdmin && (
        <Button variant="primary" icon={<UserPlusIcon size={15} />} onClick={onInvite}>
          Invite someone
        </Button>
      )}
    </div>
  )
}
