import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readJsonLines, writeJsonLines } from './json-lines.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true })
})

async function tmpFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-lines-'))
  dirs.push(dir)
  return path.join(dir, 'sub', 'rows.jsonl')
}

async function readAll(file: string): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const value of readJsonLines(file)) out.push(value)
  return out
}

describe('json-lines', () => {
  it('reads back what it wrote, across pieces and split multi-byte characters', async () => {
    const file = await tmpFile()
    // Rows long enough, and of odd lengths, that lines and 'é' fall across the 64 KiB reads.
    const rows = Array.from({ length: 3000 }, (_, i) => [`/dossier-é/${i}`, 'é'.repeat(i % 97), i])
    await writeJsonLines(file, [{ format: 1 }, ...rows])
    expect((await fs.stat(file)).size).toBeGreaterThan(3 * 64 * 1024)
    expect(await readAll(file)).toEqual([{ format: 1 }, ...rows])
  })

  it('writes the file with the mode asked for, and leaves no temp file', async () => {
    const file = await tmpFile()
    await writeJsonLines(file, [1, 2], 0o600)
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
    expect(await fs.readdir(path.dirname(file))).toEqual(['rows.jsonl'])
  })

  it('a missing file reads as nothing, a damaged line throws', async () => {
    const file = await tmpFile()
    expect(await readAll(file)).toEqual([])
    await fs.mkdir(path.dirname(file), { recursive: true })
    await fs.writeFile(file, '[1]\n[2,\n')
    await expect(readAll(file)).rejects.toThrow(SyntaxError)
  })
})
