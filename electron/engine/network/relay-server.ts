// A blind relay on a DHT node: members whose holepunching fails pair through it (hyperdht's
// `relayThrough`). It forwards encrypted UDX packets and never sees plaintext. An office server runs
// one next to its bootstrap node (`peerdesk bootstrap --relay`).
import { Server as RelayServer } from 'blind-relay'
import type DHT from 'hyperdht'
import type { KeyPair } from 'hypercore-crypto'
import { createLogger } from '../logger.js'

const log = createLogger('relay')

interface DhtServer {
  listen(keyPair?: KeyPair): Promise<void>
  close(): Promise<void>
  publicKey: Buffer
}

interface RelayableDht {
  createServer(onconnection: (socket: RelaySocket) => void): DhtServer
  createRawStream(opts: object): unknown
}

interface RelaySocket {
  remotePublicKey: Buffer
  setKeepAlive(ms: number): void
  on(event: 'error', cb: (err: Error) => void): void
}

export interface Relay {
  publicKey: string
  close(): Promise<void>
}

export async function startRelay(dht: DHT, keyPair: KeyPair): Promise<Relay> {
  const node = dht as unknown as RelayableDht
  const relay = new RelayServer({ createStream: (opts) => node.createRawStream({ ...opts, framed: true }) })
  const server = node.createServer((socket) => {
    socket.setKeepAlive(5000)
    socket.on('error', (err) => log.debug(`relay socket: ${err.message}`))
    relay.accept(socket, { id: socket.remotePublicKey }).on('error', (err: Error) => log.debug(err.message))
  })
  await server.listen(keyPair)
  return {
    publicKey: server.publicKey.toString('hex'),
    close: async () => {
      await relay.close()
      await server.close()
    },
  }
}
