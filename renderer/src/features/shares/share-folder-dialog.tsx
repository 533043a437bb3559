// Share a folder of this device with a group: its path (typed, pasted, or from a drop) and a name.
import { useState } from 'react'
import type { Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Field } from '../../ui/field.js'
import { useToast } from '../../ui/toast.js'
import { PathDialog } from './path-dialog.js'

interface ShareFolderDialogProps {
  group: Workgroup
  initialPath?: string
  initialName?: string
  /** Why the path is empty after a drop: the browser would not tell. */
  note?: string | null
  onClose: () => void
}

export function ShareFolderDialog({
  group,
  initialPath,
  initialName,
  note,
  onClose,
}: ShareFolderDialogProps) {
  const create = useAction('share.create')
  const toast = useToast()
  const [name, setName] = useState(initialName ?? '')
  const submit = async (path: string) => {
    const shareName = name.trim() || undefined
    const result = await create.run({ group: group.id, path, ...(shareName ? { name: shareName } : {}) })
    if (!result) return
    toast.success('Folder shared', `Everyone in ${group.name} can now browse it.`)
    onClose()
  }
  return (
    <PathDialog
      title={`Share a folder with ${group.name}`}
      description="Members can browse it and download what they need. Your files stay on this computer; Peerdesk serves them while it runs."
      label="Folder on this computer"
      submitLabel="Share folder"
      initial={initialPath}
      hint={note ?? 'The full path of the folder, e.g. /home/you/Documents/Invoices.'}
      busy={create.pending}
      error={create.error}
      onSubmit={(path) => void submit(path)}
      onClose={onClose}
    >
      <Field
        label="Name shown to others (optional)"
        placeholder="The folder's own name"
        value={name}
        maxLength={64}
        onChange={(e) => setName(e.target.value)}
      />
    </PathDialog>
  )
}
