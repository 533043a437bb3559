// Redeems an invite. An admin's device has to answer, which can take a while: say what is happening.
import { useState, type FormEvent } from 'react'
import { codeFromInput } from '../../../../shared/links.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { Spinner } from '../../ui/spinner.js'

interface Props {
  onJoined: (groupId: string) => void
  autoFocus?: boolean
  initialCode?: string
}

export function JoinGroupForm({ onJoined, autoFocus, initialCode = '' }: Props) {
  const redeem = useAction('invite.redeem')
  const [input, setInput] = useState(initialCode)
  const code = codeFromInput(input)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!code) return
    const result = await redeem.run({ code })
    if (result) onJoined(result.group)
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3">
      <Field
        label="Invite code or link"
        placeholder="Paste the code or a peerdesk://join/… link"
        value={input}
        mono
        spellCheck={false}
        autoComplete="off"
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        readOnly={redeem.pending}
        onChange={(e) => {
          setInput(e.target.value)
          if (redeem.error) redeem.reset()
        }}
        hint="Ask an admin of the group to send you an invite."
      />
      {redeem.pending && (
        <p role="status" className="flex items-center gap-2 text-zinc-600 dark:text-zinc-300">
          <Spinner size={14} />
          Waiting for an admin's device to let you in… this can take up to a minute.
        </p>
      )}
      {redeem.error && <ErrorBanner title="Couldn't join" error={redeem.error} />}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" busy={redeem.pending} disabled={!code}>
          Join workgroup
        </Button>
      </div>
    </form>
  )
}
