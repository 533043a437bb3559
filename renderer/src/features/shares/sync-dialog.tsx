// Keep a local copy of a share: every change the owner makes arrives in this folder.
import type { Share } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { useToast } from '../../ui/toast.js'
import { lastDestination, rememberDestination } from './dest-memory.js'
import { PathDialog } from './path-dialog.js'

export function SyncDialog({ share, onClose }: { share: Share; onClose: () => void }) {
  const add = useAction('sync.add')
  const toast = useToast()
  const submit = async (dest: string) => {
    if (!(await add.run({ share: share.id, dest }))) return
    rememberDestination(dest)
    toast.success(`Syncing ${share.name}`, `Changes arrive in ${dest}.`)
    onClose()
  }
  return (
    <PathDialog
      title={`Sync ${share.name} to a folder`}
      description="A copy of the whole share is kept in this folder and updated whenever the owner changes a file. If you edit a file there too, both versions are kept."
      label="Sync into folder"
      submitLabel="Start syncing"
      initial={lastDestination()}
      busy={add.pending}
      error={add.error}
      onSubmit={(dest) => void submit(dest)}
      onClose={onClose}
    />
  )
}
