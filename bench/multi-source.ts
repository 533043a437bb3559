// The multi-source scenario: does a download get faster when more members hold the file? Five
// `peerdesk serve` processes on a LAN of network namespaces (netns.ts; LAN mode, mDNS, no bootstrap):
// the owner O shares one random file, S2..S4 download it first (unshaped) and so hold copies, then
// every seeder's upload is limited to the same rate with tc (tbf on its own interface) and G downloads
// the file twice: with all four seeders up, then with S2..S4 stopped (O alone). Both copies are
// checked against the source's sha256. The speed-up is T1 / T4.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Transfer } from '../shared/types.js'
import { makeBigFile, verifyCopy } from './dataset.js'
import { LanCli, lanNode, lastOutputs, type LanNode } from './lan-nodes.js'
import { Lan } from './netns.js'
import { cleaningUp, cpuSeconds, machineTicks, until } from './proc.js'
import type { MultiSourceResult, MultiSourceRun } from './types.js'

export interface MultiSourceOptions {
  /** Repo root: bin/peerdesk.js lives here. */
  repo: string
  /** A fresh folder for the nodes' data, the source and the copies. */
  work: string
  bytes: number
  seed: number
  /** tbf rate on each seeder's upload, Mbit/s. */
  rateMbit: number
  log: (line: string) => void
}

/** The speed-up four seeders should give over one. */
export const MULTI_SOURCE_TARGET = 3
const GROUP = 'Bench'
const SUBNET = '10.79.1'

export async function runMultiSource(opts: MultiSourceOptions): Promise<MultiSourceResult> {
  const phases: Record<string, number> = {}
  let mark = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    phases[name] = (now - mark) / 1000
    mark = now
  }

  const source = path.join(opts.work, 'source')
  const data = await makeBigFile(source, opts.bytes, opts.seed)
  const lan = new Lan(SUBNET)
  const nodes: LanNode[] = []
  try {
    await lan.bridge()
    for (const [i, name] of ['O', 'S2', 'S3', 'S4', 'G'].entries()) {
      nodes.push(await lanNode(lan, opts.work, name, 10 + i))
    }
    const [owner, s2, s3, s4, getter] = nodes as [LanNode, LanNode, LanNode, LanNode, LanNode]
    const helpers = [s2, s3, s4]
    const seeders = [owner, ...helpers]
    const byIp = new Map(nodes.map((n) => [n.host.ip, n.name]))

    const peerdesk = new LanCli(opts.repo)
    const cliRaw = (node: LanNode, args: string[], timeoutMs?: number) => peerdesk.raw(node, args, timeoutMs)
    const cli = <T>(node: LanNode, args: string[], timeoutMs?: number) =>
      peerdesk.json<T>(node, args, timeoutMs)
    const pid = (node: LanNode) => node.proc?.pid ?? -1
    const sees = (node: LanNode, names: string[], online: boolean) =>
      peerdesk.sees(node, GROUP, names, online)

    // 1. Five nodes, one group, all online with each other.
    opts.log(`multisource: 5 nodes on ${SUBNET}.0/24 in network namespaces (${lan.prefix}-*)`)
    await Promise.all(nodes.map((node) => peerdesk.serve(node)))
    await peerdesk.formGroup(GROUP, nodes)
    const names = nodes.map((n) => n.name)
    await Promise.all(nodes.map((node) => sees(node, names, true)))
    phase('setUp')

    // 2. O shares the file; S2..S4 download it (unshaped) and so hold copies.
    const { id: share } = await cli<{ id: string }>(owner, ['share', GROUP, source, '--name', 'multi'])
    await Promise.all(
      nodes.slice(1).map((node) =>
        until(
          `the share on ${node.name}`,
          async () => {
            const r = await cliRaw(node, ['shares', GROUP])
            if (r.code !== 0) return undefined
            const rows = JSON.parse(r.stdout) as { id: string; files: number; bytes: number }[]
            return rows.some((row) => row.id === share && row.files === 1 && row.bytes === data.bytes)
              ? true
              : undefined
          },
          60_000,
          300,
        ),
      ),
    )
    await Promise.all(
      helpers.map(async (node) => {
        const dest = path.join(opts.work, `copy-${node.name}`)
        await fs.mkdir(dest)
        await cli(node, ['get', share, dest], 10 * 60_000)
        const bad = await verifyCopy(dest, data.manifest)
        if (bad) throw new Error(`the copy on ${node.name} does not verify: ${bad}`)
      }),
    )
    phase('seed')

    // 3. Every seeder's upload to the same rate.
    for (const node of seeders) await lan.limitUpload(node.host, opts.rateMbit)
    const qdisc = await lan.qdisc(owner.host)

    // Which members G has a TCP fast lane with: the only TCP between the nodes (the swarm is UDP).
    const lanes = async (): Promise<string[]> => {
      const out = await lan.exec(getter.host.ns, 'ss', '-Htn', 'state', 'established')
      const peers = new Set<string>()
      for (const line of out.split('\n')) {
        const ip = /(\d+\.\d+\.\d+\.\d+):\d+\s*$/.exec(line.trim())?.[1]
        const name = ip && ip !== getter.host.ip ? byIp.get(ip) : undefined
        if (name) peers.add(name)
      }
      return [...peers].sort()
    }

    const download = async (label: string, from: LanNode[]): Promise<MultiSourceRun> => {
      const dest = path.join(opts.work, `G-${label}`)
      await fs.mkdir(dest)
      const cpu = () => {
        const own = cpuSeconds(pid(getter))
        const theirs = from.map((n) => cpuSeconds(pid(n)))
        return { own, theirs: theirs.some((c) => c === null) ? null : theirs.reduce((a, b) => a! + b!, 0) }
      }
      const sent0 = await Promise.all(from.map((n) => lan.sentBytes(n.host)))
      const cpu0 = cpu()
      const machine0 = machineTicks()
      const t0 = performance.now()
      const transfer = await cli<Transfer>(getter, ['get', share, dest], 30 * 60_000)
      const seconds = (performance.now() - t0) / 1000
      const cpu1 = cpu()
      const machine1 = machineTicks()
      const sent1 = await Promise.all(from.map((n) => lan.sentBytes(n.host)))
      const bad = await verifyCopy(dest, data.manifest)
      if (bad) throw new Error(`G's copy from ${label} does not verify: ${bad}`)
      await fs.rm(dest, { recursive: true, force: true })
      const diff = (a: number | null, b: number | null) => (a !== null && b !== null ? b - a : null)
      const result: MultiSourceRun = {
        seeders: from.map((n) => n.name),
        seconds,
        transferSeconds: ((transfer.endedAt ?? transfer.startedAt) - transfer.startedAt) / 1000,
        peers: transfer.peers,
        sent: Object.fromEntries(from.map((n, i) => [n.name, sent1[i]! - sent0[i]!])),
        cpuGetter: diff(cpu0.own, cpu1.own),
        cpuSeeders: diff(cpu0.theirs, cpu1.theirs),
        machineBusy:
          machine0 && machine1 && machine1.total > machine0.total
            ? (machine1.busy - machine0.busy) / (machine1.total - machine0.total)
            : null,
      }
      opts.log(
        `multisource: ${from.length} seeder(s): ${seconds.toFixed(2)} s (transfer ${result.transferSeconds.toFixed(2)} s), ` +
          `sent MB ${Object.entries(result.sent)
            .map(([k, v]) => `${k} ${(v / 1e6).toFixed(1)}`)
            .join(', ')}`,
      )
      return result
    }

    // 4. Four seeders first (S2..S4 only remember their copies while their nodes run), then one.
    const lanesAtFour = await lanes()
    // bin/peerdesk.js runs the TypeScript through tsx when a source is newer than the bundle: a slower
    // start for every CLI call, which is inside T1 and T4.
    const { freshBundle } = (await import(path.join(opts.repo, 'bin/cli-sources.js'))) as {
      freshBundle: (root: string) => string | null
    }
    const bundled = freshBundle(opts.repo) !== null
    const four = await download('four', seeders)
    phase('fourSeeders')
    await Promise.all(helpers.map((n) => n.proc?.stop()))
    await sees(
      getter,
      helpers.map((n) => n.name),
      false,
    )
    const one = await download('one', [owner])
    phase('oneSeeder')

    await Promise.all(nodes.map((n) => n.proc?.stop()))
    const notes = [
      'Multi-source: 5 `peerdesk serve` processes (LAN mode: mDNS, no bootstrap) in network namespaces on ' +
        'one bridge with no route out; O shares, S2..S4 `peerdesk get` the file first (unshaped) and keep ' +
        `serving it; then tbf ${opts.rateMbit} Mbit/s on the upload of O and S2..S4 (G unshaped); the 4-seeder ` +
        "download first, then S2..S4's nodes are stopped and G downloads again from O alone into a fresh folder",
      'Multi-source time: `peerdesk get` on G, CLI start to exit (Peerdesk checks every chunk hash); the sha256 ' +
        'check of the copy comes after, outside the time. Sent: bytes out of each seeder\u2019s interface in ' +
        'the run (kernel counter, headers included)',
    ]
    if (!bundled)
      notes.push(
        'Multi-source: the CLI ran its TypeScript through tsx (a source is newer than dist/cli): every ' +
          '`peerdesk` call started slower than a user\u2019s would, which lowers the speed-up',
      )
    // Under 1% of an even share: a seeder G (almost) never asked for a chunk.
    const idle = four.seeders.filter(
      (name) => (four.sent[name] ?? 0) < data.bytes / four.seeders.length / 100,
    )
    if (idle.length)
      notes.push(
        `Multi-source: in the 4-seeder download ${idle.join(', ')} served (almost) nothing: the ` +
          'downloader spread its chunk requests over fewer seeders than hold the file',
      )
    if (lanesAtFour.length < seeders.length)
      notes.push(
        `Multi-source: G had a TCP fast lane with ${lanesAtFour.join(', ') || 'no seeder'} only; ` +
          'the other seeders were reached over the swarm (UDX)',
      )
    return {
      bytes: data.bytes,
      rateMbit: opts.rateMbit,
      qdisc,
      one,
      four,
      speedUp: one.seconds / four.seconds,
      transferSpeedUp: one.transferSeconds / four.transferSeconds,
      target: MULTI_SOURCE_TARGET,
      lanes: lanesAtFour,
      phases,
      notes,
    }
  } catch (err) {
    const outputs = lastOutputs(nodes)
    if (outputs && !cleaningUp()) opts.log(`multisource failed; the nodes' last output:\n${outputs}`)
    throw err
  } finally {
    await Promise.all(nodes.map((n) => n.proc?.stop()))
    await lan.teardown()
  }
}
