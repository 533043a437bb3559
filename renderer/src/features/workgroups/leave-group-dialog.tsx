import type { Member, Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { AlertIcon } from '../../ui/icons.js'
import { useToast } from '../../ui/toast.js'

interface Props {
  group: Workgroup
  members: readonly Member[] | undefined
  onClose: () => void
  onLeft: (groupId: string) => void
}

export function LeaveGroupDialog({ group, members, onClose, onLeft }: Props) {
  const leave = useAction('workgroup.leave')
  const toast = useToast()
  // The last admin leaving leaves a group nobody can invite to: say so before, not after.
  const lastAdmin =
    group.role === 'admin' && (members ?? []).filter((m) => m.role === 'admin' && !m.self).length === 0
  const others = (members ?? []).filter((m) => !m.self).length

  const confirm = async () => {
    const done = await leave.run({ group: group.id })
    if (!done) return
    toast.success(`You left ${group.name}`)
    onLeft(group.id)
  }
  return (
    <Dialog
      title={`Leave ${group.name}?`}
      onClose={onClose}
      busy={leave.pending}
      footer={
        <>
          <Button onClick={onClose} disabled={leave.pending}>
            Cancel
          </Button>
          <Button variant="danger" busy={leave.pending} onClick={() => void confirm()}>
            Leave group
          </Button>
        </>
      }
    >
      <p className="text-zinc-600 dark:text-zinc-300">
        This device stops syncing with the group and disappears from its member list. To come back, you need a
        new invite.
      </p>
      {lastAdmin && others > 0 && (
        <p className="mt-3 flex gap-2 rounded-lg bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
          <AlertIcon className="mt-0.5 shrink-0" />
          You are the only admin. After you leave, nobody can invite or remove members.
        </p>
      )}
      {leave.error && <ErrorBanner className="mt-3" title="Couldn't leave the group" error={leave.error} />}
    </Dialog>
  )
}
