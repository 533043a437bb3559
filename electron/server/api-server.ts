// Hosts the engine headless: the contract over a WebSocket and the built UI over HTTP, both on
// 127.0.0.1 only, behind a random token; the WebSocket also checks Origin, so a web page the user
// happens to open cannot drive the node.
import http from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeJson, encodeFrame } from '../../shared/frames.js'
import { RpcSession } from '../../shared/rpc-session.js'
import type { PeerdeskEngine } from '../engine/index.js'
import { createLogger } from '../engine/logger.js'
import { createStaticHandler } from './static-files.js'
import { removeApiFile, writeApiFile } from './api-file.js'

const log = createLogger('api')

const MAX_FRAME_BYTES = 1024 * 1024

export interface ApiServerOptions {
  engine: PeerdeskEngine
  dataDir: string
  /** 0 or omitted: a free port. */
  port?: number
  /** The built renderer; null serves a page that says how to build it. */
  staticDir?: string | null
  /** Write <dataDir>/api.json (default true). */
  writeApiFile?: boolean
}

export interface ApiServer {
  url: string
  ui: string
  origin: string
  token: string
  port: number
  close(): Promise<void>
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const token = randomBytes(24).toString('hex')
  const serveStatic = createStaticHandler(opts.staticDir ?? null)
  const server = http.createServer((req, res) => {
    serveStatic(req, res).catch((err: unknown) => {
      log.error(`static: ${String(err)}`)
      res.destroy()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const sockets = new Set<WebSocket>()
  let origin = ''

  server.on('upgrade', (req, socket, head) => {
    const refusal = refuse(req, token, origin)
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      serveSocket(ws, opts.engine)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  const api: ApiServer = {
    url: `ws://127.0.0.1:${port}/api`,
    ui: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (opts.writeApiFile !== false) await removeApiFile(opts.dataDir, token)
    },
  }
  if (opts.writeApiFile !== false) {
    await writeApiFile(opts.dataDir, { version: 1, url: api.url, ui: api.ui, token, pid: process.pid })
  }
  return api
}

/** The reason to refuse an upgrade, as an HTTP status line, or null to accept it. */
function refuse(req: http.IncomingMessage, token: string, origin: string): string | null {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname !== '/api') return '404 Not Found'
  // Browsers always send Origin; only our own page may connect. Tools (the CLI) send none.
  const from = req.headers.origin
  if (from !== undefined && from !== origin && from !== origin.replace('127.0.0.1', 'localhost')) {
    return '403 Forbidden'
  }
  const given = url.searchParams.get('token') ?? bearer(req.headers.authorization)
  if (!given || !sameSecret(given, token)) return '401 Unauthorized'
  return null
}

function bearer(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7) : null
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function serveSocket(ws: WebSocket, host: PeerdeskEngine): void {
  const session = new RpcSession({
    service: host.service,
    events: host.engine.events,
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame))
    },
    onInternalError: (err, method) =>
      log.error(`${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  })
  ws.on('message', (data, isBinary) => {
    if (isBinary) return session.rejectUndecodable('frames are JSON text')
    let frame: unknown
    try {
      frame = decodeJson(data.toString())
    } catch {
      return session.rejectUndecodable('not JSON')
    }
    void session.handle(frame)
  })
  ws.on('close', () => session.close())
  ws.on('error', (err) => log.debug(`socket error: ${err.message}`))
}
