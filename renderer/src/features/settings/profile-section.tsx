import { useEffect, useState, type FormEvent } from 'react'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { Section } from '../../ui/layout.js'
import { useToast } from '../../ui/toast.js'

export function ProfileSection({ name }: { name: string }) {
  const rename = useAction('device.rename')
  const toast = useToast()
  const [draft, setDraft] = useState(name)
  // A rename from elsewhere (the CLI, another window) shows up here unless the user is mid-edit.
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) setDraft(name)
  }, [name, editing])
  const trimmed = draft.trim()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!trimmed || trimmed === name) return
    if (await rename.run({ name: trimmed })) {
      setEditing(false)
      toast.success('Name changed', `Your workgroups now see you as ${trimmed}.`)
    }
  }
  return (
    <Section title="Profile" description="How you and this computer appear to the people in your workgroups.">
      <form onSubmit={(e) => void submit(e)} className="flex items-end gap-3 px-4 py-4">
        <Field
          className="max-w-sm flex-1"
          label="Display name"
          value={draft}
          maxLength={64}
          onChange={(e) => {
            setDraft(e.target.value)
            setEditing(true)
          }}
        />
        <Button
          type="submit"
          variant="primary"
          className="h-9"
          busy={rename.pending}
          disabled={!trimmed || trimmed === name}
        >
          Save
        </Button>
      </form>
      {rename.error && (
        <ErrorBanner className="mx-4 mb-4" title="Couldn't change your name" error={rename.error} />
      )}
    </Section>
  )
}
