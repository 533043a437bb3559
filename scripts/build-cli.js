// Bundles the `peerdesk` CLI (electron/cli/main.ts and everything of ours it imports) into one ES
// module, dist/cli/peerdesk.js, so a CLI call no longer compiles TypeScript through tsx at each start.
// The npm packages are bundled too: Node resolving, reading and wrapping some 280 CommonJS files took
// about 160 ms of each `serve` start-up, a sixth of the connect target. Packages with a native addon
// stay external, since they load their prebuilds relative to their own folder; so does what bundled
// code reaches only through them.
// Next to the bundle goes a stamp: the newest modification time of the sources it was built from.
// bin/peerdesk.js runs the bundle only while no source is newer, else falls back to tsx.
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { newestSourceMtime } from '../bin/cli-sources.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, 'dist', 'cli')

/** Packages that load a native addon (a prebuilds folder or a build file), and what must stay out. */
export async function externalPackages(nodeModules) {
  const external = ['require-addon', 'tsx', 'esbuild']
  const names = []
  for (const name of await fs.readdir(nodeModules).catch(() => [])) {
    if (!name.startsWith('@')) names.push(name)
    else for (const sub of await fs.readdir(path.join(nodeModules, name))) names.push(`${name}/${sub}`)
  }
  for (const name of names) {
    const dir = path.join(nodeModules, name)
    const markers = ['prebuilds', 'binding.gyp', 'CMakeLists.txt']
    const found = await Promise.all(
      markers.map((m) =>
        fs.stat(path.join(dir, m)).then(
          () => true,
          () => false,
        ),
      ),
    )
    if (found.some(Boolean)) external.push(name)
  }
  return external
}

export async function buildCli({ quiet = false } = {}) {
  const { build } = await import('esbuild')
  // Taken before building: a file saved during the build makes the bundle count as stale.
  const newest = newestSourceMtime(root)
  const stamp = path.join(outdir, 'sources.stamp')
  // No stamp while the files are being written: the CLI uses tsx meanwhile.
  await fs.rm(stamp, { force: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'electron/cli/main.ts')],
    entryNames: 'peerdesk',
    outdir,
    bundle: true,
    // `serve` and `bootstrap` are imported dynamically: in their own chunks, a client command
    // (status, get, …) never loads the Holepunch stack.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: await externalPackages(path.join(root, 'node_modules')),
    // Bundled CommonJS still calls `require` for the external packages and Node's built-ins.
    banner: {
      js: "import { createRequire as __peerdeskRequire } from 'node:module'; const require = __peerdeskRequire(import.meta.url);",
    },
    // No comments or indentation: V8 keeps a module's source for as long as the process runs (the
    // serve chunk: 2.8 -> 2.0 MB). Names stay, so stack traces still read; the source map maps lines.
    minifyWhitespace: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'warning' : 'info',
  })
  await pruneChunks(new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f))))
  await fs.writeFile(stamp, `${newest}\n`)
}

/**
 * Chunk names carry content hashes, so old ones pile up. A running `serve` still imports some of its
 * chunks lazily: only chunks of no current build and a day old go.
 */
async function pruneChunks(current) {
  const dir = path.join(outdir, 'chunks')
  const dayAgo = Date.now() - 24 * 3600_000
  for (const name of await fs.readdir(dir).catch(() => [])) {
    const file = path.join(dir, name)
    if (current.has(file)) continue
    const { mtimeMs } = await fs.stat(file)
    if (mtimeMs < dayAgo) await fs.rm(file, { force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --optional (the `prepare` script): an install without devDependencies has no esbuild; the CLI
  // then runs through tsx, as before.
  const optional = process.argv.includes('--optional')
  try {
    await buildCli({ quiet: optional })
  } catch (err) {
    if (!optional || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err
    console.warn(`peerdesk: CLI bundle not built (${err.message}); the CLI runs through tsx`)
  }
}
