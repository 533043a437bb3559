// Syncthing's side of the bench: make sure it is installed (Debian's package, installed here when we
// are root), make a network namespace with only loopback up, and run syncthing-inner.ts inside it.
// The namespace is why nothing can leave the machine even if some option were missed: it has no
// other interface and no route.
import fs from 'node:fs/promises'
import path from 'node:path'
import { removeNamespace } from './netns.js'
import { mustRun, onCleanup, run, start } from './proc.js'
import type { ScanContext } from './scan.js'
import type { Measurement, RunContext, ScanMeasurement } from './types.js'

/** Why a tool cannot run here, or null when it can (installing its Debian package if we may). */
export async function ensureCommand(cmd: string, pkg: string): Promise<string | null> {
  if ((await run('sh', ['-c', `command -v ${cmd}`])).code === 0) return null
  if (process.getuid?.() !== 0) return `${cmd} is not installed and we are not root (apt-get install ${pkg})`
  process.stderr.write(`bench: ${cmd} is missing; installing the Debian package ${pkg} with apt-get…\n`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let r = await run('apt-get', ['install', '-y', '-qq', pkg], 600_000, { env })
  if (r.code !== 0) {
    // A fresh machine may have no package lists yet.
    await run('apt-get', ['update', '-qq'], 600_000, { env })
    r = await run('apt-get', ['install', '-y', '-qq', pkg], 600_000, { env })
  }
  if (r.code !== 0) return `apt-get install ${pkg} failed: ${r.stderr.trim().split('\n').pop()}`
  return null
}

/** Why Syncthing cannot be measured here, or null. */
export async function syncthingUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root for a network namespace (ip netns)'
  if ((await run('sh', ['-c', 'command -v ip'])).code !== 0) return 'the `ip` command (iproute2) is missing'
  return ensureCommand('syncthing', 'syncthing')
}

let namespaces = 0

/** A namespace with only `lo`, up; deleted (with anything left running in it) at clean-up. */
async function loopbackNamespace(): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `pdbench-${process.pid}-${namespaces++}`
  await mustRun('ip', ['netns', 'add', name])
  const remove = onCleanup(() => removeNamespace(name))
  await mustRun('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up'])
  const links = await mustRun('ip', ['netns', 'exec', name, 'ip', '-o', 'link', 'show'])
  const names = links
    .trim()
    .split('\n')
    .map((l) => l.split(':')[1]?.trim())
  if (names.length !== 1 || names[0] !== 'lo')
    throw new Error(`namespace ${name} has links ${names.join(', ')}`)
  return { name, remove }
}

/** syncthing-inner.ts with `args` in a fresh loopback-only namespace: its one JSON line. */
async function inNamespace<T>(repo: string, args: string[]): Promise<T> {
  const ns = await loopbackNamespace()
  try {
    const inner = start(
      'ip',
      [
        'netns',
        'exec',
        ns.name,
        process.execPath,
        '--import',
        'tsx',
        path.join(repo, 'bench/syncthing-inner.ts'),
        ...args,
      ],
      { cwd: repo },
    )
    const line = await inner.firstJson<T | { error: string }>(40 * 60_000)
    await inner.stop()
    if (line && typeof line === 'object' && 'error' in line) throw new Error(`Syncthing: ${line.error}`)
    return line as T
  } finally {
    await ns.remove()
  }
}

export async function runSyncthing(ctx: RunContext): Promise<Measurement> {
  const manifestFile = path.join(ctx.work, 'manifest.json')
  await fs.writeFile(manifestFile, JSON.stringify(ctx.manifest))
  const line = await inNamespace<Measurement>(ctx.repo, [
    ctx.work,
    ctx.source,
    manifestFile,
    ctx.datasetName,
    String(ctx.files),
    String(ctx.bytes),
  ])
  line.notes.push(
    'Syncthing: in a network namespace with only lo; discovery, relays, NAT, upgrades, usage and crash ' +
      'reports off; low CPU priority off; the timed step adds the folder over REST on both sides',
  )
  return line
}

/**
 * The scan scenario's Syncthing: one instance in its own loopback-only namespace scans `source` (the
 * folder it adds, and its rescan). It leaves its `.stfolder` marker in the folder; that is removed here.
 */
export async function runSyncthingScan(ctx: ScanContext): Promise<ScanMeasurement> {
  try {
    return await inNamespace<ScanMeasurement>(ctx.repo, [
      '--scan',
      ctx.work,
      ctx.source,
      String(ctx.files),
      String(ctx.bytes),
    ])
  } finally {
    await fs.rm(path.join(ctx.source, '.stfolder'), { recursive: true, force: true })
  }
}
