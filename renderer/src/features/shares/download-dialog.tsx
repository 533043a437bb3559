// Download a file or folder of a share into a folder of this device; the last folder is suggested next time.
import type { FileEntry, Share } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { useToast } from '../../ui/toast.js'
import { lastDestination, rememberDestination } from './dest-memory.js'
import { PathDialog } from './path-dialog.js'

interface DownloadDialogProps {
  share: Share
  /** A file or folder of the share; null for the whole share. */
  entry: Pick<FileEntry, 'path' | 'name' | 'type'> | null
  onClose: () => void
}

export function DownloadDialog({ share, entry, onClose }: DownloadDialogProps) {
  const download = useAction('file.download')
  const toast = useToast()
  const what = entry ? entry.name : share.name
  const submit = async (dest: string) => {
    const result = await download.run({ share: share.id, dest, ...(entry ? { path: entry.path } : {}) })
    if (!result) return
    rememberDestination(dest)
    toast.success(`Downloading ${what}`, 'Follow it here or on the Transfers page.')
    onClose()
  }
  return (
    <PathDialog
      title={`Download ${what}`}
      description={
        entry?.type === 'file'
          ? 'The file is saved into this folder.'
          : 'A folder with the same name and everything in it is saved into this folder.'
      }
      label="Save into folder"
      submitLabel="Download"
      initial={lastDestination()}
      hint="The full path of a folder on this computer. Peerdesk remembers it for next time."
      busy={download.pending}
      error={download.error}
      onSubmit={(dest) => void submit(dest)}
      onClose={onClose}
    />
  )
}
