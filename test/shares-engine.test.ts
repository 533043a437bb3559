import fs from 'node:fs/promises'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AnyEvent } from '../shared/contract.js'
import type { Transfer } from '../shared/types.js'
import type { PeerdeskEngine } from '../electron/engine/index.js'
import { ShareOwner } from '../electron/engine/shares/share-owner.js'
import { AppError } from '../shared/errors.js'
import { createTestNet, eventually, type TestNet } from './helpers/testnet.js'

let net: TestNet
beforeEach(async () => {
  net = await createTestNet()
})
afterEach(async () => {
  await net.destroy()
})

/** A folder of files made from a fixed seed: small ones in subfolders and one larger file. */
async function makeFolder(dir: string, small = 40, bigBytes = 6 * 1024 * 1024): Promise<void> {
  for (let i = 0; i < small; i++) {
    const sub = path.join(dir, `dir${i % 4}`)
    await fs.mkdir(sub, { recursive: true })
    await fs.writeFile(path.join(sub, `file${i}.txt`), `file ${i}\n`.repeat(1 + i * 37))
  }
  const big = Buffer.alloc(bigBytes)
  for (let i = 0; i < bigBytes; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i)
  await fs.writeFile(path.join(dir, 'big.bin'), big)
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, full)] = createHash('sha256')
      .update(await fs.readFile(full))
      .digest('hex')
  }
  return out
}

function finished(device: PeerdeskEngine, id: string): Promise<Transfer> {
  return eventually(
    () => device.service['transfer.list']({}).then((l) => l.find((t) => t.id === id)),
    (t) => t !== undefined && t.state !== 'running',
    { what: `transfer ${id}`, timeoutMs: 60_000 },
  ) as Promise<Transfer>
}

describe('shared folders between members', () => {
  it('a member shares a folder; another browses it and downloads all of it, verified', async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await makeFolder(folder)
    const bobEvents: AnyEvent[] = []
    bob.engine.events.subscribe((e) => bobEvents.push(e))

    const { id: share } = await alice.service['share.create']({ group: id, path: folder, name: 'Reports' })
    const shares = await eventually(
      () => bob.service['share.list']({ group: 'Office' }),
      (l) => l.length === 1 && l[0]!.files === 41,
      { what: 'the share seen by Bob' },
    )
    expect(shares[0]).toMatchObject({
      id: share,
      name: 'Reports',
      ownerName: 'Alice',
      self: false,
      available: true,
    })
    expect(bobEvents.some((e) => e.name === 'share.added')).toBe(true)

    const top = await bob.service['share.browse']({ share: 'Office/Reports' })
    expect(top.map((e) => `${e.type}:${e.name}`).sort()).toEqual(
      ['file:big.bin', 'dir:dir0', 'dir:dir1', 'dir:dir2', 'dir:dir3'].sort(),
    )
    const inside = await bob.service['share.browse']({ share, path: '/dir1' })
    expect(inside).toHaveLength(10)
    expect(inside.every((e) => e.type === 'file' && e.size > 0 && typeof e.mtime === 'number')).toBe(true)

    const dest = await net.tmpdir()
    const { transfer } = await bob.service['file.download']({ share, dest })
    const done = await finished(bob, transfer)
    expect(done).toMatchObject({ state: 'done', error: null })
    expect(done.bytesDone).toBe(done.bytesTotal)
    expect(await digest(dest)).toEqual(await digest(folder))
    // Bob holds the whole share now (in his folder, not his store), and says so (counted again in the
    // background once what he holds changed).
    expect(shares[0]!.localBytes).toBe(0)
    await eventually(
      async () => (await bob.service['share.list']({ group: 'Office' }))[0]!,
      (s) => s.bytes > 0 && s.localBytes === s.bytes,
      { what: 'the whole share counted as here' },
    )
    const kinds = bobEvents.map((e) => e.name)
    expect(kinds).toContain('transfer.started')
    expect(kinds).toContain('transfer.completed')

    // One file, into another folder.
    const one = await net.tmpdir()
    const single = await bob.service['file.download']({ share, path: '/dir2/file2.txt', dest: one })
    await finished(bob, single.transfer)
    expect(await fs.readFile(path.join(one, 'file2.txt'), 'utf8')).toBe(
      await fs.readFile(path.join(folder, 'dir2', 'file2.txt'), 'utf8'),
    )
  })

  it('members see a new share while its owner still imports it, and all of it once that is done', async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await makeFolder(folder, 40, 1024 * 1024)
    // The first import waits until the test lets it go: what Bob sees meanwhile is the announcement.
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const rescan = ShareOwner.prototype.rescan
    const spy = vi.spyOn(ShareOwner.prototype, 'rescan').mockImplementationOnce(async function (
      this: ShareOwner,
    ) {
      await gate
      return rescan.call(this)
    })
    try {
      let created = false
      const creating = alice.service['share.create']({ group: id, path: folder, name: 'Big' }).then((r) => {
        created = true
        return r
      })
      const early = await eventually(
        () => bob.service['share.list']({ group: 'Office' }),
        (l) => l.length === 1,
        { what: 'the share announced to Bob' },
      )
      expect(created).toBe(false)
      expect(early[0]).toMatchObject({ name: 'Big', ownerName: 'Alice', files: 0 })
      const importing = await alice.service['transfer.list']({})
      expect(importing.some((t) => t.kind === 'import' && t.state === 'running')).toBe(true)
      release()
      const { id: share } = await creating
      expect(share).toBe(early[0]!.id)
      await eventually(
        () => bob.service['share.list']({ group: 'Office' }),
        (l) => l[0]?.files === 41 && l[0].bytes > 1024 * 1024,
        { what: 'the whole share seen by Bob' },
      )
    } finally {
      release()
      spy.mockRestore()
    }
  })

  it('a first import that fails takes the new share off the group again', async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await makeFolder(folder, 4, 1024)
    // A disk that fails cannot be made here: the owner's first scan is made to fail as one would.
    const spy = vi
      .spyOn(ShareOwner.prototype, 'rescan')
      .mockRejectedValueOnce(new AppError('DISK_FULL', 'No space left on the device'))
    try {
      await expect(
        alice.service['share.create']({ group: id, path: folder, name: 'Doomed' }),
      ).rejects.toMatchObject({
        code: 'DISK_FULL',
      })
    } finally {
      spy.mockRestore()
    }
    expect(await alice.service['share.list']({ group: 'Office' })).toEqual([])
    expect(alice.engine.settings.data.ownShares).toEqual([])
    // The same folder can be shared again under the same name. Bob's roster has the withdrawal once
    // it has this later share (one writer's log, in order): the failed one is not among his shares.
    const { id: again } = await alice.service['share.create']({ group: id, path: folder, name: 'Doomed' })
    await eventually(
      () => bob.service['share.list']({ group: 'Office' }),
      (l) => l.length === 1 && l[0]!.id === again && l[0]!.files === 5,
      { what: 'the second share seen by Bob' },
    )
  })

  it("changes in the owner's folder reach a syncing member", async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await fs.writeFile(path.join(folder, 'a.txt'), 'first')
    await fs.writeFile(path.join(folder, 'gone.txt'), 'to be deleted')
    const { id: share } = await alice.service['share.create']({ group: id, path: folder })
    const dest = path.join(await net.tmpdir(), 'copy')
    await eventually(
      () => bob.service['share.list']({ group: id }),
      (l) => l.length === 1,
      { what: 'the share' },
    )
    const sync = await bob.service['sync.add']({ share, dest })
    expect(sync).toMatchObject({ share, dest, paused: false })
    await eventually(
      () => fs.readFile(path.join(dest, 'a.txt'), 'utf8').catch(() => ''),
      (text) => text === 'first',
      { what: 'the first sync' },
    )

    await fs.writeFile(path.join(folder, 'a.txt'), 'second version')
    await fs.writeFile(path.join(folder, 'new.txt'), 'brand new')
    await fs.rm(path.join(folder, 'gone.txt'))
    await eventually(
      async () => [
        await fs.readFile(path.join(dest, 'a.txt'), 'utf8').catch(() => ''),
        await fs.readFile(path.join(dest, 'new.txt'), 'utf8').catch(() => ''),
        await fs.stat(path.join(dest, 'gone.txt')).then(
          () => 'present',
          () => 'absent',
        ),
      ],
      ([a, n, g]) => a === 'second version' && n === 'brand new' && g === 'absent',
      { what: 'the changes synced', timeoutMs: 30_000 },
    )
    expect((await bob.service['sync.list']({}))[0]).toMatchObject({ share, dest })
    await bob.service['sync.remove']({ share, dest })
    expect(await bob.service['sync.list']({})).toEqual([])
  })

  it('lists history and restores a file as it was', async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await fs.writeFile(path.join(folder, 'plan.txt'), 'version one')
    const { id: share } = await alice.service['share.create']({ group: id, path: folder })
    const v1 = (await alice.service['share.history']({ share })).at(-1)!.version
    await fs.writeFile(path.join(folder, 'plan.txt'), 'version two, longer')
    await eventually(
      () => alice.service['share.history']({ share }),
      (h) => h.some((v) => v.version > v1 && v.changed === 1),
      { what: 'a second version' },
    )
    const fileHistory = await eventually(
      () => bob.service['share.history']({ share, path: '/plan.txt' }),
      (h) => h.length >= 2,
      { what: "Bob's view of the file's history" },
    )
    expect(fileHistory.every((v) => v.size !== null)).toBe(true)
    const dest = await net.tmpdir()
    const { transfer } = await bob.service['share.restore']({ share, path: '/plan.txt', version: v1, dest })
    expect((await finished(bob, transfer)).state).toBe('done')
    expect(await fs.readFile(path.join(dest, 'plan.txt'), 'utf8')).toBe('version one')
  })

  it('a download whose only seeder went offline fails as unavailable, and resumes when it is back', async () => {
    const { id, devices } = await net.office('Alice', 'Bob')
    const [alice, bob] = devices as [PeerdeskEngine, PeerdeskEngine]
    const folder = await net.tmpdir()
    await makeFolder(folder, 2, 2 * 1024 * 1024)
    const { id: share } = await alice.service['share.create']({ group: id, path: folder })
    // Bob learns the share (its metadata comes along), then Alice goes away before he downloads.
    await eventually(
      () => bob.service['share.list']({ group: id }),
      (l) => l[0]?.files === 3,
      { what: 'the share and its metadata' },
    )
    const aliceDir = alice.engine.dataDir
    await alice.close()
    const dest = await net.tmpdir()
    const { transfer } = await bob.service['file.download']({ share, path: '/big.bin', dest })
    const failed = await finished(bob, transfer)
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/no online member/),
    })
    expect(await fs.readdir(dest)).toEqual([]) // no half-written file under any name

    const back = await net.engine('Alice', { dataDir: aliceDir })
    await eventually(
      () => back.service['member.list']({ group: id }),
      (l) => l.every((m) => m.online),
      { what: 'Alice back online' },
    )
    const retry = await bob.service['file.download']({ share, path: '/big.bin', dest })
    expect((await finished(bob, retry.transfer)).state).toBe('done')
    expect(await digest(dest)).toEqual({ 'big.bin': (await digest(folder))['big.bin'] })
  }, 90_000)

  it('refuses paths that escape a share and destinations that are not absolute', async () => {
    const { id, devices } = await net.office('Alice')
    const [alice] = devices as [PeerdeskEngine]
    const folder = await net.tmpdir()
    await fs.writeFile(path.join(folder, 'x.txt'), 'x')
    const { id: share } = await alice.service['share.create']({ group: id, path: folder })
    await expect(alice.service['share.browse']({ share, path: '../../etc' })).rejects.toMatchObject({
      code: 'PATH_UNSAFE',
    })
    await expect(
      alice.service['share.create']({ group: id, path: path.join(folder, 'nope') }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})
