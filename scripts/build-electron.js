// Bundles the Electron shell with esbuild: main, preload (CommonJS: sandboxed preloads cannot be ES
// modules), the engine's utility process, and the engine smoke check. Every npm package stays external
// (`packages: 'external'`): electron-builder ships production node_modules, and the Holepunch stack's
// native modules must load from their own folders (their prebuilds are found relative to the package).
import { build } from 'esbuild'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, 'dist', 'electron')

const entries = {
  main: 'electron/main/main.ts',
  preload: 'electron/preload/preload.ts',
  'engine-process': 'electron/main/engine-process.ts',
  'engine-check': 'electron/main/engine-check.ts',
}

export async function buildElectron({ quiet = false } = {}) {
  // Overwrite in place rather than empty the folder: a packaging run or a running app may be reading it.
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, file]) => [name, path.join(root, file)]),
    ),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: quiet ? 'warning' : 'info',
  })
  // Tray icons are runtime assets: copied from build/ (the packaging inputs) next to the bundles.
  const icons = path.join(root, 'build', 'icons')
  await fs.mkdir(path.join(outdir, 'icons'), { recursive: true })
  for (const name of await fs.readdir(icons)) {
    if (name.startsWith('tray-')) await fs.copyFile(path.join(icons, name), path.join(outdir, 'icons', name))
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron()
}
