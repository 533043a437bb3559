// `npm start`: build what is missing or stale, then run Peerdesk in Electron if its binary is here, or
// in browser mode (the headless node plus the UI over http://127.0.0.1) if it is not. Downloads
// nothing: Electron's binary is only used if `npm install` already fetched it.
//   node scripts/start.js [--data DIR] [other args passed on]     (PEERDESK_DATA works too)
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { buildElectron } from './build-electron.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/**
 * V8 flags read only as a process starts, for the engine: the same as bin/peerdesk.js's shebang and
 * ENGINE_NODE_FLAGS in electron/engine/heap-settings.ts (test/engine-flags.test.ts checks all three).
 */
const ENGINE_NODE_FLAGS = ['--max-semi-space-size=1']
const args = process.argv.slice(2)

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const name of fs.readdirSync(target)) {
    if (name === 'e2e' || name === 'node_modules') continue
    newest = Math.max(newest, newestMtime(path.join(target, name)))
  }
  return newest
}

function rendererIsStale() {
  const index = path.join(root, 'dist', 'renderer', 'index.html')
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  return newestMtime(path.join(root, 'renderer')) > built || newestMtime(path.join(root, 'shared')) > built
}

function buildRenderer() {
  console.log('Building the renderer…')
  // The local vite, never `npx` (which could fetch a package).
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** The Electron binary, only if `npm install` downloaded it; `require('electron')` would try to. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(pkg, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(binary) ? binary : null
}

/** Exit with the child, and let Ctrl+C reach it so it can close the engine cleanly. */
function follow(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

function startElectron(binary) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  follow(spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit', env }))
}

function startBrowserMode() {
  console.log(
    'Electron is not available here (its binary was not downloaded): starting browser mode instead.',
  )
  const { data, rest } = splitDataArg(args)
  const cli = [
    path.join(root, 'bin', 'peerdesk.js'),
    ...(data ? ['--data', data] : []),
    'serve',
    ...rest,
    '--json',
  ]
  const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, ...cli], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  })
  follow(child)
  const lines = readline.createInterface({ input: child.stdout })
  lines.on('line', (line) => {
    let info = null
    try {
      info = JSON.parse(line)
    } catch {
      console.log(line)
      return
    }
    if (info && typeof info.ui === 'string') {
      console.log(`Peerdesk is running. Open it in your browser:\n  ${info.ui}`)
      console.log(
        `Data folder: ${info.dataDir} (the address and token are also in its api.json). Ctrl+C stops it.`,
      )
    }
  })
}

/** `--data DIR` / `--data=DIR` for the CLI (a global option); everything else goes to `serve`. */
function splitDataArg(argv) {
  let data = process.env.PEERDESK_DATA || null
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' && argv[i + 1]) data = argv[++i]
    else if (argv[i].startsWith('--data=')) data = argv[i].slice(7)
    else rest.push(argv[i])
  }
  return { data, rest }
}

if (rendererIsStale()) buildRenderer()
await buildElectron({ quiet: true })
const binary = electronBinary()
if (binary) startElectron(binary)
else startBrowserMode()
