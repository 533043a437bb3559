// A share's history: the versions the owner's imports made (with times from the drive's version log),
// what changed in each (drive.diff), one file's versions, and restoring a file or folder as of a version.
import type Hyperdrive from 'hyperdrive'
import { AppError } from '../../../shared/errors.js'
import { downloadToFolder, type DownloadOptions, type DownloadResult } from './download.js'
import { folderKey } from './share-reader.js'
import { entryMtime, entrySize, readLog, toAppError } from './share-drive.js'

export interface ShareVersion {
  version: number
  /** When the owner made it (ms), or null for a drive without a version log. */
  time: number | null
  added: number
  changed: number
  removed: number
}

export interface Change {
  path: string
  op: 'add' | 'change' | 'remove'
  size: number
}

export interface FileVersion {
  version: number
  time: number | null
  size: number
  mtime: number | null
  /** True where the file was deleted in this version. */
  deleted: boolean
}

/** The share's versions, newest first. */
export async function listVersions(
  drive: Hyperdrive,
  opts: { limit?: number } = {},
): Promise<ShareVersion[]> {
  try {
    const logged = await readLog(drive)
    const versions: ShareVersion[] = logged.map(({ version, record }) => ({ version, ...record }))
    if (versions.length === 0) {
      // Written by other software: every block is a version and there are no times.
      const limit = Math.min(drive.version, opts.limit ?? 100)
      for (let v = drive.version; v > drive.version - limit; v--) {
        versions.push({ version: v, time: null, added: 0, changed: 0, removed: 0 })
      }
      return versions
    }
    versions.reverse()
    return opts.limit ? versions.slice(0, opts.limit) : versions
  } catch (err) {
    throw toAppError(err, 'read the history')
  }
}

/** What changed between two versions (`from` exclusive, `to` inclusive), optionally under a folder. */
export async function changesBetween(
  drive: Hyperdrive,
  from: number,
  to: number,
  folder = '/',
): Promise<Change[]> {
  checkVersion(drive, to)
  const snapshot = drive.checkout(to)
  const changes: Change[] = []
  try {
    for await (const { left, right } of snapshot.diff(from, folderKey(folder))) {
      if (left && right) changes.push({ path: left.key, op: 'change', size: entrySize(left) })
      else if (left) changes.push({ path: left.key, op: 'add', size: entrySize(left) })
      else if (right) changes.push({ path: right.key, op: 'remove', size: entrySize(right) })
    }
  } catch (err) {
    throw toAppError(err, 'compare versions')
  } finally {
    await snapshot.close()
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path))
}

/** What one version changed, against the version before it in the log. */
export async function changesIn(drive: Hyperdrive, version: number, folder = '/'): Promise<Change[]> {
  const versions = await listVersions(drive)
  const index = versions.findIndex((v) => v.version === version)
  const previous = index === -1 ? version - 1 : (versions[index + 1]?.version ?? 0)
  return changesBetween(drive, previous, version, folder)
}

/** The versions of one file, newest first: a new row each time its content, mtime or presence changed. */
export async function fileVersions(drive: Hyperdrive, file: string): Promise<FileVersion[]> {
  const key = folderKey(file)
  const versions = (await listVersions(drive)).reverse()
  const out: FileVersion[] = []
  let lastSeq: number | null = null
  for (const v of versions) {
    const snapshot = drive.checkout(v.version)
    try {
      const entry = await snapshot.entry(key)
      if (entry && entry.seq !== lastSeq) {
        out.push({
          version: v.version,
          time: v.time,
          size: entrySize(entry),
          mtime: entryMtime(entry),
          deleted: false,
        })
      } else if (!entry && lastSeq !== null) {
        out.push({ version: v.version, time: v.time, size: 0, mtime: null, deleted: true })
      }
      lastSeq = entry ? entry.seq : null
    } catch (err) {
      throw toAppError(err, `read the history of ${key}`)
    } finally {
      await snapshot.close()
    }
  }
  return out.reverse()
}

/** Write a file or folder as it was at `version` into `dest` (never over the share itself). */
export async function restoreVersion(
  drive: Hyperdrive,
  version: number,
  opts: Omit<DownloadOptions, 'drive'>,
): Promise<DownloadResult> {
  checkVersion(drive, version)
  const snapshot = drive.checkout(version)
  try {
    return await downloadToFolder({ ...opts, drive: snapshot, live: drive })
  } finally {
    await snapshot.close()
  }
}

function checkVersion(drive: Hyperdrive, version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > drive.version) {
    throw new AppError('NOT_FOUND', `This share has no version ${version} (latest ${drive.version})`)
  }
}
