// A whole share's file entries read from the drive's metadata log rather than walked in its tree.
// Hyperbee writes one block per put or delete, each holding its key and value (null for a delete),
// so the log folded in order, the last block of each name winning, holds what the tree holds. A
// member replicates every metadata block anyway (share-reader.ts); reading them all at once and
// decoding each is a few microseconds a block, where the tree's walk awaits every node and key one
// by one. 5,000 files, all blocks local, in a quiet process: 90 ms against 290-430 ms.
import type Hyperdrive from 'hyperdrive'
import type { DriveEntry, DriveEntryValue } from 'hyperdrive'
import SubEncoder from 'sub-encoder'
import { Node } from 'hyperbee/lib/messages.js'
import { AppError } from '../../../shared/errors.js'
import { shareTotals } from './share-drive.js'

/** Hyperdrive's key encoding for file entries (its index.js): a 'files' sub of utf-8 names. */
const FILE_KEYS = new SubEncoder('files', 'utf-8')
/** Every file name: Hyperdrive's range for the root folder ('/' up to '0', the byte after '/'). */
const ALL_FILES = FILE_KEYS.encodeRange({ gt: '/', lt: '0' })
/** Blocks asked for at once. */
const WINDOW = 1024
/**
 * The fold reads every block of the log, the tree walk only the live entries and their nodes. A
 * share's log holds about two blocks per file (its entry, and its history copy's); past this many
 * per file (a share rewritten many times), the walk reads less.
 */
const MAX_BLOCKS_PER_FILE = 4

function isFileKey(key: Buffer): boolean {
  return Buffer.compare(key, ALL_FILES.gt) > 0 && Buffer.compare(key, ALL_FILES.lt) < 0
}

/**
 * Every file entry of `drive` at its version, in the tree's order (by key bytes), from its log.
 * Blocks not here yet are fetched as any read would. A block that is not a Hyperbee node, or a live
 * entry whose value is not a JSON object, fails the listing (INTERNAL, saying which block): the
 * share's metadata is damaged or hostile, as the tree's walk would also have found.
 */
export async function foldFileEntries(drive: Hyperdrive): Promise<DriveEntry[]> {
  const core = drive.db.core
  const length = drive.version
  const last = new Map<string, { seq: number; key: Buffer; value: Buffer | null }>()
  // Block 0 is Hyperbee's header.
  for (let start = 1; start < length; start += WINDOW) {
    const seqs = Array.from({ length: Math.min(WINDOW, length - start) }, (_, i) => start + i)
    const blocks = await Promise.all(seqs.map((seq) => core.get(seq)))
    blocks.forEach((block, i) => {
      const seq = seqs[i]!
      if (!block) throw new AppError('UNAVAILABLE', `Block ${seq} of the share's metadata is not available`)
      let node: { key: Buffer; value: Buffer | null }
      try {
        node = Node.decode(block)
      } catch {
        throw new AppError('INTERNAL', `Block ${seq} of the share's metadata is not a Hyperbee node`)
      }
      if (isFileKey(node.key))
        last.set(node.key.toString('latin1'), { seq, key: node.key, value: node.value })
    })
  }
  const live = [...last.values()].filter((e) => e.value !== null)
  live.sort((a, b) => Buffer.compare(a.key, b.key))
  return live.map(({ seq, key, value }) => {
    let parsed: unknown = null
    try {
      parsed = JSON.parse(value!.toString('utf8'))
    } catch {
      // Said below.
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new AppError('INTERNAL', `Block ${seq} of the share's metadata holds an entry that is not JSON`)
    }
    return { seq, key: FILE_KEYS.decode(key), value: parsed as DriveEntryValue }
  })
}

/** Whether `drive`'s log is short enough to fold: at most MAX_BLOCKS_PER_FILE blocks per file. */
async function logIsShort(drive: Hyperdrive): Promise<boolean> {
  const totals = await shareTotals(drive).catch(() => null)
  return totals !== null && drive.version <= MAX_BLOCKS_PER_FILE * (totals.files + 1)
}

/**
 * The file entries under `folder` ('/' or '/docs', as folderKey gives): the whole share's folded
 * from its log when that is short, anything else walked in the tree.
 */
export async function fileEntries(drive: Hyperdrive, folder: string): Promise<DriveEntry[]> {
  if (folder === '/' && (await logIsShort(drive))) return foldFileEntries(drive)
  const out: DriveEntry[] = []
  for await (const entry of drive.list(folder)) out.push(entry)
  return out
}
