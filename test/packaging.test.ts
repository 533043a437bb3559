// PACKAGING TEST (slow: builds the bundles and runs electron-builder; about 15-60 s here).
// Packs the app with electron-builder exactly as a release would (`--linux dir`, our
// electron-builder.yml), then checks what ships inside app.asar and that the packaged engine starts.
// The ONLY mock is the Electron binary: it cannot be downloaded here or in CI, so a stand-in
// distribution (an `electron` file and a `version` file) is passed with -c.electronDist. Everything
// else - bundles, node_modules selection, asar, unpacked native modules - is the real thing, offline.
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import * as asar from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ELECTRON_VERSION = '45.4.1'
const MiB = 1024 * 1024

let tmp = ''
let resources = ''
let files: string[] = []

/** The minimum electron-builder 26 needs from an Electron distribution for a `dir` target on Linux. */
async function standInElectron(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  await fs.writeFile(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n', {
    mode: 0o755,
  })
  await fs.writeFile(path.join(dir, 'version'), ELECTRON_VERSION)
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  )
}

async function sizeOf(target: string): Promise<number> {
  const stat = await fs.stat(target)
  if (!stat.isDirectory()) return stat.size
  let total = 0
  for (const name of await fs.readdir(target)) total += await sizeOf(path.join(target, name))
  return total
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-pack-'))
  // Our bundles are always rebuilt; the renderer (another team's build) only when it is missing.
  await run(process.execPath, ['scripts/build-electron.js'], { cwd: root })
  if (!(await exists(path.join(root, 'dist/renderer/index.html')))) {
    await run(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts'],
      {
        cwd: root,
      },
    )
  }
  const electronDist = path.join(tmp, 'electron-dist')
  await standInElectron(electronDist)
  const out = path.join(tmp, 'release')
  await run(
    process.execPath,
    [
      'node_modules/electron-builder/cli.js',
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
    ],
    {
      cwd: root,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_CACHE: path.join(tmp, 'cache') },
      maxBuffer: 16 * MiB,
    },
  )
  resources = path.join(out, 'linux-unpacked', 'resources')
  files = asar.listPackage(path.join(resources, 'app.asar'), { isPack: false })
}, 300_000)

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true })
})

describe('the packaged app (stand-in Electron binary)', () => {
  it('holds the main, preload, engine and renderer bundles', () => {
    for (const file of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/electron/engine-process.cjs',
      '/dist/electron/engine-check.cjs',
      '/dist/electron/icons/tray-idle.png',
      '/dist/renderer/index.html',
    ]) {
      expect(files).toContain(file)
    }
    expect(files.some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true)
  })

  it('ships no sources, tests, source maps or docs', () => {
    const leaked = files.filter(
      (f) =>
        /\.test\.|\.spec\.|\.map$|\.md$|\.bare$/i.test(f) || (/\.[cm]?tsx?$/.test(f) && !f.endsWith('.d.ts')),
    )
    expect(leaked).toEqual([])
    expect(files.filter((f) => /^\/(electron|shared|renderer|test|scripts|build)\//.test(f))).toEqual([])
  })

  it('unpacks the native modules beside the archive, for this platform only', async () => {
    const unpacked = path.join(resources, 'app.asar.unpacked')
    const natives: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) await walk(full)
        else if (entry.name.endsWith('.node')) natives.push(path.relative(unpacked, full))
      }
    }
    await walk(unpacked)
    const names = natives.map((f) => f.split(path.sep)[1])
    for (const mod of ['sodium-native', 'udx-native', 'rocksdb-native']) expect(names).toContain(mod)
    expect(natives.every((f) => f.includes(`${path.sep}linux-x64${path.sep}`))).toBe(true)
    // Every .node the archive lists is marked unpacked, so its bytes are outside the asar.
    const listed = files.filter((f) => f.endsWith('.node'))
    expect(listed.length).toBe(natives.length)
    expect(files.filter((f) => /\/prebuilds\/(win32|darwin|android|ios)-/.test(f))).toEqual([])
    // No build tools in the shell's node_modules.
    expect(
      files.filter((f) => /^\/node_modules\/(tsx|esbuild|@esbuild|electron|vite|vitest)\//.test(f)),
    ).toEqual([])
  })

  it('starts the packaged engine headless with plain Node', async () => {
    // Electron reads app.asar directly; plain Node cannot, so extract it and put the unpacked
    // native modules in place, as Electron's asar redirect would.
    const app = path.join(tmp, 'extracted')
    asar.extractAll(path.join(resources, 'app.asar'), app)
    await fs.cp(path.join(resources, 'app.asar.unpacked'), app, { recursive: true })
    const dataDir = await fs.mkdtemp(path.join(tmp, 'data-'))
    const { stdout } = await run(
      process.execPath,
      [path.join(app, 'dist/electron/engine-check.cjs'), dataDir],
      {
        cwd: tmp,
        timeout: 60_000,
        // Resolve modules only from the packaged tree, never the repo's node_modules.
        env: { ...process.env, NODE_PATH: '' },
      },
    )
    expect(JSON.parse(stdout.trim())).toMatchObject({
      ok: true,
      key: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('stays a reasonable size', async () => {
    const archive = await sizeOf(path.join(resources, 'app.asar'))
    const unpacked = await sizeOf(path.join(resources, 'app.asar.unpacked'))
    console.info(
      `app.asar ${(archive / MiB).toFixed(1)} MiB (${files.length} entries), ` +
        `app.asar.unpacked ${(unpacked / MiB).toFixed(1)} MiB`,
    )
    expect(archive + unpacked).toBeLessThan(60 * MiB)
  })
})
