// Real corestores in temporary folders, replicated in-process over piped streams, for the shares tests.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import Corestore from 'corestore'
import Protomux from 'protomux'
import { ContentHost } from '../../electron/engine/shares/content-host.js'
import { ShareReader } from '../../electron/engine/shares/share-reader.js'
import { LaneStream } from '../../electron/engine/network/lane-stream.js'
import { laneSocketPair } from '../helpers/loopback.js'

/** A device's content host in these tests: one group, 'g', whose members are everyone linked. */
export interface Device {
  store: Corestore
  content: ContentHost
  key: string
}

export interface Harness {
  tmpdir(prefix?: string): Promise<string>
  store(dir?: string): Promise<Corestore>
  /** Replicate two stores; returns a function that cuts the link. */
  link(a: Corestore, b: Corestore): () => void
  /** A store with a content host (group 'g'). */
  device(dir?: string): Promise<Device>
  /** Replicate two devices and open content channels between them; returns the cut. */
  connect(a: Device, b: Device): () => void
  /** A LAN lane between two devices (TCP over loopback), preferred for content; returns the cut. */
  lane(a: Device, b: Device): Promise<() => void>
  /** Close everything in reverse order and remove the folders. */
  teardown(): Promise<void>
  onTeardown(fn: () => Promise<unknown> | unknown): void
}

export function createHarness(): Harness {
  const dirs: string[] = []
  const cleanups: (() => Promise<unknown> | unknown)[] = []
  const h: Harness = {
    async tmpdir(prefix = 'peerdesk-shares-') {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
    async store(dir) {
      const store = new Corestore(dir ?? (await h.tmpdir('peerdesk-store-')))
      await store.ready()
      cleanups.push(() => store.close())
      return store
    },
    link(a, b) {
      const s1 = a.replicate(true) as Duplex
      const s2 = b.replicate(false) as Duplex
      s1.pipe(s2).pipe(s1)
      const noop = (): void => undefined
      s1.on('error', noop)
      s2.on('error', noop)
      const cut = (): void => {
        s1.destroy()
        s2.destroy()
      }
      cleanups.push(cut)
      return cut
    },
    async device(dir) {
      const store = await h.store(dir)
      const content = new ContentHost({ allowed: (_key, group) => group === 'g' })
      cleanups.push(() => content.close())
      return { store, content, key: randomBytes(32).toString('hex') }
    },
    connect(a, b) {
      const s1 = a.store.replicate(true) as Duplex
      const s2 = b.store.replicate(false) as Duplex
      s1.pipe(s2).pipe(s1)
      const noop = (): void => undefined
      s1.on('error', noop)
      s2.on('error', noop)
      // corestore.replicate returns the raw stream; the muxer sits on the Noise stream inside it.
      const mux = (s: Duplex) => Protomux.from((s as unknown as { noiseStream: Duplex }).noiseStream)
      a.content.attach(mux(s1), b.key)
      b.content.attach(mux(s2), a.key)
      const cut = (): void => {
        s1.destroy()
        s2.destroy()
      }
      cleanups.push(cut)
      return cut
    },
    async lane(a, b) {
      // The fast lane's own sockets: reads into one shared buffer, the accepted one taken over.
      const tcp = await laneSocketPair()
      const sa = new LaneStream(true, tcp.dialled)
      const sb = new LaneStream(false, tcp.accepted)
      const noop = (): void => undefined
      sa.on('error', noop)
      sb.on('error', noop)
      await Promise.all([sa.opened, sb.opened])
      a.content.attach(Protomux.from(sa as unknown as Duplex), b.key, { preferred: true })
      b.content.attach(Protomux.from(sb as unknown as Duplex), a.key, { preferred: true })
      const cut = (): void => {
        sa.destroy()
        sb.destroy()
        tcp.close()
      }
      cleanups.push(cut)
      return cut
    },
    onTeardown(fn) {
      cleanups.push(fn)
    },
    async teardown() {
      for (const fn of cleanups.reverse()) await fn()
      cleanups.length = 0
      for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true })
      dirs.length = 0
    },
  }
  return h
}

export const newKey = (): Buffer => randomBytes(32)

/** A member's reader of a share, open and up to date with a linked peer; closed at teardown. */
export async function readerOf(
  harness: Harness,
  store: Corestore,
  key: Buffer,
  encryptionKey: Buffer,
): Promise<ShareReader> {
  const r = new ShareReader({ store, key, encryptionKey })
  await r.ready()
  harness.onTeardown(() => r.close())
  const done = r.drive.findingPeers()
  await r.update()
  done()
  return r
}

export async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel)
    await fs.mkdir(path.dirname(file), { recursive: true })
    await fs.writeFile(file, content)
  }
}

/** Resolve when `emitter` emits `event` with a payload `ok` accepts. */
export function waitFor<T>(
  emitter: { on(e: string, f: (v: T) => void): unknown; off(e: string, f: (v: T) => void): unknown },
  event: string,
  ok: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const on = (value: T): void => {
      if (!ok(value)) return
      emitter.off(event, on)
      resolve(value)
    }
    emitter.on(event, on)
  })
}

/**
 * A new folder with a 1 MiB tmpfs mounted on it, unmounted at teardown: a disk that fills up. Or why
 * it cannot be made here (not root, no mount), for the test to skip with.
 */
export async function tinyDisk(h: Harness): Promise<{ dir: string } | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a tmpfs' }
  const dir = await h.tmpdir()
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' })
  } catch (err) {
    return { skip: `could not mount a tmpfs: ${String(err).split('\n')[0]}` }
  }
  h.onTeardown(() => execFileSync('umount', [dir]))
  return { dir }
}
