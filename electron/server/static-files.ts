// Serves the built renderer (dist/renderer) to browsers in browser mode. Only files inside the folder.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Peerdesk</title>
<body style="font-family:system-ui;margin:3rem"><h1>Peerdesk is running</h1>
<p>The user interface has not been built yet. Run <code>npm run build:renderer</code> and reload.</p>`

export function createStaticHandler(root: string | null) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'Method not allowed')
    const url = new URL(req.url ?? '/', 'http://localhost')
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      return send(res, 400, 'text/plain', 'Bad path')
    }
    if (rel.includes('\0')) return send(res, 400, 'text/plain', 'Bad path')
    if (rel === '/' || rel === '') rel = '/index.html'
    if (!root) return send(res, 200, TYPES['.html']!, NOT_BUILT)
    const file = path.resolve(root, '.' + path.posix.normalize(rel))
    if (!file.startsWith(path.resolve(root) + path.sep)) return send(res, 403, 'text/plain', 'Forbidden')
    try {
      const body = await fs.readFile(file)
      send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body)
    } catch {
      if (rel === '/index.html') return send(res, 200, TYPES['.html']!, NOT_BUILT)
      send(res, 404, 'text/plain', 'Not found')
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  })
  res.end(body)
}
