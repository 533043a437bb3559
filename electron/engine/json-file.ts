// Small JSON files in the data folder, written atomically (temp file + rename) with a chosen mode.
import fs from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

export async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

export async function writeJson(file: string, value: unknown, mode = 0o600): Promise<void> {
  await writeAtomically(file, mode, (fh) => fh.writeFile(JSON.stringify(value, null, 2) + '\n'))
}

/**
 * Write `file` (its folder made if missing) through `write` into a temp file beside it, renamed into
 * place: a reader sees the old file or the new one, never half of one. A failed write leaves no temp
 * file behind.
 */
export async function writeAtomically(
  file: string,
  mode: number,
  write: (fh: fs.FileHandle) => Promise<void>,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  const fh = await fs.open(tmp, 'w', mode)
  try {
    await write(fh)
    await fh.chmod(mode)
  } catch (err) {
    await fh.close()
    await fs.rm(tmp, { force: true })
    throw err
  }
  await fh.close()
  await fs.rename(tmp, file)
}
