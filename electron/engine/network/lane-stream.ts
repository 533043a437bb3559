// The fast lane's secret stream: @hyperswarm/secret-stream, except that a big message (a content
// chunk) goes through buffers from the chunk pool rather than fresh ones, both ways. An incoming one is
// gathered into a pooled buffer, which the content writer gives back once the chunk is on its way to
// disk; an outgoing one is encrypted in a pooled buffer, given back once the socket has sent it. A
// download then no longer makes V8 count a new megabyte per chunk on either side (see buffer-pool.ts).
// A frame that batches several messages (protomux corks while hypercore answers) keeps its buffer.
//
// `_onrawdata`, `alloc` and `_write` below are secret-stream 6.9's own with that change; the package is
// pinned by the lockfile, and test/network/lane-stream.test.ts runs messages of every size through it.
//
// Over a lane socket (lane-socket.ts) reads come in one buffer used again for the next read, so a
// message that lies whole in a read is copied out of it, as one that spans reads always was.
import type { Duplex } from 'node:stream'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import { chunkPool } from '../buffer-pool.js'
import type { LaneSocket } from './lane-socket.js'

/** secret-stream's authentication tag (sodium-secretstream's ABYTES) and largest frame. */
const ABYTES = 17
const MAX_ATOMIC_WRITE = 256 * 256 * 256 - 1

/** secret-stream's parsing and sending state, which this subclass uses as the parent does. */
interface SecretStreamState {
  _state: number
  _len: number
  _tmp: number
  _message: Buffer | null
  _timeoutTimer: { refresh(): void } | null
  _utp: { setContentSize(n: number): void } | null
  destroying: boolean
  _incoming(): void
  _outgoingPlain: Buffer | null
  _outgoingWrapped: Buffer | null
  _encrypt: { next(plain: Buffer, out: Buffer): void }
  _keepAliveTimer: { refresh(): void } | null
  _rawStream: {
    write(data: Buffer, cb?: () => void): boolean
    resume(): void
    cork?(): void
    uncork?(): void
  }
  _drainDone: ((err: Error | null) => void) | null
  rawBytesWritten: number
}

type SecretStreamOptions = ConstructorParameters<typeof NoiseSecretStream>[2]

export class LaneStream extends NoiseSecretStream {
  /** Reads come from a lane socket, which waits, paused, for this stream to open. */
  readonly #laneSocket: boolean
  /**
   * The read being parsed lies in the lane socket's buffer, used again once this returns. (A plain
   * field: secret-stream's constructor may parse a first read before this class's fields exist.)
   */
  private borrowed = false

  constructor(initiator: boolean, raw?: Duplex | LaneSocket | null, opts?: SecretStreamOptions) {
    const lane = raw && 'setSink' in raw ? raw : null
    super(initiator, lane ? lane.socket : (raw as Duplex | null | undefined), opts)
    this.#laneSocket = lane !== null
    lane?.setSink((data) => {
      this.borrowed = true
      try {
        this._onrawdata(data)
      } finally {
        this.borrowed = false
      }
    })
  }

  /**
   * secret-stream's open listens to the raw stream; a lane socket can start reading from then on. An
   * open it puts off (no raw stream or key pair yet) comes back here when it goes on.
   */
  _open(cb: (err: Error | null) => void): void {
    const parent = NoiseSecretStream.prototype as unknown as { _open(cb: (err: Error | null) => void): void }
    parent._open.call(this, cb)
    const self = this as unknown as SecretStreamState & { _startDone: unknown }
    if (this.#laneSocket && self._startDone === null) self._rawStream.resume()
  }

  /**
   * One decrypted message to the muxer. A pooled buffer holds exactly one message, and its reader (a
   * content answer's) gives it back; but a protomux frame whose first byte is 0 is the muxer's own, a
   * batch of several messages for several readers among them, so its buffer is never given back.
   */
  override push(data: Buffer | null): boolean {
    if (data && data.length > 0 && data[0] === 0 && chunkPool.lent(data)) chunkPool.disown(data)
    return super.push(data)
  }

  /** One read of the raw socket: every frame header, and every message, whole or in parts. */
  _onrawdata(data: Buffer): void {
    const self = this as unknown as SecretStreamState
    let offset = 0
    self._timeoutTimer?.refresh()
    do {
      if (self._state === 0) {
        // The 24-bit little-endian length of the next message, possibly split across reads.
        while (self._tmp !== 0x1000000 && offset < data.byteLength) {
          self._len += self._tmp * data[offset++]!
          self._tmp *= 256
        }
        if (self._tmp === 0x1000000) {
          self._tmp = 0
          self._state = 1
          const unprocessed = data.byteLength - offset
          if (unprocessed < self._len && self._utp !== null) self._utp.setContentSize(self._len - unprocessed)
        }
        continue
      }
      const missing = self._len - self._tmp
      const end = missing + offset
      if (self._message === null && end <= data.byteLength) {
        self._message = this.borrowed ? Buffer.from(data.subarray(offset, end)) : data.subarray(offset, end)
        offset += missing
        self._incoming()
        continue
      }
      const unprocessed = data.byteLength - offset
      // The one change: a message too big for one read goes into a pooled buffer when it is chunk-sized.
      if (self._message === null) self._message = chunkPool.take(self._len) ?? Buffer.allocUnsafe(self._len)
      data.copy(self._message, self._tmp, offset)
      self._tmp += unprocessed
      if (end <= data.byteLength) {
        offset += missing
        self._incoming()
      } else {
        offset += unprocessed
      }
    } while (offset < data.byteLength && !self.destroying)
  }

  /** The socket is corked until this turn of the event loop is over (see #coalesce). */
  #corked = false

  /**
   * Messages written in one turn of the event loop leave in one `writev`: the socket is corked at the
   * first and uncorked in the loop's check phase, after the turn's I/O callbacks and everything they
   * wrote. Each socket write is a syscall (tens of microseconds in this VM), and a small file's
   * request and answer are a message each. On 5,000 small files the receiver made 22,000 write calls
   * rather than 30,000.
   */
  #coalesce(raw: { cork?(): void; uncork?(): void }): void {
    if (this.#corked || typeof raw.cork !== 'function') return
    this.#corked = true
    raw.cork()
    setImmediate(() => {
      this.#corked = false
      raw.uncork?.()
    })
  }

  /** A buffer for the next message's plaintext, with room for the frame around it. */
  alloc(length: number): Buffer {
    const self = this as unknown as SecretStreamState
    const wrapped = chunkPool.take(length + 3 + ABYTES) ?? Buffer.allocUnsafe(length + 3 + ABYTES)
    self._outgoingWrapped = wrapped
    self._outgoingPlain = wrapped.subarray(4, wrapped.byteLength - ABYTES + 1)
    return self._outgoingPlain
  }

  /**
   * Encrypt one message in place and send it; a pooled buffer goes back once the socket sent it.
   * (A streamx write: its second argument is the callback, where the typings' Node stream has an
   * encoding.)
   */
  override _write(data: Buffer, callback: BufferEncoding | ((err: Error | null) => void)): void {
    const cb = callback as (err: Error | null) => void
    const self = this as unknown as SecretStreamState
    let wrapped = self._outgoingWrapped
    if (data !== self._outgoingPlain || wrapped === null) {
      wrapped = Buffer.allocUnsafe(data.byteLength + 3 + ABYTES)
      wrapped.set(data, 4)
    } else {
      self._outgoingWrapped = self._outgoingPlain = null
    }
    if (wrapped.byteLength - 3 > MAX_ATOMIC_WRITE) {
      cb(new Error(`Message is too large for an atomic write. Max size is ${MAX_ATOMIC_WRITE} bytes.`))
      return
    }
    self.rawBytesWritten += wrapped.byteLength
    wrapped.writeUIntLE(wrapped.byteLength - 3, 0, 3)
    // From offset 4, so the cipher works in place.
    self._encrypt.next(wrapped.subarray(4, 4 + data.byteLength), wrapped.subarray(3))
    self._keepAliveTimer?.refresh()
    this.#coalesce(self._rawStream)
    const sent = wrapped
    const flushed = chunkPool.lent(sent)
      ? self._rawStream.write(sent, () => chunkPool.give(sent))
      : self._rawStream.write(sent)
    if (flushed === false) self._drainDone = cb
    else cb(null)
  }
}
