// Offer one of this computer's printers to a group: pick the queue, then who may print on it.
import { useState } from 'react'
import type { LocalPrinter, PrintPolicy, Workgroup } from '../../../../shared/types.js'
import { useAction, useRpc } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { SegmentedControl } from '../../ui/segmented-control.js'
import { Spinner } from '../../ui/spinner.js'
import { useToast } from '../../ui/toast.js'
import { capabilityText, policyShort, printerStateText } from './print-text.js'

const POLICIES = (['allow', 'ask', 'deny'] as const).map((value) => ({ value, label: policyShort[value] }))

const policyHelp: Record<PrintPolicy, string> = {
  allow: 'Everyone in the group prints straight away.',
  ask: 'Each job waits until you approve it here.',
  deny: 'Nobody prints until you change this (or allow someone by name).',
}

export function OfferPrinterDialog({ group, onClose }: { group: Workgroup; onClose: () => void }) {
  const local = useRpc('printer.local', {})
  const offer = useAction('printer.offer')
  const toast = useToast()
  const [picked, setPicked] = useState<string | null>(null)
  const [policy, setPolicy] = useState<PrintPolicy>('ask')
  const queues = local.data ?? []
  const available = queues.filter((q) => !q.offered.some((o) => o.groupId === group.id))
  const queue = picked ?? available.find((q) => q.isDefault)?.queue ?? available[0]?.queue ?? null

  const submit = async () => {
    if (!queue) return
    const printer = await offer.run({ group: group.id, queue, policy })
    if (!printer) return
    toast.success('Printer offered', `Everyone in ${group.name} can see ${printer.name}.`)
    onClose()
  }
  return (
    <Dialog
      title={`Offer a printer to ${group.name}`}
      description="The printer stays connected to this computer; Peerdesk passes jobs to it while it runs."
      onClose={onClose}
      busy={offer.pending}
      width="md"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={offer.pending}>
            Cancel
          </Button>
          <Button variant="primary" busy={offer.pending} disabled={!queue} onClick={() => void submit()}>
            Offer printer
          </Button>
        </>
      }
    >
      {local.loading && !local.data && (
        <p role="status" className="flex items-center gap-2 text-zinc-600 dark:text-zinc-300">
          <Spinner size={14} /> Looking for printers on this computer…
        </p>
      )}
      {local.error && (
        <ErrorBanner
          title="Couldn't list this computer's printers"
          hint="Peerdesk uses the computer's print service (CUPS on Linux and macOS). Check that it runs, or ask whoever looks after this computer."
          error={local.error}
          onRetry={local.reload}
        />
      )}
      {local.data && queues.length === 0 && (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-5 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
          No printers are set up on this computer. Add one in your system's printer settings, then come back
          here.
        </p>
      )}
      {queues.length > 0 && (
        <fieldset>
          <legend className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Printer</legend>
          <div className="space-y-1.5">
            {queues.map((q) => (
              <QueueOption
                key={q.queue}
                printer={q}
                offeredHere={q.offered.some((o) => o.groupId === group.id)}
                checked={q.queue === queue}
                onPick={() => setPicked(q.queue)}
              />
            ))}
          </div>
        </fieldset>
      )}
      {available.length > 0 && (
        <div className="mt-4">
          <p className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Who may print</p>
          <SegmentedControl label="Who may print" value={policy} options={POLICIES} onChange={setPolicy} />
          <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">{policyHelp[policy]}</p>
        </div>
      )}
      {offer.error && <ErrorBanner className="mt-3" title="Couldn't offer the printer" error={offer.error} />}
    </Dialog>
  )
}

interface QueueOptionProps {
  printer: LocalPrinter
  offeredHere: boolean
  checked: boolean
  onPick: () => void
}

function QueueOption({ printer, offeredHere, checked, onPick }: QueueOptionProps) {
  return (
    <label
      className={cx(
        'flex items-start gap-3 rounded-lg border px-3 py-2.5 has-focus-visible:outline-2 has-focus-visible:outline-accent-500',
        checked && !offeredHere
          ? 'border-accent-500 bg-accent-50/60 dark:border-accent-400 dark:bg-accent-500/10'
          : 'border-zinc-200 dark:border-zinc-700',
        offeredHere && 'opacity-70',
      )}
    >
      <input
        type="radio"
        name="offer-queue"
        className="mt-1 accent-accent-600"
        checked={checked && !offeredHere}
        disabled={offeredHere}
        onChange={onPick}
      />
      <span className="min-w-0 flex-1">
        <span className="block font-medium text-zinc-900 dark:text-zinc-100">
          {printer.description || printer.queue}
          {printer.isDefault && (
            <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">Default</span>
          )}
        </span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">
          {offeredHere
            ? 'Already offered to this group'
            : `${printerStateText[printer.state]} · ${capabilityText(printer)}`}
        </span>
      </span>
    </label>
  )
}
