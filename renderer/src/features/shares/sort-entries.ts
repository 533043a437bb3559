// The file browser's order: folders first, then by the chosen column, names compared as people expect
// ("file 2" before "file 10").
import type { FileEntry } from '../../../../shared/types.js'

export type SortKey = 'name' | 'size' | 'mtime'
export interface SortOrder {
  key: SortKey
  dir: 'asc' | 'desc'
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function sortEntries(entries: readonly FileEntry[], order: SortOrder): FileEntry[] {
  const sign = order.dir === 'asc' ? 1 : -1
  const byKey = (a: FileEntry, b: FileEntry): number => {
    if (order.key === 'size') return a.size - b.size
    if (order.key === 'mtime') return (a.mtime ?? 0) - (b.mtime ?? 0)
    return 0
  }
  return [...entries].sort(
    (a, b) =>
      Number(b.type === 'dir') - Number(a.type === 'dir') ||
      sign * byKey(a, b) ||
      // Ties (and folders, which have no size) stay in name order, whichever way sizes go.
      (order.key === 'name' ? sign : 1) * collator.compare(a.name, b.name),
  )
}

/** The next order after a click on a column header: the same column flips, another starts ascending. */
export function nextOrder(order: SortOrder, key: SortKey): SortOrder {
  if (order.key === key) return { key, dir: order.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: key === 'name' ? 'asc' : 'desc' }
}

/** '/a/b' → ['a', 'b'] */
export function segments(path: string): string[] {
  return path.split('/').filter(Boolean)
}

export function joinPath(parts: readonly string[]): string {
  return `/${parts.join('/')}`
}
