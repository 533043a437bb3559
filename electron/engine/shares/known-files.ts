// The owner's record of what its drive holds (size, mtime, content of every file), saved beside the
// settings so a restart compares the folder with it instead of listing the whole drive: listing
// 100,000 entries takes seconds, reading this file a fraction of one. It is only trusted for the
// drive version it was saved at. It also says which contents the drive holds a history copy of.
import type { BlobId } from 'hyperdrive'
import { readJson, writeJson } from '../json-file.js'
import type { ContentRef } from './content-hash.js'
import { contentRefOf } from './content-hash.js'

export interface KnownEntry {
  size: number
  mtime: number | null
  link: boolean
  ref: ContentRef | null
  blob: BlobId | null
}

const FORMAT = 2

type Row = [
  key: string,
  size: number,
  mtime: number | null,
  link: 0 | 1,
  hash: string | null,
  chunk: number,
  blob: BlobId | null,
  /** 1: the drive holds a history copy of this content. */
  copied?: 0 | 1,
]

/** The file as read: nothing in it is trusted until checked. */
interface SavedFile {
  format?: unknown
  version?: unknown
  rows?: unknown
}

export interface SavedRecord {
  known: Map<string, KnownEntry>
  /** The contents (root hashes) the drive holds a history copy of. */
  copied: Set<string>
}

/** The saved record if it was saved at `version`, else null (missing, stale or unreadable). */
export async function loadKnown(file: string, version: number): Promise<SavedRecord | null> {
  const parsed = await readJson<SavedFile>(file).catch(() => null)
  if (!parsed || parsed.format !== FORMAT || parsed.version !== version || !Array.isArray(parsed.rows)) {
    return null
  }
  const known = new Map<string, KnownEntry>()
  const copied = new Set<string>()
  for (const row of parsed.rows as Row[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'number') return null
    const [key, size, mtime, link, hash, chunk, blob, hasCopy] = row
    const ref = hash === null ? null : contentRefOf({ hash, size, chunk })
    known.set(key, {
      size,
      mtime: typeof mtime === 'number' ? mtime : null,
      link: link === 1,
      ref,
      blob: blob ?? null,
    })
    if (ref && hasCopy === 1) copied.add(ref.hash)
  }
  return { known, copied }
}

/** Save the record as of drive `version` (written to a temp file and renamed: never half a file). */
export async function saveKnown(
  file: string,
  version: number,
  known: Map<string, KnownEntry>,
  copied: Set<string>,
): Promise<void> {
  const rows: Row[] = []
  for (const [key, e] of known) {
    const hash = e.ref?.hash ?? null
    const hasCopy = hash !== null && copied.has(hash) ? 1 : 0
    rows.push([key, e.size, e.mtime, e.link ? 1 : 0, hash, e.ref?.chunk ?? 0, e.blob, hasCopy])
  }
  await writeJson(file, { format: FORMAT, version, rows }, { compact: true })
}
