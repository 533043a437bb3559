// The Printers page: a group's shared printers (offer yours, print on others'), requests waiting for
// your approval, and the jobs this device sent and received, all live from engine events.
import { useState } from 'react'
import type { Printer, Workgroup } from '../../../../shared/types.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { PlusIcon, PrinterIcon } from '../../ui/icons.js'
import { PageHeader, Section } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { GroupPicker } from '../shares/group-picker.js'
import { ApprovalCard } from './approval-card.js'
import { JobList } from './job-list.js'
import { OfferPrinterDialog } from './offer-printer-dialog.js'
import { PolicyDialog } from './policy-dialog.js'
import { PrintDialog } from './print-dialog.js'
import { PrinterRow } from './printer-row.js'
import { sortJobs, usePrintJobs, waitingForMe } from './use-print-jobs.js'
import { sortPrinters, usePrinters } from './use-printers.js'
import { WithdrawPrinterDialog } from './withdraw-printer-dialog.js'

interface PrintersViewProps {
  groups: readonly Workgroup[]
  group: Workgroup
  onGroupChange: (groupId: string) => void
}

type Open = { kind: 'offer' } | { kind: 'print' | 'policy' | 'withdraw'; printer: Printer } | null

export function PrintersView({ groups, group, onGroupChange }: PrintersViewProps) {
  const printers = usePrinters(group.id)
  const jobs = usePrintJobs()
  const [open, setOpen] = useState<Open>(null)
  const sorted = printers.data ? sortPrinters(printers.data) : []
  const approvals = (jobs.list ?? []).filter(waitingForMe)
  const allJobs = jobs.list ? sortJobs(jobs.list) : []
  // A dialog follows the live printer, so a policy or state change shows while it is open.
  const live = (p: Printer) => printers.data?.find((x) => x.id === p.id) ?? p
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Printers"
        subtitle={`Printers shared in ${group.name}`}
        actions={
          <>
            {groups.length > 1 && <GroupPicker groups={groups} value={group.id} onChange={onGroupChange} />}
            <Button
              variant="primary"
              icon={<PlusIcon size={15} />}
              onClick={() => setOpen({ kind: 'offer' })}
            >
              Offer a printer
            </Button>
          </>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="max-w-5xl space-y-4">
          {approvals.length > 0 && (
            <Section
              title="Waiting for your approval"
              description="Someone wants to print on your printer. Nothing prints until you answer."
            >
              <div className="space-y-3 p-3">
                {approvals.map((j) => (
                  <ApprovalCard key={j.id} job={j} />
                ))}
              </div>
            </Section>
          )}
          {printers.error && !printers.data && (
            <ErrorBanner
              title="Couldn't load the printers"
              error={printers.error}
              onRetry={printers.reload}
            />
          )}
          {!printers.data && !printers.error && <LoadingPane label="Loading printers…" />}
          {printers.data && (
            <Section title={`Printers in ${group.name}`}>
              {sorted.length === 0 ? (
                <EmptyPrinters group={group.name} />
              ) : (
                <ul aria-label="Shared printers">
                  {sorted.map((p) => (
                    <PrinterRow
                      key={p.id}
                      printer={p}
                      canWithdraw={group.role === 'admin'}
                      onPrint={() => setOpen({ kind: 'print', printer: p })}
                      onPolicy={() => setOpen({ kind: 'policy', printer: p })}
                      onWithdraw={() => setOpen({ kind: 'withdraw', printer: p })}
                    />
                  ))}
                </ul>
              )}
            </Section>
          )}
          <Section
            title="Print jobs"
            description="Jobs you sent, and jobs others sent to your printers, since Peerdesk started."
          >
            {jobs.error && !jobs.list && (
              <ErrorBanner
                className="m-3"
                title="Couldn't load the print jobs"
                error={jobs.error}
                onRetry={jobs.reload}
              />
            )}
            {jobs.list && allJobs.length === 0 && (
              <p className="px-4 py-4 text-zinc-500 dark:text-zinc-400">No print jobs yet.</p>
            )}
            {allJobs.length > 0 && <JobList jobs={allJobs} label="Print jobs" />}
          </Section>
        </div>
      </div>
      {open?.kind === 'offer' && <OfferPrinterDialog group={group} onClose={() => setOpen(null)} />}
      {open?.kind === 'print' && <PrintDialog printer={live(open.printer)} onClose={() => setOpen(null)} />}
      {open?.kind === 'policy' && (
        <PolicyDialog printer={live(open.printer)} group={group} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'withdraw' && (
        <WithdrawPrinterDialog printer={open.printer} group={group} onClose={() => setOpen(null)} />
      )}
    </div>
  )
}

function EmptyPrinters({ group }: { group: string }) {
  return (
    <div className="flex flex-col items-center px-6 py-8 text-center">
      <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        <PrinterIcon size={20} />
      </div>
      <p className="font-medium text-zinc-900 dark:text-zinc-100">No printers shared in {group} yet</p>
      <p className="mt-1 max-w-sm text-zinc-500 dark:text-zinc-400">
        Offer the printer connected to this computer, and everyone in the group can print on it. You decide
        who may print.
      </p>
    </div>
  )
}
