import { useMemo } from 'react'
import type { Member, Workgroup } from '../../../../shared/types.js'
import { Section } from '../../ui/layout.js'
import { useNow } from '../../ui/use-now.js'
import { MemberRow } from './member-row.js'
import { sortMembers } from './use-members.js'

interface MemberListProps {
  group: Workgroup
  members: readonly Member[]
  onRemove: (member: Member) => void
}

export function MemberList({ group, members, onRemove }: MemberListProps) {
  const now = useNow()
  const sorted = useMemo(() => sortMembers(members), [members])
  const names = useMemo(() => new Map(members.map((m) => [m.key, m.name])), [members])
  const online = members.filter((m) => m.online).length
  return (
    <Section
      title="Members"
      description="Compare fingerprints out loud or in person to be sure each device is who it says."
      aside={
        <span className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {online} of {members.length} online
        </span>
      }
    >
      <ul aria-label={`Members of ${group.name}`}>
        {sorted.map((m) => (
          <MemberRow
            key={m.key}
            member={m}
            now={now}
            addedByName={m.addedBy && m.addedBy !== m.key ? (names.get(m.addedBy) ?? null) : null}
            canRemove={group.role === 'admin' && !m.self}
            onRemove={onRemove}
          />
        ))}
      </ul>
    </Section>
  )
}
