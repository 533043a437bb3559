// What the shares modules share: reading a drive entry's size and mtime, the version log the owner
// writes beside the files, and turning file-system and Holepunch errors into AppError codes.
import type Hyperdrive from 'hyperdrive'
import type { BlobId, DriveEntry } from 'hyperdrive'
import { AppError } from '../../../shared/errors.js'
import { contentRefOf, hashesMatch, type ContentRef } from './content-hash.js'

/**
 * Metadata the owner stores with every file, so readers can show it without fetching the file, and
 * fetch and verify it from any member that holds a copy (hash, size, chunk: see content-hash).
 */
export interface FileMeta extends Partial<ContentRef> {
  mtime: number
}

/** The chunk hashes of every multi-chunk content, by root: signed with the drive like everything else. */
export const HASHES_PREFIX = 'peerdesk-hashes/'
/** The owner's own copy of a content, in the drive's blob core (what history restores from). */
export const BLOBS_PREFIX = 'peerdesk-blobs/'
/** How long a lookup in a peer's drive waits for a member that has the answer. */
const LOOKUP_TIMEOUT_MS = 10_000

/** Keys outside hyperdrive's 'files' namespace: one record per import, so history has times. */
export const LOG_PREFIX = 'peerdesk-log/'

export interface LogRecord {
  time: number
  added: number
  changed: number
  removed: number
  /** The share's totals after this import (missing in records written before they were kept). */
  files?: number
  bytes?: number
}

export function logKey(n: number): string {
  return LOG_PREFIX + String(n).padStart(12, '0')
}

export function entrySize(entry: DriveEntry): number {
  return contentRefOf(entry.value.metadata)?.size ?? entry.value.blob?.byteLength ?? 0
}

/** The content an entry names, or null for entries with only a blob (older drives, other software). */
export function entryContent(entry: DriveEntry): ContentRef | null {
  return contentRefOf(entry.value.metadata)
}

/** The chunk hashes of `ref`, from the drive (one-chunk contents are their own root). */
export async function readHashes(drive: Hyperdrive, ref: ContentRef): Promise<Buffer> {
  if (ref.size <= ref.chunk) return Buffer.from(ref.hash, 'hex')
  const node = await drive.db.get(HASHES_PREFIX + ref.hash, { timeout: LOOKUP_TIMEOUT_MS })
  const value = node?.value as { hashes?: unknown } | undefined
  const hashes = typeof value?.hashes === 'string' ? Buffer.from(value.hashes, 'base64') : null
  if (!hashes || !hashesMatch(ref, hashes)) {
    throw new AppError('UNAVAILABLE', `The share lists no valid chunk hashes for this file`)
  }
  return hashes
}

/** Where the owner's history copy of `ref` sits in the blob core, if it made one. */
export async function historyBlob(drive: Hyperdrive, ref: ContentRef): Promise<BlobId | null> {
  const node = await drive.db
    .get(BLOBS_PREFIX + ref.hash, { timeout: LOOKUP_TIMEOUT_MS })
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null
      throw err
    })
  const id = node?.value as Partial<BlobId> | undefined
  if (
    !id ||
    ![id.blockOffset, id.blockLength, id.byteOffset, id.byteLength].every(
      (n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0,
    ) ||
    id.byteLength !== ref.size
  ) {
    return null
  }
  return id as BlobId
}

export function entryMtime(entry: DriveEntry): number | null {
  const meta = entry.value.metadata as Partial<FileMeta> | null
  return meta && typeof meta.mtime === 'number' && Number.isFinite(meta.mtime) ? meta.mtime : null
}

/** Identifies one version of one file's content and mtime. */
export function entryVersionId(entry: DriveEntry): string {
  const ref = entryContent(entry)
  if (ref) return `${ref.hash}:${entryMtime(entry) ?? ''}`
  const blob = entry.value.blob
  return `${blob?.blockOffset ?? 0}:${blob?.blockLength ?? 0}:${entrySize(entry)}:${entryMtime(entry) ?? ''}`
}

/**
 * The share's file count and size from its newest version-log record: a few blocks to read instead of
 * a listing of every file. Null for drives whose records do not carry them.
 */
export async function shareTotals(drive: Hyperdrive): Promise<{ files: number; bytes: number } | null> {
  const range = { gte: LOG_PREFIX, lt: LOG_PREFIX.slice(0, -1) + '0' }
  for await (const node of drive.db.createReadStream(range, { reverse: true, limit: 1 })) {
    const value = node.value as Partial<LogRecord> | null
    const { files, bytes } = value ?? {}
    if (Number.isSafeInteger(files) && Number.isSafeInteger(bytes) && files! >= 0 && bytes! >= 0) {
      return { files: files!, bytes: bytes! }
    }
  }
  return null
}

/** The drive's version log, oldest first. Drives written by other software have none. */
export async function readLog(drive: Hyperdrive): Promise<{ version: number; record: LogRecord }[]> {
  const out: { version: number; record: LogRecord }[] = []
  const range = { gte: LOG_PREFIX, lt: LOG_PREFIX.slice(0, -1) + '0' }
  for await (const node of drive.db.createReadStream(range)) {
    const value = node.value as Partial<LogRecord> | null
    if (!value || typeof value.time !== 'number') continue
    // The record is the last block of its batch, so the version after the import is seq + 1.
    out.push({
      version: node.seq + 1,
      record: {
        time: value.time,
        added: Number(value.added) || 0,
        changed: Number(value.changed) || 0,
        removed: Number(value.removed) || 0,
      },
    })
  }
  return out
}

const HOLEPUNCH_UNAVAILABLE = new Set([
  'SESSION_CLOSED',
  'SESSION_NOT_WRITABLE',
  'REQUEST_CANCELLED',
  'REQUEST_TIMEOUT',
  'BLOCK_NOT_AVAILABLE',
  'SNAPSHOT_NOT_AVAILABLE',
])

/** One place that says what a failure means to the user. */
export function toAppError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err
  const code = (err as { code?: unknown } | null)?.code
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('DISK_FULL', `Not enough disk space to ${what}`, { cause: code })
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('FORBIDDEN', `No permission to ${what}: ${message}`)
  }
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `Could not ${what}: ${message}`)
  if (code === 'ABORT_ERR' || (err instanceof Error && err.name === 'AbortError')) {
    return new AppError('CLOSED', `Stopped before it could ${what}`)
  }
  if (typeof code === 'string' && HOLEPUNCH_UNAVAILABLE.has(code)) {
    return new AppError('UNAVAILABLE', `Could not ${what}: the data is not available (${code})`)
  }
  return new AppError('INTERNAL', `Could not ${what}: ${message}`)
}

export function isDriveEntry(value: unknown): value is DriveEntry {
  const entry = value as DriveEntry | null
  return !!entry && typeof entry.key === 'string' && typeof entry.value === 'object' && entry.value !== null
}
