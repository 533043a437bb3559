// A share's entries folded from its metadata log agree with Hyperbee's tree, on a member's replica.
import Hyperdrive from 'hyperdrive'
import type { DriveEntry } from 'hyperdrive'
import SubEncoder from 'sub-encoder'
import type Corestore from 'corestore'
import { afterEach, describe, expect, it } from 'vitest'
import { foldFileEntries } from '../../electron/engine/shares/drive-log.js'
import { createHarness, newKey, readerOf } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

/** The owner's stores, by drive: a replica links to its drive's. */
const stores = new WeakMap<Hyperdrive, Corestore>()

async function ownerDrive(): Promise<Hyperdrive> {
  const store = await h.store()
  const drive = new Hyperdrive(store.namespace('share'), null, { encryptionKey: newKey() })
  await drive.ready()
  h.onTeardown(() => drive.close())
  stores.set(drive, store)
  return drive
}

/** A member's replica of `drive`, up to date. */
async function replicaOf(drive: Hyperdrive): Promise<Hyperdrive> {
  const store = await h.store()
  h.link(stores.get(drive)!, store)
  return (await readerOf(h, store, drive.key, drive.encryptionKey!)).drive
}

async function walked(drive: Hyperdrive): Promise<DriveEntry[]> {
  const out: DriveEntry[] = []
  for await (const entry of drive.list('/')) out.push(entry)
  return out
}

const plain = (entries: DriveEntry[]) => entries.map(({ seq, key, value }) => ({ seq, key, value }))

describe('foldFileEntries', () => {
  it('holds what the tree holds: overwrites, deletes, other keys, byte order, older versions', async () => {
    const drive = await ownerDrive()
    // Names whose order by bytes differs from a naive one: '/a.txt' < '/a/…' < '/a0' < '/b' < '/é'.
    const names = ['/é/x.txt', '/b', '/a0', '/a/z.txt', '/a/b/c.txt', '/a.txt', '/keep.txt', '/gone.txt']
    for (const name of names) await drive.put(name, Buffer.from(`first ${name}`))
    const middle = drive.version
    await drive.put('/keep.txt', Buffer.from('second')) // overwritten: the later entry wins
    await drive.del('/gone.txt')
    await drive.del('/never-there.txt') // writes no block
    await drive.db.put('log/00000001', { files: 7 }) // the share's own keys are not files
    await drive.symlink('/link', '/keep.txt')
    const batch = drive.batch()
    await batch.put('/batched/one.txt', Buffer.from('1'))
    await batch.del('/a0')
    await batch.flush()

    const replica = await replicaOf(drive)
    const folded = await foldFileEntries(replica)
    expect(plain(folded)).toEqual(plain(await walked(replica)))
    expect(folded.map((e) => e.key)).toContain('/link')
    expect(folded.map((e) => e.key)).not.toContain('/gone.txt')
    expect(folded.find((e) => e.key === '/keep.txt')!.value.blob!.byteLength).toBe('second'.length)

    const old = replica.checkout(middle)
    await old.ready()
    h.onTeardown(() => old.close())
    const foldedOld = await foldFileEntries(old)
    expect(foldedOld.map((e) => e.key)).toContain('/gone.txt')
    expect(plain(foldedOld)).toEqual(plain(await walked(old)))
  })

  it('refuses a log block that is not a Hyperbee node, saying which', async () => {
    const drive = await ownerDrive()
    await drive.put('/ok.txt', Buffer.from('fine'))
    const bad = drive.db.core.length
    await (drive.db.core as unknown as { append(b: Buffer): Promise<unknown> }).append(
      Buffer.from([0xff, 0xff]),
    )
    const replica = await replicaOf(drive)
    await expect(foldFileEntries(replica)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining(`Block ${bad} `),
    })
  })

  it('refuses a live entry whose value is not a JSON object, and ignores one deleted later', async () => {
    const drive = await ownerDrive()
    const files = new SubEncoder('files', 'utf-8')
    await drive.put('/ok.txt', Buffer.from('fine'))
    await drive.db.put('/was-bad.txt', Buffer.from('{not json'), {
      keyEncoding: files,
      valueEncoding: 'binary',
    })
    await drive.del('/was-bad.txt')
    const replica = await replicaOf(drive)
    expect((await foldFileEntries(replica)).map((e) => e.key)).toEqual(['/ok.txt'])

    await drive.db.put('/bad.txt', Buffer.from('42'), { keyEncoding: files, valueEncoding: 'binary' })
    await replica.update({ wait: true })
    await expect(foldFileEntries(replica)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('not JSON'),
    })
  })
})
