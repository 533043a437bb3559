// Who may print on one of this device's printers: a rule for everyone, and exceptions by name.
// Each change is saved at once; the engine answers with the whole policy, which becomes the state.
import { useState } from 'react'
import type { Member, PrintPolicy, Printer, PrinterPolicy, Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Avatar } from '../../ui/avatar.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { SegmentedControl } from '../../ui/segmented-control.js'
import { Spinner } from '../../ui/spinner.js'
import { sortMembers, useMembers } from '../workgroups/use-members.js'
import { policyShort, policyText } from './print-text.js'

const POLICIES = (['allow', 'ask', 'deny'] as const).map((value) => ({ value, label: policyText[value] }))
const DEFAULT = 'default'

interface Props {
  printer: Printer
  group: Workgroup
  onClose: () => void
}

export function PolicyDialog({ printer, group, onClose }: Props) {
  const save = useAction('printer.policy')
  const members = useMembers(group.id)
  const [policy, setPolicy] = useState<PrinterPolicy>(printer.policy ?? { policy: 'allow', overrides: {} })
  const others = sortMembers(members.data ?? []).filter((m) => !m.self)

  const change = async (
    params: { policy: PrintPolicy } | { member: string; memberPolicy: PrintPolicy | null },
  ) => {
    const next = await save.run({ printer: printer.id, ...params })
    if (next) setPolicy(next)
  }
  return (
    <Dialog
      title={`Who may print on ${printer.name}`}
      description={`Members of ${group.name} see this printer. Decide whose jobs print, wait for you, or are refused.`}
      onClose={onClose}
      width="md"
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <p className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Everyone in the group</p>
      <SegmentedControl<PrintPolicy>
        label="Everyone in the group"
        value={policy.policy}
        options={POLICIES}
        onChange={(p) => void change({ policy: p })}
      />
      <h3 className="mt-5 mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Exceptions</h3>
      {!members.data && <Spinner size={14} />}
      {members.data && others.length === 0 && (
        <p className="text-zinc-500 dark:text-zinc-400">Nobody else is in {group.name} yet.</p>
      )}
      {others.length > 0 && (
        <ul
          aria-label="Exceptions by member"
          className="rounded-lg border border-zinc-200 dark:border-zinc-700"
        >
          {others.map((m) => (
            <MemberRule
              key={m.key}
              member={m}
              value={policy.overrides[m.key] ?? null}
              fallback={policy.policy}
              disabled={save.pending}
              onChange={(memberPolicy) => void change({ member: m.key, memberPolicy })}
            />
          ))}
        </ul>
      )}
      {save.error && <ErrorBanner className="mt-3" title="Couldn't save the change" error={save.error} />}
    </Dialog>
  )
}

interface MemberRuleProps {
  member: Member
  value: PrintPolicy | null
  fallback: PrintPolicy
  disabled: boolean
  onChange: (policy: PrintPolicy | null) => void
}

function MemberRule({ member, value, fallback, disabled, onChange }: MemberRuleProps) {
  return (
    <li className="flex items-center gap-3 px-3 py-2 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800">
      <Avatar name={member.name} seed={member.key} size="sm" online={member.online} />
      <span className="min-w-0 flex-1 truncate text-zinc-900 dark:text-zinc-100">{member.name}</span>
      <select
        aria-label={`Rule for ${member.name}`}
        value={value ?? DEFAULT}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === DEFAULT ? null : (e.target.value as PrintPolicy))}
        className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-800 shadow-xs dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100"
      >
        <option value={DEFAULT}>Like everyone ({policyShort[fallback].toLowerCase()})</option>
        {(['allow', 'ask', 'deny'] as const).map((p) => (
          <option key={p} value={p}>
            {policyShort[p]}
          </option>
        ))}
      </select>
    </li>
  )
}
