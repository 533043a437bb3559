// A Node client of a running node (the CLI, tests): a WebSocket transport and an RpcClient on it.
import WebSocket from 'ws'
import { AppError } from '../../shared/errors.js'
import { decodeJson, encodeFrame, type Frame } from '../../shared/frames.js'
import { RpcClient, type RpcClientOptions } from '../../shared/rpc-client.js'
import type { Transport } from '../../shared/transport.js'

export interface NodeConnection {
  client: RpcClient
  close(): Promise<void>
}

export async function connect(
  url: string,
  token: string,
  opts: RpcClientOptions = {},
): Promise<NodeConnection> {
  const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => {
      reject(
        res.statusCode === 401
          ? new AppError('UNAUTHORIZED', 'The node refused the token (is api.json current?)')
          : new AppError('UNAVAILABLE', `The node refused the connection (HTTP ${res.statusCode})`),
      )
    })
    ws.once('error', (err) =>
      reject(new AppError('NOT_RUNNING', `Cannot reach the node at ${url}: ${err.message}`)),
    )
  })
  const frameListeners = new Set<(frame: Frame) => void>()
  const closeListeners = new Set<() => void>()
  ws.on('message', (data) => {
    let frame: Frame
    try {
      frame = decodeJson(data.toString()) as Frame
    } catch {
      return
    }
    for (const cb of frameListeners) cb(frame)
  })
  ws.on('close', () => {
    for (const cb of closeListeners) cb()
  })
  ws.on('error', () => undefined)
  const transport: Transport = {
    send: (frame) => ws.send(encodeFrame(frame)),
    onFrame: (cb) => {
      frameListeners.add(cb)
      return () => frameListeners.delete(cb)
    },
    onClose: (cb) => {
      closeListeners.add(cb)
      return () => closeListeners.delete(cb)
    },
  }
  const client = new RpcClient(transport, opts)
  return {
    client,
    close: async () => {
      client.close()
      if (ws.readyState === WebSocket.CLOSED) return
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve())
        ws.close()
      })
    },
  }
}
