// Creates an invite as soon as it opens, and shows it three ways: code, link and QR code.
import { useCallback, useEffect, useId, useState } from 'react'
import type { Invite, Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { CopyButton } from '../../ui/copy-button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { RefreshIcon } from '../../ui/icons.js'
import { Spinner } from '../../ui/spinner.js'
import { dateTime, timeUntil } from '../../ui/time.js'
import { useNow } from '../../ui/use-now.js'
import { QrCode } from './qr-code.js'

const HOUR = 3600_000
const LIFETIMES = [
  { label: '1 hour', ms: HOUR },
  { label: '1 day', ms: 24 * HOUR },
  { label: '7 days', ms: 7 * 24 * HOUR },
] as const

export function InviteDialog({ group, onClose }: { group: Workgroup; onClose: () => void }) {
  const create = useAction('invite.create')
  const { run } = create
  const [lifetime, setLifetime] = useState<number>(LIFETIMES[1].ms)
  const [invite, setInvite] = useState<Invite | null>(null)
  const selectId = useId()

  const make = useCallback(
    (ms: number) => {
      setInvite(null)
      void run({ group: group.id, expiresInMs: ms }).then((result) => result && setInvite(result))
    },
    [run, group.id],
  )
  useEffect(() => make(lifetime), [make, lifetime])

  return (
    <Dialog
      title={`Invite someone to ${group.name}`}
      description="Send the code or the link to one person. It works once, until it expires, and only while your device or another admin's is online."
      onClose={onClose}
      width="md"
      footer={
        <>
          <div className="mr-auto flex items-center gap-2">
            <label htmlFor={selectId} className="text-zinc-500 dark:text-zinc-400">
              Valid for
            </label>
            <select
              id={selectId}
              value={lifetime}
              onChange={(e) => setLifetime(Number(e.target.value))}
              className="h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs dark:border-zinc-700 dark:bg-zinc-800"
            >
              {LIFETIMES.map((l) => (
                <option key={l.ms} value={l.ms}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <Button icon={<RefreshIcon size={14} />} onClick={() => make(lifetime)} disabled={create.pending}>
            New code
          </Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      {create.error ? (
        <ErrorBanner title="Couldn't create an invite" error={create.error} onRetry={() => make(lifetime)} />
      ) : invite ? (
        <InviteDetails invite={invite} groupName={group.name} />
      ) : (
        <div className="flex h-40 items-center justify-center gap-2 text-zinc-500 dark:text-zinc-400">
          <Spinner label="Creating an invite" />
          Creating an invite…
        </div>
      )}
    </Dialog>
  )
}

function InviteDetails({ invite, groupName }: { invite: Invite; groupName: string }) {
  const now = useNow(15_000)
  return (
    <div className="flex gap-5">
      <QrCode text={invite.link} label={`QR code of the invite to ${groupName}`} />
      <div className="min-w-0 flex-1 space-y-3">
        <CopyRow label="Invite code" value={invite.invite} copyLabel="Copy invite code" />
        <CopyRow label="Link" value={invite.link} copyLabel="Copy invite link" />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Expires{' '}
          <strong className="font-medium text-zinc-700 dark:text-zinc-200">
            {timeUntil(invite.expiresAt, now)}
          </strong>{' '}
          ({dateTime(invite.expiresAt)})
        </p>
      </div>
    </div>
  )
}

function CopyRow({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
        <CopyButton text={value} label={copyLabel} />
      </div>
      <output
        aria-label={label}
        className="selectable block max-h-16 overflow-y-auto rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 font-mono text-[11px] leading-4 break-all text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-200"
      >
        {value}
      </output>
    </div>
  )
}
