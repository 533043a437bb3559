import { useEffect, useState, type FormEvent } from 'react'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { useDevice } from '../device/device-context.js'

export function NameStep({ onNext }: { onNext: () => void }) {
  const device = useDevice()
  const rename = useAction('device.rename')
  const current = device.data?.name ?? ''
  const [name, setName] = useState(current)
  // The device's name arrives after the first render; prefill it once it does.
  useEffect(() => setName((n) => n || current), [current])
  const trimmed = name.trim()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!trimmed) return
    if (trimmed !== current && !(await rename.run({ name: trimmed }))) return
    onNext()
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <h1 className="text-xl font-semibold tracking-tight">Welcome to Peerdesk</h1>
      <p className="mt-1.5 text-zinc-500 dark:text-zinc-400">
        Share folders and printers with your team, straight from one computer to another. No server, no cloud
        account.
      </p>
      <Field
        className="mt-6"
        label="Your name"
        value={name}
        maxLength={64}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        hint="This is how colleagues see you and this computer. You can change it later in Settings."
      />
      {device.error && !device.data && (
        <ErrorBanner className="mt-3" error={device.error} onRetry={device.reload} />
      )}
      {rename.error && <ErrorBanner className="mt-3" title="Couldn't save your name" error={rename.error} />}
      <div className="mt-6 flex justify-end">
        <Button type="submit" variant="primary" busy={rename.pending} disabled={!trimmed}>
          Continue
        </Button>
      </div>
    </form>
  )
}
