// Paths from peers are untrusted: this turns a drive key into safe relative segments and resolves it
// inside a destination folder without ever leaving it, not even through a symlink already on disk.
import fs from 'node:fs/promises'
import { lstatSync, type Stats } from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../shared/errors.js'

// The superscript digits as escapes: one character above U+00FF in a bundle makes V8 keep all of its
// source (2 MB) as two bytes per character.
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i
const CONTROL = /[\u0000-\u001f\u007f]/
const WINDOWS_FORBIDDEN = /[<>:"|?*]/
const MAX_SEGMENT = 255
const MAX_PATH = 4096

function unsafe(input: string, why: string): AppError {
  return new AppError('PATH_UNSAFE', `Unsafe path ${JSON.stringify(input)}: ${why}`, { path: input, why })
}

/** Why one path segment is refused, or null when it is safe on every platform we run on. */
export function segmentProblem(segment: string): string | null {
  if (segment === '') return 'empty segment'
  if (segment === '.' || segment === '..') return 'dot segment'
  if (CONTROL.test(segment)) return 'control character'
  if (segment.length > MAX_SEGMENT) return 'segment too long'
  if (/^[a-z]:/i.test(segment)) return 'drive letter'
  if (WINDOWS_FORBIDDEN.test(segment)) return 'character not allowed on Windows'
  // Windows drops trailing dots and spaces, so 'a.' and 'a' would name the same file.
  if (/[. ]$/.test(segment)) return 'trailing dot or space'
  // 'CON', 'con.txt' and 'CON .tar.gz' all open the console device on Windows.
  const stem = segment.split('.')[0]!.trimEnd()
  if (RESERVED.test(stem)) return 'reserved device name'
  return null
}

export interface NormaliseOptions {
  /** A hyperdrive key: exactly one leading '/', the root of the share. Default: a relative path. */
  rooted?: boolean
}

/**
 * The safe segments of a path from a peer, or PATH_UNSAFE. Backslashes count as separators, so a
 * path that would climb out on Windows is refused everywhere.
 */
export function safeSegments(input: string, opts: NormaliseOptions = {}): string[] {
  if (typeof input !== 'string') throw unsafe(String(input), 'not a string')
  if (input.length === 0) throw unsafe(input, 'empty path')
  if (input.length > MAX_PATH) throw unsafe(input.slice(0, 64), 'path too long')
  if (input.includes('\u0000')) throw unsafe(input, 'NUL character')
  let rest = input.replace(/\\/g, '/')
  if (opts.rooted) {
    if (!rest.startsWith('/')) throw unsafe(input, 'drive key without a leading slash')
    rest = rest.slice(1)
  }
  if (rest.startsWith('/')) throw unsafe(input, 'absolute path')
  if (/^[a-z]:/i.test(rest)) throw unsafe(input, 'drive letter')
  const segments = rest.split('/')
  // A directory path may end with one '/', nothing else may be empty.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop()
  for (const segment of segments) {
    const problem = segmentProblem(segment)
    if (problem) throw unsafe(input, problem)
  }
  return segments
}

/** A peer path as 'a/b/c' (no leading slash), or PATH_UNSAFE. */
export function normalisePeerPath(input: string, opts: NormaliseOptions = {}): string {
  return safeSegments(input, opts).join('/')
}

/** True when the path is safe; never throws. */
export function isSafePeerPath(input: string, opts: NormaliseOptions = {}): boolean {
  try {
    safeSegments(input, opts)
    return true
  } catch {
    return false
  }
}

/** True when `child` is `root` or lies below it (both absolute and normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * Synchronous, and no error for a missing path: a download checks one path per file, most of them not
 * there yet. The promise's lstat cost a thread-pool round trip and an Error with its stack for each:
 * 250 ms of CPU for 5,000 missing files here, against 11 ms.
 */
function lstatOrNull(file: string): Stats | null {
  return lstatSync(file, { throwIfNoEntry: false }) ?? null
}

/**
 * What one run (a download) has checked so far: the destination's real path, and the folders on the
 * way that were real folders, not links. A folder of thousands of files then costs one lstat per
 * file instead of one per part of its path, plus a realpath.
 */
export class CheckedPaths {
  root: string | null = null
  readonly folders = new Set<string>()
  /**
   * Folders this run created. What is in one, this run put there, so a file in it is not looked at:
   * on a download of 5,000 files into a new folder that lstat was 0.7 s of the receiver's main
   * thread (it waits for the folder's lock while the writers create and rename files in it).
   */
  readonly created = new Set<string>()

  /** `folder` was just created by this run (mkdir said so). */
  made(folder: string): void {
    this.folders.add(folder)
    this.created.add(folder)
  }
}

/**
 * The absolute path of `entryPath` inside `destRoot`. Every part that already exists is checked: a
 * symlink whose target lies outside `destRoot` is refused (PATH_UNSAFE). The path is checked at call
 * time; callers create missing folders right after and write with rename, which never follows a link.
 * With `checked`, a folder found real earlier in the same run is not looked at again; the file
 * itself is, unless its folder is one the run created.
 */
export async function resolveInside(
  destRoot: string,
  entryPath: string,
  opts: NormaliseOptions = {},
  checked?: CheckedPaths,
): Promise<string> {
  const segments = safeSegments(entryPath, opts)
  const root = checked?.root ?? (await fs.realpath(path.resolve(destRoot)))
  if (checked) checked.root = root
  let current = root
  for (const [i, segment] of segments.entries()) {
    current = path.join(current, segment)
    const folder = i < segments.length - 1
    if (folder && checked?.folders.has(current)) continue
    if (!folder && checked?.created.has(path.dirname(current))) break
    const st = lstatOrNull(current)
    if (st === null) break
    if (st.isSymbolicLink()) {
      let target: string
      try {
        target = await fs.realpath(current)
      } catch {
        throw unsafe(entryPath, 'dangling symlink on the way')
      }
      if (!isInside(root, target)) throw unsafe(entryPath, 'symlink points outside the destination')
    } else if (folder && st.isDirectory()) {
      checked?.folders.add(current)
    }
  }
  const full = path.join(root, ...segments)
  if (!isInside(root, full) || full === root) throw unsafe(entryPath, 'outside the destination')
  return full
}
