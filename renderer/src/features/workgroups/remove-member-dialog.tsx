import type { Member, Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { useToast } from '../../ui/toast.js'
import { Fingerprint } from '../device/fingerprint.js'

interface Props {
  group: Workgroup
  member: Member
  onClose: () => void
}

export function RemoveMemberDialog({ group, member, onClose }: Props) {
  const remove = useAction('member.remove')
  const toast = useToast()
  const confirm = async () => {
    const done = await remove.run({ group: group.id, member: member.key })
    if (!done) return
    toast.success(`Removed ${member.name}`, `They no longer have access to ${group.name}.`)
    onClose()
  }
  return (
    <Dialog
      title={`Remove ${member.name} from ${group.name}?`}
      onClose={onClose}
      busy={remove.pending}
      footer={
        <>
          <Button onClick={onClose} disabled={remove.pending}>
            Cancel
          </Button>
          <Button variant="danger" busy={remove.pending} onClick={() => void confirm()}>
            Remove
          </Button>
        </>
      }
    >
      <p className="text-zinc-600 dark:text-zinc-300">
        Their device (<Fingerprint value={member.fingerprint} />) is disconnected and stops receiving anything
        new from this group. To come back, they need a new invite.
      </p>
      {remove.error && <ErrorBanner className="mt-3" title="Couldn't remove them" error={remove.error} />}
    </Dialog>
  )
}
