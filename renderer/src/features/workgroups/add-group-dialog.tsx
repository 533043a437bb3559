// "Add a workgroup" from the sidebar: create a new one, or join another with an invite.
import { useState } from 'react'
import { Dialog } from '../../ui/dialog.js'
import { SegmentedControl } from '../../ui/segmented-control.js'
import { CreateGroupForm } from './create-group-form.js'
import { JoinGroupForm } from './join-group-form.js'

type Mode = 'join' | 'create'

export function AddGroupDialog({
  onClose,
  onAdded,
  inviteCode,
}: {
  onClose: () => void
  onAdded: (groupId: string) => void
  /** From an invite link: open on joining, with the code filled in. */
  inviteCode?: string
}) {
  const [mode, setMode] = useState<Mode>('join')
  return (
    <Dialog title="Add a workgroup" onClose={onClose}>
      <SegmentedControl<Mode>
        label="What to do"
        value={mode}
        onChange={setMode}
        options={[
          { value: 'join', label: 'Join with an invite' },
          { value: 'create', label: 'Create a new one' },
        ]}
        className="mb-4"
      />
      {mode === 'join' ? (
        <JoinGroupForm onJoined={onAdded} autoFocus initialCode={inviteCode} />
      ) : (
        <CreateGroupForm onCreated={onAdded} autoFocus />
      )}
    </Dialog>
  )
}
