// Two ends of one real TCP connection over loopback, for streams that run over the kernel's TCP (the
// LAN lane) without a swarm around them.
import net from 'node:net'
import {
  adoptLaneSocket,
  dialLaneSocket,
  type LaneSocket,
} from '../../electron/engine/network/lane-socket.js'

export interface LoopbackPair {
  /** The end that dialled. */
  dialled: net.Socket
  /** The end the listener accepted. */
  accepted: net.Socket
  /** Stop listening (the sockets are their users' to close). */
  close(): void
}

export async function loopbackPair(): Promise<LoopbackPair> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve))
  const dialled = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
  return { dialled, accepted: await accepted, close: () => server.close() }
}

export interface LaneSocketPair {
  dialled: LaneSocket
  accepted: LaneSocket
  /** Stop listening; `done` once the listener has closed. */
  close(done?: () => void): void
}

/** Two lane sockets (lane-socket.ts) on one loopback connection, as the fast lane makes them. */
export async function laneSocketPair(): Promise<LaneSocketPair> {
  const server = net.createServer({ pauseOnConnect: true })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve))
  const dialled = dialLaneSocket('127.0.0.1', (server.address() as net.AddressInfo).port)
  return { dialled, accepted: adoptLaneSocket(await accepted), close: (done) => server.close(() => done?.()) }
}
