// The owner's confirmation before a share disappears for everyone.
import type { Share } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { useToast } from '../../ui/toast.js'

export function StopSharingDialog({
  share,
  onClose,
  onStopped,
}: {
  share: Share
  onClose: () => void
  onStopped?: () => void
}) {
  const remove = useAction('share.remove')
  const toast = useToast()
  const stop = async () => {
    if (!(await remove.run({ share: share.id }))) return
    toast.success(`Stopped sharing ${share.name}`, 'Your files stay where they are.')
    onStopped?.()
    onClose()
  }
  return (
    <Dialog
      title={`Stop sharing ${share.name}?`}
      description="Members can no longer browse or download it. Copies they already downloaded or synced stay on their computers, and your folder is not touched."
      onClose={onClose}
      busy={remove.pending}
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={remove.pending}>
            Cancel
          </Button>
          <Button variant="danger" busy={remove.pending} onClick={() => void stop()}>
            Stop sharing
          </Button>
        </>
      }
    >
      {share.folder && (
        <p className="truncate text-zinc-600 dark:text-zinc-300">
          Folder: <span className="font-mono text-xs">{share.folder}</span>
        </p>
      )}
      {remove.error && <ErrorBanner error={remove.error} className="mt-3" />}
    </Dialog>
  )
}
