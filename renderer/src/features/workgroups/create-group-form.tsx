import { useState, type FormEvent } from 'react'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'

interface Props {
  onCreated: (groupId: string) => void
  autoFocus?: boolean
}

export function CreateGroupForm({ onCreated, autoFocus }: Props) {
  const create = useAction('workgroup.create')
  const [name, setName] = useState('')
  const trimmed = name.trim()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!trimmed) return
    const result = await create.run({ name: trimmed })
    if (result) onCreated(result.id)
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3">
      <Field
        label="Workgroup name"
        placeholder="e.g. Front office"
        value={name}
        maxLength={64}
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        onChange={(e) => setName(e.target.value)}
        hint="You become its admin: you invite people and can remove them."
      />
      {create.error && <ErrorBanner title="Couldn't create the workgroup" error={create.error} />}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" busy={create.pending} disabled={!trimmed}>
          Create workgroup
        </Button>
      </div>
    </form>
  )
}
