// The lane's TCP socket, read into one buffer used again for every read (Node's `onread`) instead of a
// fresh buffer of up to 64 KiB per read. V8 counts every such buffer against the old generation's limit
// while it lives, so a 512 MiB download made the receiver run a full collection every 20 MB or so
// (about 30 for the file); the lane stream copies what it keeps out of each read anyway (a chunk into a
// pooled buffer, a small message into a small one), so nothing needs the read's own buffer afterwards.
//
// Node takes `onread` only where it creates the socket: `net.connect` can, a listener cannot. An
// accepted connection is taken over instead: its handle is wrapped in a new socket that reads this way,
// and the socket the listener made lets go of it (`_handle` is Node's own field; without it, as a
// fallback, the accepted socket is used as it is, and reads go through its 'data' events).
import net from 'node:net'

/** Takes each read; the view is valid only until it returns. */
export type ReadSink = (data: Buffer) => void

/**
 * A lane socket starts paused: data that came before the lane stream is ready to read it would be
 * lost (secret-stream ignores a handshake message before it opens), so the stream resumes it.
 */
export interface LaneSocket {
  socket: net.Socket
  /** Whether reads go to the sink (else through the socket's 'data' events). */
  readonly userBuffered: boolean
  /** Where reads go; set once, by the lane stream. */
  setSink(sink: ReadSink): void
}

/** Every lane reads into this one buffer: reads happen one at a time on the engine's thread. */
const READ_BYTES = 256 * 1024
let readBuffer: Buffer | null = null
const sharedBuffer = (): Buffer => (readBuffer ??= Buffer.allocUnsafeSlow(READ_BYTES))

function userBuffered(make: (onread: net.OnReadOpts) => net.Socket): LaneSocket {
  let sink: ReadSink | null = null
  const onread: net.OnReadOpts = {
    buffer: sharedBuffer(),
    callback: (bytes: number, buffer: Uint8Array) => {
      const data = buffer as Buffer
      sink?.(data.subarray(0, bytes))
      return true
    },
  }
  const socket = make(onread)
  return {
    socket,
    userBuffered: true,
    setSink: (s) => {
      sink = s
    },
  }
}

/** Dial a member's lane. */
export function dialLaneSocket(host: string, port: number): LaneSocket {
  return userBuffered((onread) => {
    const socket = net.connect({ host, port, onread })
    socket.pause()
    return socket
  })
}

/** Take over a connection the lane's listener accepted (the listener must pause on connect). */
export function adoptLaneSocket(accepted: net.Socket): LaneSocket {
  const node = accepted as unknown as { _handle?: object | null }
  const handle = node._handle
  if (!handle) return { socket: accepted, userBuffered: false, setSink: () => undefined }
  return userBuffered((onread) => {
    const socket = new net.Socket({
      handle,
      onread,
      readable: true,
      writable: true,
      pauseOnCreate: true,
    } as never)
    // The listener's socket no longer owns the handle: destroying it closes nothing, and the listener
    // stops counting it.
    node._handle = null
    accepted.destroy()
    return socket
  })
}
