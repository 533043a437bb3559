// Content between members: a content channel on every member connection (the swarm's, and the LAN
// fast lane's when there is one), answering from the content index, and the ContentAccess a download
// uses to find and fetch copies. Requests are served only to members of the group a content is in.
import fs from 'node:fs'
import type Protomux from 'protomux'
import { createLogger } from '../logger.js'
import { SMALL_FILE, chunkCount, chunkLength, type ContentRef } from './content-hash.js'
import type { ContentPeer } from './content-fetch.js'
import { locate } from './content-fetch.js'
import { ContentIndex } from './content-index.js'
import { OpenFiles } from './open-files.js'
import { readFullySync } from './read-fully.js'
import { CONTENT_PROTOCOL, ContentChannel, RequestKind, type ContentRequest } from './content-protocol.js'
import type { ContentAccess } from './download.js'

const log = createLogger('content-host')

function readSmall(file: string, into: Buffer): boolean {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch {
    return false
  }
  try {
    return readFullySync(fd, into, 0) === into.length
  } finally {
    fs.closeSync(fd)
  }
}

export interface ContentHostOptions {
  /** Whether the device `remoteKey` may fetch the contents of group `group` (its members only). */
  allowed(remoteKey: string, group: string): boolean
}

interface Attached {
  channel: ContentChannel
  /** A faster connection than the swarm's (the LAN lane): used first while it is open. */
  preferred: boolean
}

export class ContentHost {
  readonly index = new ContentIndex()
  readonly #opts: ContentHostOptions
  readonly #channels = new Map<string, Attached[]>()
  readonly #muxes = new WeakSet<Protomux>()
  readonly #files = new OpenFiles()
  #closed = false

  constructor(opts: ContentHostOptions) {
    this.#opts = opts
  }

  /**
   * Open a content channel with `remoteKey` on `mux`. Protomux drops a channel the other side opens
   * before we have one, so we also pair: the peer's open creates ours on demand.
   */
  attach(mux: Protomux, remoteKey: string, opts: { preferred?: boolean } = {}): void {
    if (this.#closed) return
    const open = (): void => {
      if (this.#closed) return
      const list = this.#channels.get(remoteKey) ?? []
      if (list.some((a) => a.channel.mux === mux && !a.channel.closed)) return
      let attached: Attached | null = null
      try {
        const channel = ContentChannel.open(
          mux,
          remoteKey,
          (req, allocate) => this.#serve(remoteKey, req, allocate),
          () => {
            const now = (this.#channels.get(remoteKey) ?? []).filter((a) => a !== attached)
            if (now.length > 0) this.#channels.set(remoteKey, now)
            else this.#channels.delete(remoteKey)
          },
        )
        attached = { channel, preferred: opts.preferred ?? false }
      } catch (err) {
        log.info(`no content channel with ${remoteKey.slice(0, 8)}: ${String(err)}`)
        return
      }
      list.push(attached)
      this.#channels.set(remoteKey, list)
    }
    if (!this.#muxes.has(mux)) {
      this.#muxes.add(mux)
      mux.pair({ protocol: CONTENT_PROTOCOL }, open)
    }
    open()
  }

  /** One channel per connected device: the preferred (LAN lane) one when it is open. */
  peers(filter: (remoteKey: string) => boolean = () => true): ContentPeer[] {
    const out: ContentPeer[] = []
    for (const [key, list] of this.#channels) {
      if (!filter(key)) continue
      const open = list.filter((a) => a.channel.opened)
      const best = open.find((a) => a.preferred) ?? open[0]
      if (best) out.push(best.channel)
    }
    return out
  }

  /** Whether a fast lane to `remoteKey` is open. */
  hasLane(remoteKey: string): boolean {
    return (this.#channels.get(remoteKey) ?? []).some((a) => a.preferred && a.channel.opened)
  }

  /** What a download in group `group` uses: its members' copies, and it adds what it writes. */
  access(group: string, isMember: (remoteKey: string) => boolean): ContentAccess {
    return {
      locate: (hashes) => locate(this.peers(isMember), hashes),
      remember: (ref: ContentRef, file, st) => this.index.add(ref, file, st, group),
    }
  }

  close(): void {
    this.#closed = true
    for (const list of this.#channels.values()) for (const a of list) a.channel.close()
    this.#channels.clear()
    this.#files.closeAll()
  }

  async #serve(
    remoteKey: string,
    req: ContentRequest,
    allocate: (length: number) => Buffer,
  ): Promise<Buffer | null> {
    const allowed = (group: string): boolean => this.#opts.allowed(remoteKey, group)
    if (req.kind === RequestKind.Have) {
      const bits = Buffer.alloc(req.hashes.length)
      req.hashes.forEach((hash, i) => {
        if (this.index.has(hash.toString('hex'), allowed)) bits[i] = 1
      })
      return bits
    }
    const source = await this.index.find(req.hashes[0]!.toString('hex'), allowed)
    if (!source) return null
    const ref = { size: source.size, chunk: source.chunk }
    if (req.index >= chunkCount(ref)) return null
    const length = chunkLength(ref, req.index)
    const data = allocate(length)
    // A small file in one synchronous read: cheaper than four trips through the thread pool (open,
    // read, close and the promise hops), and over in microseconds on a local disk.
    if (source.size <= SMALL_FILE) return readSmall(source.file, data) ? data : null
    return (await this.#files.read(source.file, data, req.index * source.chunk)) ? data : null
  }
}
