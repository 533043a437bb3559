import fs from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CheckedPaths,
  isInside,
  isSafePeerPath,
  normalisePeerPath,
  resolveInside,
  segmentProblem,
} from '../../electron/engine/shares/safe-path.js'
import { createHarness } from './helpers.js'

const h = createHarness()
afterEach(() => h.teardown())

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

describe('normalisePeerPath', () => {
  it('keeps ordinary relative paths and drive keys', () => {
    expect(normalisePeerPath('a/b/c.txt')).toBe('a/b/c.txt')
    expect(normalisePeerPath('docs/')).toBe('docs')
    expect(normalisePeerPath('/docs/report 2024.pdf', { rooted: true })).toBe('docs/report 2024.pdf')
    expect(normalisePeerPath('/ünïcödé/файл.txt', { rooted: true })).toBe('ünïcödé/файл.txt')
    expect(normalisePeerPath('.hidden/.env')).toBe('.hidden/.env')
    expect(normalisePeerPath('a..b/c...d.txt')).toBe('a..b/c...d.txt')
    expect(normalisePeerPath('a\\b')).toBe('a/b')
  })

  it.each([
    ['..', 'dot segment'],
    ['../etc/passwd', 'dot segment'],
    ['a/../../b', 'dot segment'],
    ['a/./b', 'dot segment'],
    ['..\\..\\windows\\system32', 'dot segment'],
    ['/etc/passwd', 'absolute path'],
    ['\\\\server\\share', 'absolute path'],
    ['C:', 'drive letter'],
    ['C:\\Windows', 'drive letter'],
    ['c:evil.txt', 'drive letter'],
    ['a/C:/b', 'drive letter'],
    ['a\u0000b', 'NUL character'],
    ['a/b\u0001c', 'control character'],
    ['a\nb', 'control character'],
    ['a\u007fb', 'control character'],
    ['CON', 'reserved device name'],
    ['con', 'reserved device name'],
    ['docs/PRN.txt', 'reserved device name'],
    ['aux.tar.gz', 'reserved device name'],
    ['NUL', 'reserved device name'],
    ['COM1', 'reserved device name'],
    ['com9.log', 'reserved device name'],
    ['LPT1', 'reserved device name'],
    ['lpt9.txt', 'reserved device name'],
    ['CON .txt', 'reserved device name'],
    ['a//b', 'empty segment'],
    ['', 'empty path'],
    ['file.', 'trailing dot or space'],
    ['file ', 'trailing dot or space'],
    ['notes:v2', 'character not allowed on Windows'],
    ['what?.txt', 'character not allowed on Windows'],
    ['x'.repeat(256), 'segment too long'],
  ])('refuses %j (%s)', (input, why) => {
    let error: { code?: string; data?: { why?: string } } | undefined
    try {
      normalisePeerPath(input)
    } catch (err) {
      error = err as typeof error
    }
    expect(error?.code).toBe('PATH_UNSAFE')
    expect(error?.data?.why).toBe(why)
  })

  it('refuses drive keys that are absolute on the OS or unrooted', () => {
    expect(codeOf(() => normalisePeerPath('//etc/passwd', { rooted: true }))).toBe('PATH_UNSAFE')
    expect(codeOf(() => normalisePeerPath('/C:/x', { rooted: true }))).toBe('PATH_UNSAFE')
    expect(codeOf(() => normalisePeerPath('docs/a', { rooted: true }))).toBe('PATH_UNSAFE')
    expect(codeOf(() => normalisePeerPath('/', { rooted: true }))).toBe('PATH_UNSAFE')
  })

  it('allows names that only look like device names', () => {
    for (const ok of ['CONSOLE', 'com10', 'lpt', 'auxiliary.txt', 'nullable', 'my CON']) {
      expect(segmentProblem(ok)).toBeNull()
    }
    expect(isSafePeerPath('CON')).toBe(false)
    expect(isSafePeerPath('docs/CONSOLE.md')).toBe(true)
  })
})

describe('resolveInside', () => {
  it('resolves below the destination and creates nothing', async () => {
    const dest = await h.tmpdir()
    const real = await fs.realpath(dest)
    expect(await resolveInside(dest, 'a/b/c.txt')).toBe(path.join(real, 'a', 'b', 'c.txt'))
    expect(await fs.readdir(dest)).toEqual([])
    expect(isInside(real, path.join(real, 'a'))).toBe(true)
    expect(isInside(real, path.join(real, '..', 'x'))).toBe(false)
  })

  it('refuses hostile paths with PATH_UNSAFE', async () => {
    const dest = await h.tmpdir()
    for (const bad of ['../x', '/etc/passwd', 'C:\\x', 'a/../../x', 'CON', 'a\u0000b', '']) {
      await expect(resolveInside(dest, bad)).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    }
  })

  it('refuses to go through a symlink that points out, but follows one that stays inside', async () => {
    const dest = await h.tmpdir()
    const outside = await h.tmpdir()
    await fs.mkdir(path.join(dest, 'inner'))
    await fs.symlink(outside, path.join(dest, 'escape'))
    await fs.symlink(path.join(dest, 'inner'), path.join(dest, 'alias'))
    await fs.symlink(path.join(dest, 'missing'), path.join(dest, 'dangling'))
    await fs.symlink('/etc/passwd', path.join(dest, 'passwd'))
    await expect(resolveInside(dest, 'escape/evil.txt')).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    await expect(resolveInside(dest, 'escape')).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    await expect(resolveInside(dest, 'passwd')).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    await expect(resolveInside(dest, 'dangling/x')).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    expect(await resolveInside(dest, 'alias/ok.txt')).toBe(
      path.join(await fs.realpath(dest), 'alias', 'ok.txt'),
    )
    expect(await fs.readdir(outside)).toEqual([])
  })

  it('looks at a folder once per run, and at the file itself every time', async () => {
    const dest = await h.tmpdir()
    const outside = await h.tmpdir()
    await fs.mkdir(path.join(dest, 'a'))
    const checked = new CheckedPaths()
    const real = await fs.realpath(dest)
    expect(await resolveInside(dest, 'a/one.txt', {}, checked)).toBe(path.join(real, 'a', 'one.txt'))
    expect([...checked.folders]).toEqual([path.join(real, 'a')])
    // A file that is a link out is refused even in a folder already checked.
    await fs.symlink('/etc/passwd', path.join(dest, 'a', 'two.txt'))
    await expect(resolveInside(dest, 'a/two.txt', {}, checked)).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    // The folder is not looked at again in this run; a new run sees that it became a link out.
    await fs.rm(path.join(dest, 'a'), { recursive: true })
    await fs.symlink(outside, path.join(dest, 'a'))
    expect(await resolveInside(dest, 'a/three.txt', {}, checked)).toBe(path.join(real, 'a', 'three.txt'))
    await expect(resolveInside(dest, 'a/three.txt', {}, new CheckedPaths())).rejects.toMatchObject({
      code: 'PATH_UNSAFE',
    })
  })

  it('does not look at a file in a folder the run created, and still does in one it found', async () => {
    const dest = await h.tmpdir()
    const real = await fs.realpath(dest)
    await fs.mkdir(path.join(dest, 'new'))
    await fs.mkdir(path.join(dest, 'old'))
    const checked = new CheckedPaths()
    checked.made(path.join(real, 'new'))
    // Only another process could put a link in the run's new folder, and the download writes by
    // rename, which replaces a link rather than follow it.
    await fs.symlink('/etc/passwd', path.join(dest, 'new', 'x.txt'))
    await fs.symlink('/etc/passwd', path.join(dest, 'old', 'x.txt'))
    expect(await resolveInside(dest, 'new/x.txt', {}, checked)).toBe(path.join(real, 'new', 'x.txt'))
    await expect(resolveInside(dest, 'old/x.txt', {}, checked)).rejects.toMatchObject({ code: 'PATH_UNSAFE' })
    expect(checked.folders.has(path.join(real, 'new'))).toBe(true)
  })
})
