// The facts about a group that do not fit the header: when it started and what it will hold.
import type { Workgroup } from '../../../../shared/types.js'
import { Row, Section } from '../../ui/layout.js'

export function GroupDetails({ group, admins }: { group: Workgroup; admins: readonly string[] }) {
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
          <span className="text-zinc-500 dark:text-zinc-400">
            Folders and printers arrive with the next release
          </span>
        </Row>
      </dl>
    </Section>
  )
}
