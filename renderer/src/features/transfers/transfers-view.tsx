// Every running and recent transfer, live from `transfer.*` events: progress, rate, time left, errors.
import type { Workgroup } from '../../../../shared/types.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { TransfersIcon } from '../../ui/icons.js'
import { PageHeader, Section } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { useNow } from '../../ui/use-now.js'
import { TransferRow } from './transfer-row.js'
import { useShareNames } from './use-share-names.js'
import { isActive, sortTransfers, useTransfers } from './use-transfers.js'

export function TransfersView({ groups }: { groups: readonly Workgroup[] }) {
  const { list, error, reload } = useTransfers()
  const names = useShareNames(groups)
  const now = useNow()
  const sorted = list ? sortTransfers(list) : []
  const active = sorted.filter(isActive)
  const recent = sorted.filter((t) => !isActive(t))
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Transfers"
        subtitle={
          list
            ? active.length
              ? `${active.length} running · files come from every member who has them`
              : 'Nothing running right now'
            : undefined
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="max-w-4xl space-y-4">
          {error && !list && (
            <ErrorBanner title="Couldn't load the transfers" error={error} onRetry={reload} />
          )}
          {!list && !error && <LoadingPane label="Loading transfers…" />}
          {list && sorted.length === 0 && <Empty />}
          {active.length > 0 && (
            <Section title="In progress">
              <ul aria-label="Transfers in progress">
                {active.map((t) => (
                  <TransferRow key={t.id} transfer={t} shareName={names.get(t.share)} now={now} />
                ))}
              </ul>
            </Section>
          )}
          {recent.length > 0 && (
            <Section
              title="Recent"
              description="Finished, failed and cancelled transfers since Peerdesk started."
            >
              <ul aria-label="Recent transfers">
                {recent.map((t) => (
                  <TransferRow key={t.id} transfer={t} shareName={names.get(t.share)} now={now} />
                ))}
              </ul>
            </Section>
          )}
        </div>
      </div>
    </div>
  )
}

function Empty() {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700">
      <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        <TransfersIcon size={20} />
      </div>
      <p className="font-medium text-zinc-900 dark:text-zinc-100">No transfers yet</p>
      <p className="mt-1 max-w-sm text-zinc-500 dark:text-zinc-400">
        Downloads, syncs and restores from shared folders show up here with their progress.
      </p>
    </div>
  )
}
