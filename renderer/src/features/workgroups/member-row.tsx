// One member: who they are, whether you can reach them now, and (for admins) a way to remove them.
import type { Member } from '../../../../shared/types.js'
import { Avatar } from '../../ui/avatar.js'
import { Badge } from '../../ui/badge.js'
import { Button } from '../../ui/button.js'
import { UserMinusIcon } from '../../ui/icons.js'
import { timeAgo } from '../../ui/time.js'
import { Fingerprint } from '../device/fingerprint.js'

interface MemberRowProps {
  member: Member
  addedByName: string | null
  now: number
  canRemove: boolean
  onRemove: (member: Member) => void
}

export function presenceText(member: Member, now: number): string {
  if (member.online) return 'Online now'
  if (member.lastSeen === null) return 'Not seen yet'
  return `Last seen ${timeAgo(member.lastSeen, now)}`
}

export function MemberRow({ member, addedByName, now, canRemove, onRemove }: MemberRowProps) {
  return (
    <li
      aria-label={member.name}
      className="group flex items-center gap-3 px-4 py-2.5 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70"
    >
      <Avatar name={member.name} seed={member.key} online={member.online} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{member.name}</span>
          {member.self && <span className="text-zinc-500 dark:text-zinc-400">(you)</span>}
          {member.role === 'admin' && <Badge tone="accent">Admin</Badge>}
        </div>
        <div className="mt-0.5 flex items-center gap-1.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
          <Fingerprint value={member.fingerprint} />
          {addedByName && (
            <>
              <span aria-hidden="true">·</span>
              <span className="truncate">added by {addedByName}</span>
            </>
          )}
        </div>
      </div>
      <span
        className={
          member.online
            ? 'shrink-0 text-xs font-medium text-emerald-700 dark:text-emerald-400'
            : 'shrink-0 text-xs text-zinc-500 dark:text-zinc-400'
        }
      >
        {member.self ? 'This device' : presenceText(member, now)}
      </span>
      {canRemove && (
        <Button
          size="sm"
          variant="danger-ghost"
          icon={<UserMinusIcon size={14} />}
          aria-label={`Remove ${member.name}`}
          onClick={() => onRemove(member)}
        >
          Remove
        </Button>
      )}
    </li>
  )
}
