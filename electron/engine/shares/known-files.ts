// The owner's record of what its drive holds (size, mtime, content of every file), saved beside the
// settings so a restart compares the folder with it instead of listing the whole drive: listing
// 100,000 entries takes seconds, reading this file a fraction of one. It is only trusted for the
// drive version it was saved at. It also says which contents the drive holds a history copy of.
// One row per line, after a header line, written and read a piece at a time.
import type { BlobId } from 'hyperdrive'
import { readJsonLines, writeJsonLines } from '../json-lines.js'
import { contentRefOf } from './content-hash.js'
import { DigestSet } from './digest-index.js'
import { FileRecord } from './file-record.js'

const FORMAT = 3

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

/** The header line as read: nothing in the file is trusted until checked. */
interface SavedHeader {
  format?: unknown
  version?: unknown
}

export interface SavedRecord {
  known: FileRecord
  /** The contents (root hashes) the drive holds a history copy of. */
  copied: DigestSet
}

/** The saved record if it was saved at `version`, else null (missing, stale or unreadable). */
export async function loadKnown(file: string, version: number): Promise<SavedRecord | null> {
  try {
    return await readRecord(file, version)
  } catch {
    return null
  }
}

async function readRecord(file: string, version: number): Promise<SavedRecord | null> {
  const lines = readJsonLines(file)
  const first = await lines.next()
  const header = (first.done ? null : first.value) as SavedHeader | null
  if (!header || header.format !== FORMAT || header.version !== version) {
    await lines.return(undefined)
    return null
  }
  const known = new FileRecord()
  const copied = new DigestSet()
  for await (const row of lines) {
    if (!isRow(row)) return null
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

function isRow(row: unknown): row is Row {
  return Array.isArray(row) && typeof row[0] === 'string' && typeof row[1] === 'number'
}

/** Save the record as of drive `version` (written to a temp file and renamed: never half a file). */
export async function saveKnown(
  file: string,
  version: number,
  known: FileRecord,
  copied: DigestSet,
): Promise<void> {
  await writeJsonLines(file, lines(version, known, copied))
}

function* lines(version: number, known: FileRecord, copied: DigestSet): Generator<SavedHeader | Row> {
  yield { format: FORMAT, version }
  for (const [key, e] of known) {
    const hash = e.ref?.hash ?? null
    const hasCopy = hash !== null && copied.has(hash) ? 1 : 0
    yield [key, e.size, e.mtime, e.link ? 1 : 0, hash, e.ref?.chunk ?? 0, e.blob, hasCopy]
  }
}
