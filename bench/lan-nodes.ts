// `peerdesk serve` nodes on a LAN of network namespaces (netns.ts), one per host, in LAN mode (mDNS,
// no bootstrap: nothing routes out of the namespaces), and the real CLI run in each node's namespace.
// Shared by the multi-source and connect scenarios.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Host, Lan } from './netns.js'
import { run, start, until, type RunResult, type Started } from './proc.js'

export interface LanNode {
  name: string
  host: Host
  /** The node's data folder. */
  dir: string
  proc: Started | null
}

/** What `peerdesk serve --json` prints once the engine is open. */
export interface ReadyLine {
  url: string
  key: string
}

export interface Served {
  ready: ReadyLine
  /** Date.now() just before the spawn, and when the bench read the ready line. */
  spawnedAt: number
  readyAt: number
}

/** A host at `.octet` on `lan` with a fresh data folder under `work`; not started. */
export async function lanNode(lan: Lan, work: string, name: string, octet: number): Promise<LanNode> {
  const dir = path.join(work, name)
  await fs.mkdir(dir, { recursive: true })
  return { name, host: await lan.host(name.toLowerCase(), octet), dir, proc: null }
}

/** The CLI and `serve` of the repo at `repo`, run in each node's namespace. */
export class LanCli {
  readonly #repo: string
  readonly #bin: string

  constructor(repo: string) {
    this.#repo = repo
    this.#bin = path.join(repo, 'bin/peerdesk.js')
  }

  /** The real CLI in the node's namespace (its api.json points at 127.0.0.1 there). */
  raw(node: LanNode, args: string[], timeoutMs = 120_000): Promise<RunResult> {
    return run(
      'ip',
      ['netns', 'exec', node.host.ns, process.execPath, this.#bin, '--data', node.dir, ...args, '--json'],
      timeoutMs,
      { cwd: this.#repo },
    )
  }

  async json<T>(node: LanNode, args: string[], timeoutMs?: number): Promise<T> {
    const r = await this.raw(node, args, timeoutMs)
    if (r.code !== 0)
      throw new Error(`peerdesk ${args.join(' ')} on ${node.name} failed (${r.code}): ${r.stderr.trim()}`)
    return JSON.parse(r.stdout) as T
  }

  /**
   * Start the node's `peerdesk serve` and wait for its ready line. Logged at info: the fast lanes and
   * any content request a seeder could not answer, in the output kept for a failure's message. The bin
   * itself, as a shell runs it: its shebang gives the engine its V8 flags and malloc arenas.
   */
  async serve(node: LanNode): Promise<Served> {
    const spawnedAt = Date.now()
    node.proc = start(
      'ip',
      ['netns', 'exec', node.host.ns, this.#bin, '--data', node.dir, 'serve', '--json'],
      { cwd: this.#repo, env: { ...process.env, PEERDESK_LOG: 'info' } },
    )
    const ready = await node.proc.firstJson<ReadyLine>(60_000)
    return { ready, spawnedAt, readyAt: Date.now() }
  }

  /** Name every node, make `group` on the first and invite and admit the others with codes. */
  async formGroup(group: string, nodes: LanNode[]): Promise<void> {
    const [owner, ...others] = nodes
    if (!owner) return
    for (const node of nodes) await this.json(node, ['name', node.name])
    await this.json(owner, ['group', 'create', group])
    await Promise.all(
      others.map(async (node) => {
        const { invite } = await this.json<{ invite: string }>(owner, ['invite', group, '--expires', '10m'])
        await this.json(node, ['join', invite, '--timeout', '60s'])
      }),
    )
  }

  /** Until `node` sees each of `names` online (true) or each offline (false) in `group`. */
  async sees(node: LanNode, group: string, names: string[], online: boolean): Promise<void> {
    await until(
      `${names.join(', ')} ${online ? 'online' : 'offline'} as ${node.name} sees them`,
      async () => {
        // Before the roster reaches a joiner the group is unknown there: not yet.
        const r = await this.raw(node, ['members', group])
        if (r.code !== 0) return undefined
        const rows = JSON.parse(r.stdout) as { name: string; online: boolean }[]
        return names.every((n) => rows.some((row) => row.name === n && row.online === online))
          ? true
          : undefined
      },
      90_000,
      300,
    )
  }
}

/** The nodes' last output, for a failure's message: their own words explain most failures. */
export function lastOutputs(nodes: LanNode[]): string {
  return nodes
    .map((n) => (n.proc ? `--- ${n.name}:\n${n.proc.output().slice(-2000)}` : ''))
    .filter(Boolean)
    .join('\n')
}
