// The connect scenario: how soon does a device that starts see the other member of its group online?
// Two `peerdesk serve` nodes, A and B, on a LAN of network namespaces (netns.ts; LAN mode, mDNS, no
// bootstrap), members of one group. Then B and A in turn are stopped and started again, as a user quits
// and reopens the app: each time from the spawn of its process (and from its ready line) to its
// member.online event for the other, read from the engine's event stream with the engine's time stamp.
// In turn, because the time depends on which of the two keys sorts first.
import path from 'node:path'
import type { NetworkReport } from '../shared/types.js'
import type { MemberEventLine } from './api-watch.js'
import { LanCli, lanNode, lastOutputs, type LanNode } from './lan-nodes.js'
import { Lan } from './netns.js'
import { cleaningUp, sleep, start, type Started } from './proc.js'
import type { ConnectResult, ConnectRound, Spread } from './types.js'

export interface ConnectOptions {
  /** Repo root: bin/peerdesk.js lives here. */
  repo: string
  /** A fresh folder for the nodes' data. */
  work: string
  /** How many restarts are timed: B, A, B, … */
  rounds: number
  log: (line: string) => void
}

/** The issue's target: two devices on one LAN connected in under a second. */
export const CONNECT_TARGET_MS = 1000
const GROUP = 'Bench'
const SUBNET = '10.79.2'
const EVENT_TIMEOUT_MS = 30_000
/** How long after a restarted node sees the other online its fast lane may take to show in its log. */
const LANE_WAIT_MS = 10_000
const LANE_POLL_MS = 20

type Name = 'A' | 'B'

export async function runConnect(opts: ConnectOptions): Promise<ConnectResult> {
  const phases: Record<string, number> = {}
  let mark = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    phases[name] = (now - mark) / 1000
    mark = now
  }
  const { freshBundle } = (await import(path.join(opts.repo, 'bin/cli-sources.js'))) as {
    freshBundle: (root: string) => string | null
  }
  const peerdesk = new LanCli(opts.repo)
  const lan = new Lan(SUBNET)
  const nodes: LanNode[] = []
  const watchers: Started[] = []
  try {
    await lan.bridge()
    const a = await lanNode(lan, opts.work, 'A', 10)
    const b = await lanNode(lan, opts.work, 'B', 11)
    nodes.push(a, b)

    // 1. Both nodes, one group, online with each other.
    opts.log(`connect: 2 nodes on ${SUBNET}.0/24 in network namespaces (${lan.prefix}-*)`)
    const [servedA, servedB] = await Promise.all([peerdesk.serve(a), peerdesk.serve(b)])
    await peerdesk.formGroup(GROUP, nodes)
    await Promise.all([peerdesk.sees(a, GROUP, ['B'], true), peerdesk.sees(b, GROUP, ['A'], true)])
    const node: Record<Name, LanNode> = { A: a, B: b }
    const key: Record<Name, string> = { A: servedA.ready.key, B: servedB.ready.key }
    const watching: Record<Name, MemberWatch> = {
      A: watch(opts.repo, a, watchers),
      B: watch(opts.repo, b, watchers),
    }
    phase('setUp')

    // 2. B, A, B, … stopped and started again, each time timed to it seeing the other online.
    const restart = async (name: Name): Promise<ConnectRound> => {
      const other: Name = name === 'A' ? 'B' : 'A'
      await watching[name].proc.stop()
      const stoppedAt = Date.now()
      await node[name].proc?.stop()
      // The other notices it gone first, as when a laptop is closed a while before it is opened again.
      const gone = await watching[other].next(
        `${other} to see ${name} offline`,
        (e) => e.name === 'member.offline' && e.key === key[name] && e.at >= stoppedAt,
      )
      const bundled = freshBundle(opts.repo) !== null
      const served = await peerdesk.serve(node[name])
      watching[name] = watch(opts.repo, node[name], watchers)
      const online = await watching[name].next(
        `${name} to see ${other} online`,
        (e) => e.name === 'member.online' && e.key === key[other],
      )
      const seen = await watching[other].next(
        `${other} to see ${name} online`,
        (e) => e.name === 'member.online' && e.key === key[name] && e.at >= served.spawnedAt,
      )
      const lane = await laneLine(node[name], key[other])
      const doctor = await peerdesk.json<NetworkReport>(node[name], ['doctor'])
      return {
        restarted: name,
        lowerKey: key[name] < key[other],
        goneAfterStop: gone.at - stoppedAt,
        ready: served.readyAt - served.spawnedAt,
        online: online.at - served.spawnedAt,
        onlineAfterReady: online.at - served.readyAt,
        seenByOther: seen.at - served.spawnedAt,
        lane: lane ? lane.at - served.spawnedAt : null,
        laneDirection: lane?.direction ?? null,
        path: doctor.connections.find((c) => c.key === key[other])?.path ?? null,
        mdnsFirstAnswer: doctor.lan.firstAnswerMs,
        bundled,
      }
    }
    const rounds: ConnectRound[] = []
    for (let i = 0; i < opts.rounds; i++) {
      const round = await restart(i % 2 === 0 ? 'B' : 'A')
      rounds.push(round)
      opts.log(
        `connect: round ${i + 1}, ${round.restarted} restarted (${round.lowerKey ? 'lower' : 'higher'} key): ` +
          `ready ${round.ready} ms, sees the other ${round.online} ms after spawn ` +
          `(${round.onlineAfterReady} after ready), lane ${round.lane ?? 'none'} ms, path ${round.path}`,
      )
    }
    phase('rounds')
    for (const w of watchers) await w.stop()
    await Promise.all(nodes.map((n) => n.proc?.stop()))
    return summary(rounds, phases)
  } catch (err) {
    const outputs = lastOutputs(nodes)
    if (outputs && !cleaningUp()) opts.log(`connect failed; the nodes' last output:\n${outputs}`)
    throw err
  } finally {
    for (const w of watchers) await w.stop()
    await Promise.all(nodes.map((n) => n.proc?.stop()))
    await lan.teardown()
  }
}

function summary(rounds: ConnectRound[], phases: Record<string, number>): ConnectResult {
  const of = (pick: (r: ConnectRound) => number | null, which = rounds) => {
    const values = which.flatMap((r) => {
      const v = pick(r)
      return v === null ? [] : [v]
    })
    return values.length ? spread(values) : null
  }
  const online = (r: ConnectRound) => r.online
  const gone = of((r) => r.goneAfterStop)!
  const lane = of((r) => r.lane)
  const withLane = rounds.filter((r) => r.lane !== null).length
  const notes = [
    'Connect: 2 `peerdesk serve` processes (LAN mode: mDNS, no bootstrap) in network namespaces on one ' +
      `bridge with no route out, members of one group; ${rounds.length} times, B and A in turn: one ` +
      'stopped (SIGTERM, a clean close), the other sees it offline, the first started again',
    "Connect times come from events, not polling: each node's member.online and member.offline events as " +
      "its engine stamped them (Date.now(), the bench's clock too), read from the node's local API by a " +
      'watcher process in its namespace that subscribes from the first event, so its own start-up is ' +
      'outside the times. Spawn: just before the bench starts `ip netns exec … peerdesk serve`; ready: ' +
      'when the bench read its ready line. The lane: the time stamp of the restarted node\u2019s log line ' +
      `for its fast lane (its log polled every ${LANE_POLL_MS} ms)`,
    'Connect path: a member is online once the swarm connection (UDX over the LAN: doctor path ' +
      `\`${[...new Set(rounds.map((r) => r.path ?? 'none'))].join('`, `')}\`) is admitted; the TCP fast ` +
      'lane is opened over it afterwards (by the device whose key sorts first) and carries the bulk data',
  ]
  if (withLane < rounds.length)
    notes.push(
      `Connect: in ${rounds.length - withLane} of ${rounds.length} rounds no fast lane showed up in the ` +
        `restarted node's log within ${LANE_WAIT_MS / 1000} s of it seeing the other`,
    )
  if (gone.median > CONNECT_TARGET_MS)
    notes.push(
      `Connect: the other saw the stopped device gone ${gone.median.toFixed(0)} ms (median) after its ` +
        'SIGTERM: a stopping node keeps its swarm connections open until its close is done, so the rounds ' +
        'are longer than the times they report',
    )
  const slow = rounds.filter((r) => !r.bundled).length
  if (slow)
    notes.push(
      `Connect: in ${slow} of ${rounds.length} rounds a source was newer than the CLI bundle, so the ` +
        'restarted `serve` ran its TypeScript through tsx: a slower start-up, inside the time from spawn',
    )
  return {
    rounds,
    online: of(online)!,
    onlineLowerKey: of(
      online,
      rounds.filter((r) => r.lowerKey),
    ),
    onlineHigherKey: of(
      online,
      rounds.filter((r) => !r.lowerKey),
    ),
    onlineAfterReady: of((r) => r.onlineAfterReady)!,
    goneAfterStop: gone,
    ready: of((r) => r.ready)!,
    lane,
    targetMs: CONNECT_TARGET_MS,
    phases,
    notes,
  }
}

interface MemberWatch {
  proc: Started
  /** The first event so far or to come that passes `test`. */
  next(what: string, test: (e: MemberEventLine) => boolean): Promise<MemberEventLine>
}

/** api-watch.ts in the node's namespace: its member events as they come. */
function watch(repo: string, node: LanNode, all: Started[]): MemberWatch {
  const proc = start(
    'ip',
    [
      'netns',
      'exec',
      node.host.ns,
      process.execPath,
      '--import',
      'tsx',
      path.join(repo, 'bench/api-watch.ts'),
      node.dir,
    ],
    { cwd: repo },
  )
  all.push(proc)
  const events: MemberEventLine[] = []
  const waiters = new Set<() => void>()
  let partial = ''
  proc.child.stdout?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as MemberEventLine)
    for (const wake of [...waiters]) wake()
  })
  const next = (what: string, test: (e: MemberEventLine) => boolean) =>
    new Promise<MemberEventLine>((resolve, reject) => {
      const check = () => {
        const found = events.find(test)
        if (!found) return
        done()
        resolve(found)
      }
      const done = () => {
        clearTimeout(timer)
        waiters.delete(check)
        proc.child.off('exit', onExit)
      }
      const onExit = () => {
        done()
        reject(new Error(`the event watcher on ${node.name} exited: ${proc.output().slice(-500)}`))
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`timed out after ${EVENT_TIMEOUT_MS / 1000} s waiting for ${what}`))
      }, EVENT_TIMEOUT_MS)
      waiters.add(check)
      proc.child.once('exit', onExit)
      check()
    })
  return { proc, next }
}

/** The node's log line for its fast lane with `key`: when (its own time stamp) and which end dialled. */
async function laneLine(
  node: LanNode,
  key: string,
): Promise<{ at: number; direction: 'dialled' | 'accepted' } | null> {
  const pattern = new RegExp(
    `^\\[(\\S+)\\] info fast-lane: fast lane with ${key.slice(0, 8)} \\((dialled|accepted)\\)`,
    'm',
  )
  const deadline = Date.now() + LANE_WAIT_MS
  while (Date.now() < deadline) {
    const m = pattern.exec(node.proc?.output() ?? '')
    if (m) return { at: Date.parse(m[1]!), direction: m[2] as 'dialled' | 'accepted' }
    await sleep(LANE_POLL_MS)
  }
  return null
}

/** Median and max of `values` (at least one). */
function spread(values: number[]): Spread {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, max: sorted[sorted.length - 1]! }
}
