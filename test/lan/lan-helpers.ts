// Shared steps of the LAN tests: Peerdesk nodes started in namespaces, and what they report.
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { readApiFile } from '../../electron/server/api-file.js'
import type { NetworkReport } from '../../shared/types.js'
import type { Background } from '../helpers/cli.js'
import type { Host, Lab } from '../helpers/netns.js'
import { eventually } from '../helpers/testnet.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * These tests time start-up, which is what a user runs: the CLI bundle. Rebuilt here when a source
 * changed since it was built (bin/peerdesk.js would otherwise fall back to tsx, slower to start).
 */
export function freshCliBundle(): Promise<void> {
  const script = `import { freshBundle } from './bin/cli-sources.js'
if (!freshBundle(process.cwd())) await (await import('./scripts/build-cli.js')).buildCli({ quiet: true })`
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }, (err, _out, stderr) =>
      err ? reject(new Error(`building the CLI bundle failed: ${stderr}`)) : resolve(),
    )
  })
}

export interface Device {
  host: Host
  dir: string
  node: Background | null
}

export async function device(root: string, host: Host): Promise<Device> {
  const dir = path.join(root, host.name)
  await fs.mkdir(dir, { recursive: true })
  return { host, dir, node: null }
}

export function tmpRoot(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-lan-'))
}

/** `peerdesk serve` with no bootstrap (LAN discovery on by default), until its API is up. */
export async function serve(lab: Lab, d: Device, extra: string[] = []): Promise<void> {
  d.node = lab.start(d.host.ns, ['--data', d.dir, 'serve', ...extra])
  const node = d.node
  await eventually(
    async () => (await readApiFile(d.dir)) !== null || node.child.exitCode !== null,
    (ready) => ready,
    { what: `the node of ${d.host.name}`, timeoutMs: 30_000, intervalMs: 50 },
  )
  if (node.child.exitCode !== null) throw new Error(`serve on ${d.host.name} exited: ${node.output()}`)
}

export async function stop(d: Device): Promise<void> {
  await d.node?.stop()
  d.node = null
}

export function doctor(lab: Lab, d: Device): Promise<NetworkReport> {
  return lab.cliJson<NetworkReport>(d.host, ['--data', d.dir, 'doctor'])
}

interface MemberRow {
  name: string
  key: string
  online: boolean
}

/** The group's members as `d` sees them; none while its roster has not arrived after a join. */
export async function members(lab: Lab, d: Device, group: string): Promise<MemberRow[]> {
  const result = await lab.cli(d.host, ['--data', d.dir, 'members', group, '--json'])
  if (result.code === 0) return JSON.parse(result.stdout) as MemberRow[]
  if (result.stderr.includes('"NOT_FOUND"')) return []
  throw new Error(`peerdesk members on ${d.host.name} failed: ${result.stderr}`)
}

/** Waits until `d` sees exactly `names` as members, all online. */
export async function allOnline(lab: Lab, d: Device, group: string, names: string[]): Promise<void> {
  await eventually(
    () => members(lab, d, group),
    (rows) => rows.length === names.length && rows.every((r) => r.online && names.includes(r.name)),
    { what: `${names.join(', ')} online as seen by ${d.host.name}`, timeoutMs: 45_000, intervalMs: 300 },
  )
}

/** Invite from `admin` and join on `joiner`, both through the CLI in their own namespaces. */
export async function invite(lab: Lab, admin: Device, joiner: Device, group: string): Promise<void> {
  const { invite: code } = await lab.cliJson<{ invite: string }>(admin.host, [
    '--data',
    admin.dir,
    'invite',
    group,
    '--expires',
    '10m',
  ])
  await lab.cliJson(joiner.host, ['--data', joiner.dir, 'join', code, '--timeout', '60s'])
}

/** Latest member connection on each device, as the nodes timed them (not as the polling saw them). */
export async function meshAt(lab: Lab, devices: Device[]): Promise<number> {
  const reports = await Promise.all(devices.map((d) => doctor(lab, d)))
  return Math.max(...reports.flatMap((r) => r.connections.map((c) => c.connectedAt)))
}

/** Waits until `d` sees each of `names` online (other members may be offline). */
export async function seesOnline(lab: Lab, d: Device, group: string, names: string[]): Promise<void> {
  await eventually(
    () => members(lab, d, group),
    (rows) => names.every((n) => rows.some((r) => r.name === n && r.online)),
    { what: `${names.join(', ')} online as seen by ${d.host.name}`, timeoutMs: 45_000, intervalMs: 300 },
  )
}
