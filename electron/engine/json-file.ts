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

export interface WriteJsonOptions {
  mode?: number
}

export async function writeJson(
  file: string,
  value: unknown,
  { mode = 0o600 }: WriteJsonOptions = {},
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await fs.writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode })
  await fs.chmod(tmp, mode)
  await fs.rename(tmp, file)
}
