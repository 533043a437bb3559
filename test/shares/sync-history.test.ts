// A live copy that follows the owner, the owner's file watcher and ignore file, and history.
import fsp from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ShareOwner,
  type ScanResult,
  type ShareOwnerOptions,
} from '../../electron/engine/shares/share-owner.js'
import { ShareSync, conflictName, type SyncResult } from '../../electron/engine/shares/sync.js'
import {
  changesIn,
  fileVersions,
  listVersions,
  restoreVersion,
} from '../../electron/engine/shares/history.js'
import { createHarness, newKey, readerOf, waitFor, writeFiles } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

async function setup(files: Record<string, string>, opts: { watch?: boolean } = {}) {
  const folder = await h.tmpdir()
  await writeFiles(folder, files)
  const encryptionKey = newKey()
  const ownerStore = await h.store()
  const owner = new ShareOwner({
    store: ownerStore.namespace('share'),
    folder,
    encryptionKey,
    watch: opts.watch ?? false,
    debounceMs: 50,
  })
  // The start-up scan runs by itself: wait for it rather than asking for another.
  const firstScan = waitFor<ScanResult>(owner, 'updated')
  await owner.ready()
  h.onTeardown(() => owner.close())
  await firstScan
  const readerStore = await h.store()
  h.link(ownerStore, readerStore)
  const reader = await readerOf(h, readerStore, owner.key, encryptionKey)
  return { folder, owner, reader }
}

/** An owner that can be closed and opened again: its own store in `dir`, scanned only when asked. */
async function ownerAt(dir: string, opts: Omit<ShareOwnerOptions, 'store' | 'watch' | 'scanOnOpen'>) {
  const Corestore = (await import('corestore')).default
  const store = new Corestore(dir)
  const owner = new ShareOwner({ store, watch: false, scanOnOpen: false, ...opts })
  await owner.ready()
  return { store, owner }
}

/** Touch with an explicit, later mtime so size+mtime always see the change. */
async function edit(file: string, content: string, at: number): Promise<void> {
  await fsp.writeFile(file, content)
  await fsp.utimes(file, at / 1000, at / 1000)
}

describe('live sync', () => {
  it('changes on the owner reach a syncing member, and local edits become conflict copies', async () => {
    const { folder, owner, reader } = await setup(
      { 'a.txt': 'one', 'docs/b.txt': 'bee', 'gone.txt': 'bye' },
      { watch: true },
    )
    const copy = await h.tmpdir()
    const state = path.join(await h.tmpdir(), 'sync.json')
    const sync = new ShareSync({
      drive: reader.drive,
      folder: copy,
      stateFile: state,
      deviceName: 'Bo/laptop',
      debounceMs: 20,
    })
    const first = waitFor<SyncResult>(sync, 'synced')
    await sync.ready()
    h.onTeardown(() => sync.close())
    expect((await first).downloaded.sort()).toEqual(['a.txt', 'docs/b.txt', 'gone.txt'])
    expect(await fsp.readFile(path.join(copy, 'docs/b.txt'), 'utf8')).toBe('bee')

    // The owner edits, adds and deletes; the watcher imports it and the copy follows.
    const t0 = Date.now() + 10_000
    const updated = waitFor<ScanResult>(
      owner,
      'updated',
      (r) => r.added === 1 && r.changed === 1 && r.removed === 1,
    )
    await edit(path.join(folder, 'a.txt'), 'two', t0)
    await writeFiles(folder, { 'docs/new.txt': 'new' })
    await fsp.rm(path.join(folder, 'gone.txt'))
    const scan = await updated
    const followed = await waitFor<SyncResult>(sync, 'synced', (r) => r.version >= scan.version)
    expect(followed.downloaded.sort()).toEqual(['a.txt', 'docs/new.txt'])
    expect(followed.deleted).toEqual(['gone.txt'])
    expect(await fsp.readFile(path.join(copy, 'a.txt'), 'utf8')).toBe('two')
    const mtime = (await fsp.stat(path.join(copy, 'a.txt'))).mtimeMs
    expect(Math.abs(mtime - t0)).toBeLessThan(1)

    // The member edits a.txt locally while the owner edits it too: both versions survive.
    await edit(path.join(copy, 'a.txt'), 'mine', t0 + 1000)
    const at = new Date('2025-03-02T14:05:00Z')
    const conflict = waitFor<SyncResult>(sync, 'synced', (r) => r.conflicts.length > 0)
    await edit(path.join(folder, 'a.txt'), 'theirs', t0 + 2000)
    const result = await conflict
    expect(result.conflicts[0]).toMatchObject({ path: 'a.txt', reason: 'changed-locally' })
    const keptAs = result.conflicts[0]!.keptAs!
    expect(keptAs).toMatch(/^a \(conflict from Bo_laptop \d{4}-\d\d-\d\d \d\d-\d\d\)\.txt$/)
    expect(await fsp.readFile(path.join(copy, keptAs), 'utf8')).toBe('mine')
    expect(await fsp.readFile(path.join(copy, 'a.txt'), 'utf8')).toBe('theirs')
    expect(conflictName('report.pdf', 'Ana', at)).toBe('report (conflict from Ana 2025-03-02 14-05).pdf')

    // A file the member changed is kept when the owner deletes it.
    await edit(path.join(copy, 'docs/b.txt'), 'my notes', t0 + 3000)
    const kept = waitFor<SyncResult>(sync, 'synced', (r) =>
      r.conflicts.some((c) => c.reason === 'deleted-remotely'),
    )
    await fsp.rm(path.join(folder, 'docs/b.txt'))
    await kept
    expect(await fsp.readFile(path.join(copy, 'docs/b.txt'), 'utf8')).toBe('my notes')
  })

  it('pauses and resumes', async () => {
    const { folder, owner, reader } = await setup({ 'a.txt': 'one' })
    const copy = await h.tmpdir()
    const sync = new ShareSync({
      drive: reader.drive,
      folder: copy,
      stateFile: path.join(copy, '..', `${path.basename(copy)}.json`),
      deviceName: 'B',
      debounceMs: 10,
    })
    h.onTeardown(() => fsp.rm(path.join(copy, '..', `${path.basename(copy)}.json`), { force: true }))
    const first = waitFor<SyncResult>(sync, 'synced')
    await sync.ready()
    h.onTeardown(() => sync.close())
    await first
    sync.pause()
    expect(sync.paused).toBe(true)
    await edit(path.join(folder, 'a.txt'), 'two', Date.now() + 5000)
    const appended = new Promise((resolve) => reader.drive.core.once('append', resolve))
    const scan = await owner.rescan()
    await appended
    expect(reader.version).toBe(scan.version)
    expect(await sync.syncNow()).toBeNull()
    expect(await fsp.readFile(path.join(copy, 'a.txt'), 'utf8')).toBe('one')
    const resumed = waitFor<SyncResult>(sync, 'synced')
    sync.resume()
    expect((await resumed).downloaded).toEqual(['a.txt'])
    expect(await fsp.readFile(path.join(copy, 'a.txt'), 'utf8')).toBe('two')
  })
})

describe('owner import', () => {
  it('honours .peerdeskignore, skips links and unchanged files, and stores mtimes', async () => {
    const files = {
      '.peerdeskignore': '# build output\nbuild/\n*.log\n!keep.log\n/secret.txt\n',
      'build/out.js': 'x',
      'src/app.ts': 'code',
      'src/secret.txt': 'not anchored here',
      'secret.txt': 'hidden',
      'debug.log': 'noise',
      'keep.log': 'kept',
      'CON.txt': 'windows would choke',
    }
    const folder = await h.tmpdir()
    await writeFiles(folder, files)
    const outside = await h.tmpdir()
    await writeFiles(outside, { 'private.txt': 'private' })
    await fsp.symlink(path.join(outside, 'private.txt'), path.join(folder, 'link.txt'))
    const ownerStore = await h.store()
    const owner = new ShareOwner({
      store: ownerStore.namespace('s'),
      folder,
      encryptionKey: newKey(),
      watch: false,
    })
    await owner.ready()
    h.onTeardown(() => owner.close())
    const scan = await owner.rescan()
    const keys: string[] = []
    for await (const entry of owner.drive.list('/')) keys.push(entry.key)
    expect(keys.sort()).toEqual(['/keep.log', '/src/app.ts', '/src/secret.txt'])
    expect(scan.skipped).toEqual([{ path: 'CON.txt', reason: 'reserved device name' }])
    const entry = await owner.drive.entry('/src/app.ts')
    expect((entry!.value.metadata as { mtime: number }).mtime).toBe(
      (await fsp.stat(path.join(folder, 'src/app.ts'))).mtimeMs,
    )

    const again = await owner.rescan()
    expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, version: scan.version })
    await fsp.appendFile(path.join(folder, '.peerdeskignore'), 'src/\n')
    expect(await owner.rescan()).toMatchObject({ removed: 2 })
  })
})

describe('history', () => {
  it('lists versions and what changed, and restores a file and a folder as of a version', async () => {
    const { folder, owner, reader } = await setup({ 'a.txt': 'one', 'b.txt': 'bee' })
    const v1 = owner.drive.version
    const t0 = Date.now() + 10_000
    await edit(path.join(folder, 'a.txt'), 'two!', t0)
    const v2 = (await owner.rescan()).version
    await fsp.rm(path.join(folder, 'b.txt'))
    const v3 = (await owner.rescan()).version
    // One update may return before the newest version reached the reader: poll until it has.
    for (let i = 0; i < 100 && reader.version < v3; i++) {
      await reader.update()
      if (reader.version < v3) await new Promise((r) => setTimeout(r, 50))
    }
    expect(reader.version).toBe(v3)

    const versions = await listVersions(reader.drive)
    expect(versions.map((v) => v.version)).toEqual([v3, v2, v1])
    expect(versions[2]).toMatchObject({ added: 2, changed: 0, removed: 0 })
    expect(versions.every((v) => typeof v.time === 'number' && v.time > 0)).toBe(true)
    expect(await changesIn(reader.drive, v2)).toEqual([{ path: '/a.txt', op: 'change', size: 4 }])
    expect(await changesIn(reader.drive, v3)).toEqual([{ path: '/b.txt', op: 'remove', size: 3 }])
    const aVersions = await fileVersions(reader.drive, '/a.txt')
    expect(aVersions.map((v) => [v.version, v.size])).toEqual([
      [v2, 4],
      [v1, 3],
    ])
    expect(aVersions[0]!.mtime).toBeCloseTo(t0, 0)
    expect((await fileVersions(reader.drive, 'b.txt')).map((v) => v.deleted)).toEqual([true, false])

    const dest = await h.tmpdir()
    await restoreVersion(reader.drive, v1, { source: '/a.txt', dest })
    expect(await fsp.readFile(path.join(dest, 'a.txt'), 'utf8')).toBe('one')
    const whole = await h.tmpdir()
    const all = await restoreVersion(reader.drive, v1, { source: '/', dest: whole })
    expect(all.files).toBe(2)
    expect(await fsp.readFile(path.join(whole, 'b.txt'), 'utf8')).toBe('bee')
    await expect(restoreVersion(reader.drive, v3 + 5, { source: '/', dest })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('copies new contents for history after a quiet time, not during the scan', async () => {
    const folder = await h.tmpdir()
    await writeFiles(folder, { 'a.txt': 'first', 'big.bin': 'x'.repeat(300_000) })
    const encryptionKey = newKey()
    const ownerStore = await h.store()
    const owner = new ShareOwner({
      store: ownerStore.namespace('share'),
      folder,
      encryptionKey,
      watch: false,
      scanOnOpen: false,
      historyDelayMs: 200,
    })
    await owner.ready()
    h.onTeardown(() => owner.close())
    const copied = waitFor<{ contents: number }>(owner, 'history-copied')
    const v1 = (await owner.rescan()).version
    const blobKeys = async () => {
      const keys: string[] = []
      for await (const node of owner.drive.db.createReadStream({
        gte: 'peerdesk-blobs/',
        lt: 'peerdesk-blobs0',
      }))
        keys.push(node.key)
      return keys
    }
    // The scan wrote metadata only: the owner's store holds no copy of the files yet.
    expect(await blobKeys()).toEqual([])
    expect(await copied).toEqual({ contents: 2 })
    expect(await blobKeys()).toHaveLength(2)

    // The file changes; the old version is restored from the owner's history copy.
    await edit(path.join(folder, 'a.txt'), 'second', Date.now() + 5000)
    await owner.rescan()
    const readerStore = await h.store()
    h.link(ownerStore, readerStore)
    const reader = await readerOf(h, readerStore, owner.key, encryptionKey)
    const dest = await h.tmpdir()
    await restoreVersion(reader.drive, v1, { source: '/a.txt', dest })
    expect(await fsp.readFile(path.join(dest, 'a.txt'), 'utf8')).toBe('first')
  })

  it('a restarted owner copies for history only the contents with no copy yet', async () => {
    const folder = await h.tmpdir()
    await writeFiles(folder, { 'a.txt': 'one', 'b.txt': 'two', 'same.txt': 'one' })
    const encryptionKey = newKey()
    const dir = await h.tmpdir()
    const knownFile = path.join(await h.tmpdir(), 'known.json')
    /** Open the owner, add `file`, rescan: how many contents the history copy then took. */
    const round = async (file: string): Promise<number> => {
      const { store, owner } = await ownerAt(dir, { folder, encryptionKey, knownFile, historyDelayMs: 50 })
      try {
        await writeFiles(folder, { [file]: file })
        const copied = waitFor<{ contents: number }>(owner, 'history-copied')
        await owner.rescan()
        return (await copied).contents
      } finally {
        await owner.close()
        await store.close()
      }
    }
    // Two files with one content: one copy.
    expect(await round('c.txt')).toBe(3)
    // The saved record says which contents have a copy...
    expect(await round('d.txt')).toBe(1)
    // ...and without it the drive does.
    await fsp.rm(knownFile)
    expect(await round('e.txt')).toBe(1)

    // An owner closed before its copy ran makes it after the next start, with nothing changed.
    let { store, owner } = await ownerAt(dir, { folder, encryptionKey, knownFile, historyDelayMs: 60_000 })
    await writeFiles(folder, { 'f.txt': 'f' })
    await owner.rescan()
    await owner.close()
    await store.close()
    ;({ store, owner } = await ownerAt(dir, { folder, encryptionKey, knownFile, historyDelayMs: 50 }))
    h.onTeardown(async () => {
      await owner.close()
      await store.close()
    })
    const copied = waitFor<{ contents: number }>(owner, 'history-copied')
    expect(await owner.rescan()).toMatchObject({ added: 0, changed: 0, removed: 0 })
    expect(await copied).toEqual({ contents: 1 })
  })

  it('a restarted owner rescans from its saved record of the drive, and still sees what changed', async () => {
    const folder = await h.tmpdir()
    await writeFiles(folder, { 'a.txt': 'one', 'b.txt': 'two' })
    const encryptionKey = newKey()
    const dir = await h.tmpdir()
    const knownFile = path.join(await h.tmpdir(), 'known.json')
    const open = () => ownerAt(dir, { folder, encryptionKey, knownFile })
    let { store, owner } = await open()
    await owner.rescan()
    // A header line, then one row per file.
    const [header, ...rows] = (await fsp.readFile(knownFile, 'utf8')).trimEnd().split('\n')
    expect(JSON.parse(header!)).toMatchObject({ version: owner.drive.version })
    expect(rows.map((row) => (JSON.parse(row) as unknown[])[0]).sort()).toEqual(['/a.txt', '/b.txt'])
    await owner.close()
    await store.close()

    // Changed while the owner was not running: the saved record says what the drive holds.
    await edit(path.join(folder, 'a.txt'), 'uno!', Date.now() + 7000)
    await fsp.rm(path.join(folder, 'b.txt'))
    ;({ store, owner } = await open())
    h.onTeardown(async () => {
      await owner.close()
      await store.close()
    })
    expect(await owner.rescan()).toMatchObject({ added: 0, changed: 1, removed: 1 })
    expect(await owner.rescan()).toMatchObject({ added: 0, changed: 0, removed: 0 })
    await owner.close()
    await store.close()

    // The record is what a restart trusts: one that forgets a file makes it look new...
    const headerOf = async () =>
      JSON.parse((await fsp.readFile(knownFile, 'utf8')).split('\n')[0]!) as { version: number }
    const current = await headerOf()
    await fsp.writeFile(knownFile, JSON.stringify(current) + '\n')
    ;({ store, owner } = await open())
    expect(await owner.rescan()).toMatchObject({ added: 1, changed: 0 })
    await owner.close()
    await store.close()
    // ...but only at the drive version it was saved at: a stale one is ignored.
    const after = await headerOf()
    await fsp.writeFile(knownFile, JSON.stringify({ ...current, version: after.version - 1 }) + '\n')
    ;({ store, owner } = await open())
    expect(await owner.rescan()).toMatchObject({ added: 0, changed: 0, removed: 0 })
  })
})
