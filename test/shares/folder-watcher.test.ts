// The owner's folder watcher: one watch per folder (not per file) on Linux, kept equal to the folders
// the scans walk, and a change anywhere in the tree reported, new folders included.
import fsp from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FolderWatcher } from '../../electron/engine/shares/folder-watcher.js'
import { ShareOwner, type ScanResult } from '../../electron/engine/shares/share-owner.js'
import { createHarness, newKey, waitFor, writeFiles } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

const files = (n: number, dir: string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${dir}/f${i}.txt`, String(i)]))

describe('folder watcher', () => {
  it.runIf(process.platform === 'linux')('watches folders, not files, and follows the walks', async () => {
    const root = await h.tmpdir()
    await writeFiles(root, { ...files(50, 'a'), ...files(50, 'a/b'), 'top.txt': 'x' })
    let changes = 0
    const watcher = new FolderWatcher(root, () => changes++)
    h.onTeardown(() => watcher.close())
    expect(watcher.size).toBe(1)
    watcher.walkStarted()
    for (const rel of ['', 'a', 'a/b']) watcher.folder(rel)
    watcher.walkEnded()
    expect(watcher.size).toBe(3)

    // A change two folders down reaches the owner.
    await fsp.writeFile(path.join(root, 'a/b/f1.txt'), 'changed')
    await until(() => changes > 0)

    // A folder the next walk does not visit (removed here) is no longer watched.
    await fsp.rm(path.join(root, 'a/b'), { recursive: true })
    watcher.walkStarted()
    for (const rel of ['', 'a']) watcher.folder(rel)
    watcher.walkEnded()
    expect(watcher.size).toBe(2)
    watcher.close()
    expect(watcher.size).toBe(0)
  })

  it('reports a file added in a folder made after the first scan', async () => {
    const folder = await h.tmpdir()
    await writeFiles(folder, { 'a.txt': 'one', ...files(20, 'docs') })
    const owner = new ShareOwner({
      store: (await h.store()).namespace('share'),
      folder,
      encryptionKey: newKey(),
      debounceMs: 30,
      rescanIntervalMs: 0,
    })
    const firstScan = waitFor<ScanResult>(owner, 'updated')
    await owner.ready()
    h.onTeardown(() => owner.close())
    await firstScan

    // A new nested folder with a file: the top folder's watch sees the new folder.
    const made = waitFor<ScanResult>(owner, 'updated', (r) => r.added === 1)
    await writeFiles(folder, { 'new/deeper/one.txt': '1' })
    await made
    // A second file in that new folder: only the new folder's own watch can report it.
    const second = waitFor<ScanResult>(owner, 'updated', (r) => r.added === 1)
    await writeFiles(folder, { 'new/deeper/two.txt': '2' })
    const result = await second
    expect(result.files).toBe(23)
  })
})

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('the watcher reported nothing')
    await new Promise((r) => setTimeout(r, 20))
  }
}
