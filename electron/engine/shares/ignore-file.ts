// `.peerdeskignore`: gitignore syntax (comments, `!` negation, trailing `/` for folders, `*`, `?`,
// `[...]`, `**`, anchored `/x`) compiled to regular expressions; the last matching rule wins.
import fs from 'node:fs/promises'
import path from 'node:path'

export const IGNORE_FILE = '.peerdeskignore'

interface Rule {
  regex: RegExp
  negate: boolean
  dirOnly: boolean
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch
}

/** One path segment's glob (no '/') as a regular expression source. */
function segmentSource(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!)
    } else if (ch === '*') {
      out += '[^/]*'
    } else if (ch === '?') {
      out += '[^/]'
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) {
        out += '\\['
        continue
      }
      let cls = glob.slice(i + 1, end)
      if (cls.startsWith('!')) cls = '^' + cls.slice(1)
      out += `[${cls.replace(/\\/g, '\\\\')}]`
      i = end
    } else {
      out += escapeRegex(ch)
    }
  }
  return out
}

function compileLine(raw: string): Rule | null {
  // Trailing spaces are dropped unless escaped.
  let line = raw.replace(/(?<!\\)\s+$/, '')
  if (line === '' || line.startsWith('#')) return null
  let negate = false
  if (line.startsWith('!')) {
    negate = true
    line = line.slice(1)
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1)
  }
  let dirOnly = false
  if (line.endsWith('/')) {
    dirOnly = true
    line = line.slice(0, -1)
  }
  if (line === '') return null
  const anchored = line.includes('/')
  if (line.startsWith('/')) line = line.slice(1)
  const parts = line.split('/')
  let source = ''
  parts.forEach((part, index) => {
    const last = index === parts.length - 1
    if (part === '**') {
      // '**/x' matches x at any depth, 'x/**' everything inside x, 'a/**/b' zero or more folders.
      source += last ? '.*' : '(?:.*/)?'
      return
    }
    source += segmentSource(part) + (last ? '' : '/')
  })
  const prefix = anchored ? '^' : '^(?:.*/)?'
  return { regex: new RegExp(`${prefix}${source}$`), negate, dirOnly }
}

export class IgnoreMatcher {
  readonly #rules: Rule[]

  constructor(text = '') {
    this.#rules = text
      .split(/\r?\n/)
      .map(compileLine)
      .filter((rule): rule is Rule => rule !== null)
  }

  get size(): number {
    return this.#rules.length
  }

  /** The verdict on this one path, ignoring its parents: true, false, or null when no rule matched. */
  #verdict(rel: string, isDir: boolean): boolean | null {
    let verdict: boolean | null = null
    for (const rule of this.#rules) {
      if (rule.dirOnly && !isDir) continue
      if (rule.regex.test(rel)) verdict = !rule.negate
    }
    return verdict
  }

  /**
   * Whether a path relative to the shared folder ('a/b.txt', no leading slash) is ignored. As in git,
   * a file inside an ignored folder stays ignored whatever later rules say.
   */
  ignores(relPath: string, isDir = false): boolean {
    const rel = relPath.replace(/^\/+/, '').replace(/\/+$/, '')
    if (rel === '') return false
    const parts = rel.split('/')
    for (let i = 1; i < parts.length; i++) {
      if (this.#verdict(parts.slice(0, i).join('/'), true) === true) return true
    }
    return this.#verdict(rel, isDir) === true
  }
}

/** The matcher for a shared folder's `.peerdeskignore`; an empty one when the file is missing. */
export async function loadIgnoreFile(folder: string): Promise<IgnoreMatcher> {
  try {
    return new IgnoreMatcher(await fs.readFile(path.join(folder, IGNORE_FILE), 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new IgnoreMatcher()
    throw err
  }
}
