// Large machine-read files in the data folder: one JSON value per line, written atomically (temp file +
// rename) in pieces and read back a line at a time. Neither side ever holds the whole file as one string
// or buffer: for 100,000 rows that is about 13 MB, and glibc's malloc, once it has freed a block that
// big, keeps up to twice its size of freed memory in the process instead of giving it back.
import fs from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { writeAtomically } from './json-file.js'

/** Bytes written or read at a time. */
const PIECE = 64 * 1024

export async function writeJsonLines(file: string, values: Iterable<unknown>, mode = 0o600): Promise<void> {
  await writeAtomically(file, mode, async (fh) => {
    let piece = ''
    for (const value of values) {
      piece += JSON.stringify(value) + '\n'
      if (piece.length >= PIECE) {
        await fh.write(piece)
        piece = ''
      }
    }
    if (piece) await fh.write(piece)
  })
}

/** The file's values in order; nothing if it does not exist. A line that is not JSON throws. */
export async function* readJsonLines(file: string): AsyncGenerator<unknown> {
  let fh: fs.FileHandle
  try {
    fh = await fs.open(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  try {
    const buf = Buffer.allocUnsafe(PIECE)
    const decoder = new StringDecoder('utf8')
    let rest = ''
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, PIECE, null)
      if (bytesRead === 0) break
      const text = rest + decoder.write(buf.subarray(0, bytesRead))
      const lines = text.split('\n')
      rest = lines.pop()!
      for (const line of lines) if (line) yield JSON.parse(line)
    }
    rest += decoder.end()
    if (rest) yield JSON.parse(rest)
  } finally {
    await fh.close()
  }
}
