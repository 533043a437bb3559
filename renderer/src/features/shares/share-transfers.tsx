// The transfers of the open share, under its files, so a download's progress shows where it started.
import type { Share } from '../../../../shared/types.js'
import { TransferRow } from '../transfers/transfer-row.js'
import { isActive, useTransfers } from '../transfers/use-transfers.js'
import { useNow } from '../../ui/use-now.js'

const RECENT_MS = 10 * 60_000

export function ShareTransfers({ share }: { share: Share }) {
  const { list } = useTransfers()
  const now = useNow(10_000)
  const shown = (list ?? []).filter(
    (t) => t.share === share.id && (isActive(t) || (t.endedAt !== null && now - t.endedAt < RECENT_MS)),
  )
  if (shown.length === 0) return null
  return (
    <section
      aria-label="Transfers of this share"
      className="max-h-56 shrink-0 overflow-y-auto border-t border-zinc-200 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <ul>
        {shown.map((t) => (
          <TransferRow key={t.id} transfer={t} shareName={share.name} now={now} />
        ))}
      </ul>
    </section>
  )
}
