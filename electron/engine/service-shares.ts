// The contract's shared-folder methods: share, browse, download, sync, history, transfers.
import fs from 'node:fs/promises'
import { AppError } from '../../shared/errors.js'
import type { HostedService } from '../../shared/rpc-session.js'
import type { Engine } from './engine.js'
import type Hyperdrive from 'hyperdrive'
import { downloadToFolder, type DownloadOptions, type DownloadResult } from './shares/download.js'
import { watchForStall } from './shares/stall-watch.js'
import type { TransferHandle } from './shares/transfers.js'
import { fileVersions, listVersions, restoreVersion } from './shares/history.js'
import { folderKey, listDrive } from './shares/share-reader.js'
import { resolveShare } from './shares/resolve-share.js'
import { resolveGroup } from './workgroups/resolve.js'

type ShareMethods = Pick<
  HostedService,
  | 'share.create'
  | 'share.remove'
  | 'share.list'
  | 'share.browse'
  | 'share.history'
  | 'share.restore'
  | 'share.drop'
  | 'file.download'
  | 'sync.add'
  | 'sync.remove'
  | 'sync.list'
  | 'sync.pause'
  | 'transfer.list'
  | 'transfer.cancel'
>

/** A path inside a share, as the drive keys it: '/', '/docs', '/docs/a.txt' (extra slashes forgiven). */
function drivePath(input: string | undefined): string {
  return folderKey('/' + (input ?? '').replace(/^\/+/, ''))
}

type Progress = { bytesDone: number; bytesTotal: number; peers: number }

/** Run a download-like job for a transfer: progress, cancel, and the stall watchdog. */
async function fetchWork(
  engine: Engine,
  drive: Hyperdrive,
  handle: TransferHandle,
  what: string,
  run: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<DownloadResult>,
): Promise<void> {
  const stall = watchForStall(drive, engine.stallTimeoutMs, what)
  try {
    const result = await run(AbortSignal.any([handle.signal, stall.signal]), (p) => {
      stall.touch()
      handle.progress({ bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, peers: p.peers })
    })
    if (result.refused.length > 0) {
      const list = result.refused.map((r) => `${r.path} (${r.reason})`).join(', ')
      throw new AppError('PATH_UNSAFE', `Refused ${result.refused.length} unsafe entries: ${list}`, {
        refused: result.refused,
      })
    }
  } catch (err) {
    if (stall.signal.aborted) throw stall.signal.reason
    throw err
  } finally {
    stall.stop()
  }
}

async function ensureFolder(dest: string): Promise<void> {
  await fs.mkdir(dest, { recursive: true })
  const stat = await fs.stat(dest)
  if (!stat.isDirectory()) throw new AppError('BAD_REQUEST', `${dest} is not a folder`)
}

export function createShareService(engine: Engine): ShareMethods {
  const host = () => engine.shares
  /** A download or a restore into `dest`: one transfer, fetching from the members that hold it. */
  const startFetch = async (
    kind: 'download' | 'restore',
    verb: string,
    share: string,
    path: string | undefined,
    dest: string,
    fetch: (drive: Hyperdrive, opts: Omit<DownloadOptions, 'drive'>) => Promise<DownloadResult>,
  ): Promise<{ transfer: string }> => {
    const ref = await resolveShare(engine, share)
    const drive = await host().drive(ref)
    const source = drivePath(path)
    await ensureFolder(dest)
    const content = host().contentAccess(ref.group)
    const transfer = host().run(kind, ref, source, (handle) =>
      fetchWork(engine, drive, handle, `${verb} ${ref.record.name}${source}`, (signal, onProgress) =>
        fetch(drive, { source, dest, signal, onProgress, content }),
      ),
    )
    return { transfer }
  }
  return {
    'share.create': async ({ group, path, name }) => {
      const g = await resolveGroup(engine.groups.values(), group)
      return { id: await host().create(g, path, name) }
    },
    'share.remove': async ({ share }) => {
      const ref = await resolveShare(engine, share)
      await host().remove(ref)
      return { id: ref.record.id }
    },
    'share.list': async ({ group }) => {
      const g = await resolveGroup(engine.groups.values(), group)
      return Promise.all([...g.shares.values()].map((record) => host().describe({ group: g, record })))
    },
    'share.browse': async ({ share, path }) => {
      const ref = await resolveShare(engine, share)
      const drive = await host().drive(ref)
      return listDrive(drive, drivePath(path))
    },
    'share.history': async ({ share, path }) => {
      const drive = await host().drive(await resolveShare(engine, share))
      const where = drivePath(path)
      if (where === '/') {
        return (await listVersions(drive)).map((v) => ({ ...v, size: null, deleted: null }))
      }
      return (await fileVersions(drive, where)).map((v) => ({
        version: v.version,
        time: v.time,
        added: 0,
        changed: 0,
        removed: v.deleted ? 1 : 0,
        size: v.size,
        deleted: v.deleted,
      }))
    },
    'share.restore': async ({ share, path, version, dest }) =>
      startFetch('restore', 'Restoring', share, path, dest, (drive, opts) =>
        restoreVersion(drive, version, opts),
      ),
    'share.drop': async ({ share }) => {
      const ref = await resolveShare(engine, share)
      return { id: ref.record.id, freedBytes: await host().dropLocalData(ref) }
    },
    'file.download': async ({ share, path, dest }) =>
      startFetch('download', 'Downloading', share, path, dest, (drive, opts) =>
        downloadToFolder({ ...opts, drive }),
      ),
    'sync.add': async ({ share, dest }) => engine.syncs.add(await resolveShare(engine, share), dest),
    'sync.remove': async ({ share, dest }) => {
      const ref = await resolveShare(engine, share)
      await engine.syncs.remove(ref.record.id, dest)
      return { share: ref.record.id, dest }
    },
    'sync.list': async () => engine.syncs.list(),
    'sync.pause': async ({ paused, share }) =>
      engine.syncs.setPaused(paused, share ? (await resolveShare(engine, share)).record.id : null),
    'transfer.list': async () => host().transfers.list(),
    'transfer.cancel': async ({ id }) => {
      if (!host().transfers.cancel(id)) throw new AppError('NOT_FOUND', `No running transfer ${id}`)
      return { id }
    },
  }
}
