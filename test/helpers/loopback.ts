// Two ends of one real TCP connection over loopback, for streams that run over the kernel's TCP (the
// LAN lane) without a swarm around them.
import net from 'node:net'

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
