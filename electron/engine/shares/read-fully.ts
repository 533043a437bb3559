// Reading a span of a file until it is full or the file ends: a read may return less than asked.
import fs from 'node:fs'
import type { FileHandle } from 'node:fs/promises'

/** Fill `into` from `position`; resolves the bytes read (fewer only where the file ends). */
export async function readFully(fh: FileHandle, into: Buffer, position: number): Promise<number> {
  let at = 0
  while (at < into.length) {
    const { bytesRead } = await fh.read(into, at, into.length - at, position + at)
    if (bytesRead === 0) break
    at += bytesRead
  }
  return at
}

/** readFully, synchronously, on a file descriptor. */
export function readFullySync(fd: number, into: Buffer, position: number): number {
  let at = 0
  while (at < into.length) {
    const n = fs.readSync(fd, into, at, into.length - at, position + at)
    if (n === 0) break
    at += n
  }
  return at
}

/** A whole file of at most `max` bytes, read synchronously, with its mtime; null when it is bigger. */
export function readSmallFile(file: string, max: number): { data: Buffer; mtime: number } | null {
  const fd = fs.openSync(file, 'r')
  try {
    const st = fs.fstatSync(fd)
    if (st.size > max) return null
    const data = Buffer.allocUnsafe(st.size)
    return { data: data.subarray(0, readFullySync(fd, data, 0)), mtime: st.mtimeMs }
  } finally {
    fs.closeSync(fd)
  }
}
