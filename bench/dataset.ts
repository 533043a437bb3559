// The datasets, made from a fixed seed so every run (and every machine) moves the same bytes, and
// the check that a copy is exact: the sha256 of every file, and no file missing or extra.
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { cleaningUp } from './proc.js'

export interface Dataset {
  name: string
  dir: string
  /** Relative path (with '/') -> sha256 hex, of every regular file. */
  manifest: Record<string, string>
  files: number
  bytes: number
  /** Runs per tool in the transfer bench (default 1): each tool's row is its median round. */
  rounds?: number
}

/** xoshiro128** seeded through splitmix32: tiny, fast, and the same sequence everywhere. */
export function prng(seed: number): () => number {
  let s = seed >>> 0
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = split()
  let b = split()
  let c = split()
  let d = split()
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0
    const t = (b << 9) >>> 0
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

/** Random (so incompressible: nobody gains from compression) bytes from the generator. */
function fill(next: () => number, buf: Buffer): void {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2)
  for (let i = 0; i < words.length; i++) words[i] = next()
  for (let i = words.length * 4; i < buf.length; i++) buf[i] = next() & 0xff
}

/** One file of `bytes` bytes, written and hashed in 4 MiB chunks. */
export async function makeBigFile(dir: string, bytes: number, seed: number): Promise<Dataset> {
  await fs.mkdir(dir, { recursive: true })
  const next = prng(seed)
  const hash = createHash('sha256')
  const file = await fs.open(path.join(dir, 'big.bin'), 'w')
  const chunk = Buffer.alloc(4 * 1024 * 1024)
  try {
    for (let done = 0; done < bytes;) {
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - done))
      fill(next, part)
      hash.update(part)
      await file.write(part)
      done += part.length
    }
  } finally {
    await file.close()
  }
  return { name: '', dir, manifest: { 'big.bin': hash.digest('hex') }, files: 1, bytes }
}

/** `count` files of 1–64 KiB, 100 to a subfolder (a folder of 5,000 files in one level is unusual). */
export async function makeSmallFiles(dir: string, count: number, seed: number): Promise<Dataset> {
  const next = prng(seed)
  const manifest: Record<string, string> = {}
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const sub = `d${String(Math.floor(i / 100)).padStart(3, '0')}`
    if (i % 100 === 0) await fs.mkdir(path.join(dir, sub), { recursive: true })
    const size = 1024 + (next() % (64 * 1024 - 1024 + 1))
    const buf = Buffer.alloc(size)
    fill(next, buf)
    const rel = `${sub}/f${String(i).padStart(5, '0')}.bin`
    await fs.writeFile(path.join(dir, rel), buf)
    manifest[rel] = createHash('sha256').update(buf).digest('hex')
    bytes += size
  }
  return { name: '', dir, manifest, files: count, bytes }
}

/**
 * `count` files of 200 B–2 KiB, 1,000 to a subfolder: the scan scenario's folder (100 × 1,000 in the
 * full run). No manifest: nothing is copied, only scanned; the file and byte counts are what is checked.
 */
export async function makeManyFiles(
  dir: string,
  count: number,
  seed: number,
): Promise<Omit<Dataset, 'manifest'>> {
  const next = prng(seed)
  const buf = Buffer.alloc(2048)
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const sub = `d${String(Math.floor(i / 1000)).padStart(3, '0')}`
    if (i % 1000 === 0) {
      // A Ctrl+C meanwhile: stop writing, or the clean-up's rm races new files into the folder.
      if (cleaningUp()) throw new Error('stopped: cleaning up')
      await fs.mkdir(path.join(dir, sub), { recursive: true })
    }
    const size = 200 + (next() % (2048 - 200 + 1))
    const part = buf.subarray(0, size)
    fill(next, part)
    await fs.writeFile(path.join(dir, sub, `f${String(i).padStart(6, '0')}.bin`), part)
    bytes += size
  }
  return { name: '', dir, files: count, bytes }
}

/** Every regular file under `dir` (relative, '/'-separated). Tools' own folders are not data. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (rel.startsWith('.stfolder/') || rel.startsWith('.stversions/')) continue
    out.push(rel)
  }
  return out
}

/** Files up to this size are read whole: a stream's 1 MiB buffer per small file made the check slow. */
const READ_WHOLE = 1024 * 1024

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  const handle = await fs.open(file)
  try {
    const { size } = await handle.stat()
    if (size <= READ_WHOLE) {
      hash.update(await handle.readFile())
    } else {
      for await (const chunk of handle.createReadStream({ highWaterMark: READ_WHOLE })) hash.update(chunk)
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

/** null when `dir` holds exactly the manifest's files with the same contents, else what is wrong. */
export async function verifyCopy(dir: string, manifest: Record<string, string>): Promise<string | null> {
  const found = await listFiles(dir).catch(() => [])
  const expected = Object.keys(manifest)
  const extra = found.filter((f) => !(f in manifest))
  if (extra.length) return `${extra.length} unexpected file(s), e.g. ${extra[0]}`
  if (found.length !== expected.length) return `${expected.length - found.length} file(s) missing`
  // A few files at a time: small files are latency-bound, the big one is bound by sha256 anyway.
  let bad: string | null = null
  let index = 0
  const worker = async () => {
    while (bad === null && index < expected.length) {
      const rel = expected[index++]!
      const sum = await sha256File(path.join(dir, rel)).catch(() => 'unreadable')
      if (sum !== manifest[rel]) bad = `${rel} differs (sha256 ${sum.slice(0, 12)}…)`
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return bad
}
