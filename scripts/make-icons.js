// Draws Peerdesk's icons as PNGs with plain Node (no image tools needed): the app icon
// (build/icon.png, 512; build/icons/NxN.png for Linux) and the tray icons per state
// (build/icons/tray-<state>.png at 16 px and tray-<state>@2x.png at 32 px; Electron picks @2x on
// HiDPI screens). electron-builder derives .ico/.icns from build/icon.png. Run: node scripts/make-icons.js
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
function png(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // no filter
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Render shapes (in a 0..1 square) with 4x4 supersampling; later shapes paint over earlier ones. */
function render(size, shapes) {
  const out = Buffer.alloc(size * size * 4)
  const S = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size
          const v = (y + (sy + 0.5) / S) / size
          let px = null
          for (const shape of shapes) if (shape.hit(u, v)) px = shape.color
          if (px) {
            r += px[0]
            g += px[1]
            b += px[2]
            a += 255
          }
        }
      }
      const n = S * S
      const i = (y * size + x) * 4
      const cov = a / n / 255
      out[i] = cov ? Math.round(r / n / cov) : 0
      out[i + 1] = cov ? Math.round(g / n / cov) : 0
      out[i + 2] = cov ? Math.round(b / n / cov) : 0
      out[i + 3] = Math.round(a / n)
    }
  }
  return png(size, out)
}

const circle = (cx, cy, rad, color) => ({ color, hit: (u, v) => (u - cx) ** 2 + (v - cy) ** 2 <= rad ** 2 })
const roundRect = (x0, y0, x1, y1, rad, color) => ({
  color,
  hit: (u, v) => {
    if (u < x0 || u > x1 || v < y0 || v > y1) return false
    const dx = Math.max(x0 + rad - u, 0, u - (x1 - rad))
    const dy = Math.max(y0 + rad - v, 0, v - (y1 - rad))
    return dx * dx + dy * dy <= rad * rad
  },
})
const line = (ax, ay, bx, by, w, color) => ({
  color,
  hit: (u, v) => {
    const t = Math.max(
      0,
      Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    )
    return (u - ax - t * (bx - ax)) ** 2 + (v - ay - t * (by - ay)) ** 2 <= (w / 2) ** 2
  },
})

const WHITE = [255, 255, 255]
// Three peers joined in a triangle: the workgroup.
const peers = [
  [0.5, 0.3],
  [0.3, 0.66],
  [0.7, 0.66],
]
function mark(scale, lineWidth, dot) {
  const c = (p) => [0.5 + (p[0] - 0.5) * scale, 0.5 + (p[1] - 0.5) * scale]
  const [a, b, d] = peers.map(c)
  return [
    line(...a, ...b, lineWidth, WHITE),
    line(...b, ...d, lineWidth, WHITE),
    line(...d, ...a, lineWidth, WHITE),
    ...[a, b, d].map((p) => circle(p[0], p[1], dot, WHITE)),
  ]
}

const appIcon = (size) =>
  render(size, [roundRect(0.06, 0.06, 0.94, 0.94, 0.2, [79, 70, 229]), ...mark(1, 0.05, 0.1)])

const TRAY = {
  idle: [22, 163, 74], // green: all synced
  syncing: [37, 99, 235], // blue: transfers running
  offline: [113, 113, 122], // grey: offline or paused
  attention: [217, 119, 6], // amber: needs the user
}
const trayIcon = (size, color) => render(size, [circle(0.5, 0.5, 0.48, color), ...mark(0.95, 0.1, 0.13)])

export function makeIcons() {
  const dir = path.join(root, 'build', 'icons')
  fs.mkdirSync(dir, { recursive: true })
  const written = []
  const write = (file, data) => {
    fs.writeFileSync(file, data)
    written.push(path.relative(root, file))
  }
  write(path.join(root, 'build', 'icon.png'), appIcon(512))
  for (const size of [512, 256, 128, 64, 32, 16]) write(path.join(dir, `${size}x${size}.png`), appIcon(size))
  for (const [state, color] of Object.entries(TRAY)) {
    write(path.join(dir, `tray-${state}.png`), trayIcon(16, color))
    write(path.join(dir, `tray-${state}@2x.png`), trayIcon(32, color))
  }
  return written
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(makeIcons().join('\n'))
}
