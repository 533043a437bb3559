// The facts about a group that do not fit the header: when it started and what it will hold.
import type { Workgroup } from '../../../../shared/types.js'
import { Row, Section } from '../../ui/layout.js'

interface GroupDetailsProps {
  group: Workgroup
  admins: readonly string[]
  onOpenShares: () => void
}

export function GroupDetails({ group, admins, onOpenShares }: GroupDetailsProps) {
  return (
    <Section title="About this group">
      <dl>
        <Row compact label="Created">
          {group.createdAt
            ? new Date(group.createdAt).toLocaleDateString(undefined, {
                day: 'numeric',
                month: 'long',
                year: 'numeric',
              })
            : 'Not known yet'}
        </Row>
        <Row compact label="Your role">
          {group.role === 'admin' ? 'Admin' : 'Member'}
        </Row>
        <Row compact label={admins.length === 1 ? 'Admin' : 'Admins'}>
          {admins.length ? admins.join(', ') : '—'}
        </Row>
        <Row compact label="Sharing">
          <button
            type="button"
            onClick={onOpenShares}
            className="cursor-default text-accent-700 hover:underline dark:text-accent-300"
          >
            See the shared folders
          </button>
        </Row>
      </dl>
    </Section>
  )
}
