// The entries of one folder of a share: sortable by name, size and date, folders first; a click on a
// folder opens it, and every row can be downloaded.
import type { FileEntry } from '../../../../shared/types.js'
import { IconButton } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { formatBytes, formatDate } from '../../ui/format.js'
import { DownloadIcon, FileIcon, FolderIcon, HistoryIcon } from '../../ui/icons.js'
import { nextOrder, sortEntries, type SortKey, type SortOrder } from './sort-entries.js'

interface FileTableProps {
  entries: readonly FileEntry[]
  order: SortOrder
  onSort: (order: SortOrder) => void
  onOpen: (entry: FileEntry) => void
  onDownload: (entry: FileEntry) => void
  onHistory: (entry: FileEntry) => void
  label: string
}

export function FileTable({ entries, order, onSort, onOpen, onDownload, onHistory, label }: FileTableProps) {
  const sorted = sortEntries(entries, order)
  const now = Date.now()
  return (
    <table aria-label={label} className="w-full table-fixed border-collapse text-left">
      <thead>
        <tr className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <SortHeader k="name" label="Name" order={order} onSort={onSort} className="pl-4" />
          <SortHeader k="size" label="Size" order={order} onSort={onSort} className="w-24 text-right" />
          <SortHeader k="mtime" label="Modified" order={order} onSort={onSort} className="w-32" />
          <th className="w-20 pr-3">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((e) => (
          <tr
            key={e.path}
            className="group border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-white/[0.03]"
          >
            <td className="py-1.5 pl-4">
              <NameCell entry={e} onOpen={onOpen} />
            </td>
            <td className="py-1.5 text-right text-zinc-600 tabular-nums dark:text-zinc-400">
              {e.type === 'dir' ? '—' : formatBytes(e.size)}
            </td>
            <td className="truncate py-1.5 pl-3 text-zinc-600 tabular-nums dark:text-zinc-400">
              {e.mtime !== null ? formatDate(e.mtime, now) : '—'}
            </td>
            <td className="py-1 pr-3">
              <div className="flex justify-end gap-0.5 opacity-70 group-hover:opacity-100 focus-within:opacity-100">
                {e.type === 'file' && (
                  <IconButton label={`History of ${e.name}`} onClick={() => onHistory(e)}>
                    <HistoryIcon size={15} />
                  </IconButton>
                )}
                <IconButton label={`Download ${e.name}`} onClick={() => onDownload(e)}>
                  <DownloadIcon size={15} />
                </IconButton>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function NameCell({ entry, onOpen }: { entry: FileEntry; onOpen: (e: FileEntry) => void }) {
  const icon =
    entry.type === 'dir' ? (
      <FolderIcon size={16} className="shrink-0 text-accent-500 dark:text-accent-400" />
    ) : (
      <FileIcon size={16} className="shrink-0 text-zinc-400 dark:text-zinc-500" />
    )
  if (entry.type === 'file')
    return (
      <span className="flex min-w-0 items-center gap-2">
        {icon}
        <span className="truncate text-zinc-900 dark:text-zinc-100">{entry.name}</span>
      </span>
    )
  return (
    <button
      type="button"
      onClick={() => onOpen(entry)}
      aria-label={`Open folder ${entry.name}`}
      className="flex max-w-full min-w-0 cursor-default items-center gap-2 rounded text-left hover:underline"
    >
      {icon}
      <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{entry.name}</span>
    </button>
  )
}

interface SortHeaderProps {
  k: SortKey
  label: string
  order: SortOrder
  onSort: (order: SortOrder) => void
  className?: string
}

function SortHeader({ k, label, order, onSort, className }: SortHeaderProps) {
  const active = order.key === k
  return (
    <th
      scope="col"
      aria-sort={active ? (order.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={cx('py-2 font-medium', k === 'mtime' && 'pl-3', className)}
    >
      <button
        type="button"
        onClick={() => onSort(nextOrder(order, k))}
        className={cx(
          'inline-flex cursor-default items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100',
          active && 'text-zinc-900 dark:text-zinc-100',
        )}
      >
        {k !== 'size' && label}
        <span aria-hidden="true" className={cx('text-[10px]', !active && 'invisible')}>
          {order.dir === 'asc' ? '▲' : '▼'}
        </span>
        {/* A right-aligned column keeps its label flush with the numbers under it. */}
        {k === 'size' && label}
      </button>
    </th>
  )
}
