// Add a device by its address, for networks where Peerdesk cannot find it alone (no multicast, a
// firewall, a VPN). Also shows this device's own address to give to a colleague.
import { useState, type FormEvent } from 'react'
import type { Result } from '../../../../shared/contract.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { CopyButton } from '../../ui/copy-button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { Section } from '../../ui/layout.js'

interface Props {
  /** This device's DHT address from the diagnostics, once known. */
  ownAddress: string | null
  onConnected: () => void
}

export function ConnectSection({ ownAddress, onConnected }: Props) {
  const connect = useAction('network.connect')
  const [address, setAddress] = useState('')
  const [result, setResult] = useState<Result<'network.connect'> | null>(null)
  const trimmed = address.trim()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!trimmed) return
    setResult(null)
    const answer = await connect.run({ address: trimmed })
    if (!answer) return
    setResult(answer)
    if (answer.reachable) setAddress('')
    onConnected()
  }
  return (
    <Section
      title="Add a device by address"
      description="When Peerdesk can't find a colleague's computer by itself, type the address their Settings show."
    >
      {ownAddress && (
        <div className="flex items-center gap-3 border-b border-zinc-100 px-4 py-2.5 dark:border-zinc-800/70">
          <span className="w-40 shrink-0 text-zinc-500 dark:text-zinc-400">This device's address</span>
          <span className="selectable min-w-0 flex-1 truncate font-mono text-xs">{ownAddress}</span>
          <CopyButton text={ownAddress} label="Copy address" />
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} className="flex items-end gap-3 px-4 py-4" noValidate>
        <Field
          className="max-w-sm flex-1"
          label="Address of the other device"
          mono
          spellCheck={false}
          autoComplete="off"
          placeholder="192.168.1.20:49737"
          value={address}
          maxLength={300}
          onChange={(e) => {
            setAddress(e.target.value)
            if (connect.error) connect.reset()
          }}
        />
        <Button type="submit" className="h-9" busy={connect.pending} disabled={trimmed.length < 3}>
          Connect
        </Button>
      </form>
      {result && (
        <p
          role="status"
          className={
            result.reachable
              ? 'mx-4 mb-4 text-emerald-700 dark:text-emerald-400'
              : 'mx-4 mb-4 text-amber-800 dark:text-amber-300'
          }
        >
          {result.reachable
            ? `${result.address} answered. Peerdesk will also look for it at every start.`
            : `No answer from ${result.address} yet. It is saved and tried again at every start: check that Peerdesk runs there and that the address is right.`}
        </p>
      )}
      {connect.error && (
        <ErrorBanner className="mx-4 mb-4" title="Couldn't add the device" error={connect.error} />
      )}
    </Section>
  )
}
