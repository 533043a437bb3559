// Which files the CLI bundle (dist/cli/peerdesk.js) is built from, and the newest change among them.
// Shared by scripts/build-cli.js (which writes it as a stamp) and bin/peerdesk.js (which compares it):
// a stat walk of a few hundred files, a few milliseconds.
import fs from 'node:fs'
import path from 'node:path'

const DIRS = ['electron', 'shared']
const FILES = ['scripts/build-cli.js', 'bin/cli-sources.js', 'tsconfig.base.json']

function newestIn(dir, newest) {
  let entries
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return newest
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = newestIn(full, newest)
    // Directory mtimes count too: a deleted or renamed file changes its folder.
    else if (/\.(ts|tsx|js|cjs|mjs|json)$/.test(entry.name))
      newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return Math.max(newest, fs.statSync(dir).mtimeMs)
}

/** The newest modification time (ms) of the CLI's sources under `root`. */
export function newestSourceMtime(root) {
  let newest = 0
  for (const dir of DIRS) newest = newestIn(path.join(root, dir), newest)
  for (const file of FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs)
    } catch {
      // not there: nothing to compare
    }
  }
  return newest
}

/** The bundle's path when it exists and no source changed since it was built, else null. */
export function freshBundle(root) {
  const bundle = path.join(root, 'dist', 'cli', 'peerdesk.js')
  try {
    const stamp = Number(fs.readFileSync(path.join(root, 'dist', 'cli', 'sources.stamp'), 'utf8'))
    if (!fs.existsSync(bundle) || !(stamp >= newestSourceMtime(root))) return null
    return bundle
  } catch {
    return null
  }
}
