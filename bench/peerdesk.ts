// Peerdesk as its window drives it: a loopback bootstrap node, two `peerdesk serve` processes, a group
// made with the CLI (create, invite, join). Timed, through each node's local API (the contract the UI
// and the CLI both use, as Syncthing is driven through its REST API): the share created on A, B's
// share list until the whole folder is visible, the download on B to its end, then the sha256 check
// of the copy. A CLI call is timed alone beside it (a CLI user adds one per command). Also the round
// trips of an API call on each node (api-latency.ts): idle first, then during the share and the get.
import dgram from 'node:dgram'
import fs from 'node:fs/promises'
import path from 'node:path'
import { transferEnd } from '../shared/transfer-end.js'
import {
  PROBE_EVERY_MS,
  PROBE_METHOD,
  latencyStats,
  probeLatency,
  statsBetween,
  type LatencySample,
} from './api-latency.js'
import { verifyCopy } from './dataset.js'
import { readApiFile } from '../electron/server/api-file.js'
import { connect, type NodeConnection } from '../electron/server/ws-client.js'
import { ENGINE_NODE_FLAGS } from '../electron/engine/heap-settings.js'
import { cpuSeconds, onCleanup, peakRss, run, sleep, start, until, within, type Started } from './proc.js'
import type { LatencyRow, Measurement, RunContext } from './types.js'

/** How long the API's round trips are sampled with both nodes idle, for comparison. */
const IDLE_PROBE_MS = 3000

/** The real CLI, each call a new process, as a user or a script would use it; its --json answer. */
export async function peerdeskCli<T>(
  repo: string,
  data: string,
  args: string[],
  timeoutMs = 120_000,
): Promise<T> {
  const bin = path.join(repo, 'bin/peerdesk.js')
  const r = await run(process.execPath, [bin, '--data', data, ...args, '--json'], timeoutMs, { cwd: repo })
  if (r.code !== 0) throw new Error(`peerdesk ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`)
  return JSON.parse(r.stdout) as T
}

/** A `peerdesk bootstrap` node on 127.0.0.1 (its data in `work`/boot); firstJson gives its port. */
export async function startBootstrap(repo: string, work: string): Promise<Started> {
  return start(process.execPath, [
    path.join(repo, 'bin/peerdesk.js'),
    '--data',
    path.join(work, 'boot'),
    'bootstrap',
    '--host',
    '127.0.0.1',
    '--port',
    String(await freeUdpPort()),
    '--json',
  ])
}

export async function runPeerdesk(ctx: RunContext): Promise<Measurement> {
  const bin = path.join(ctx.repo, 'bin/peerdesk.js')
  const dataA = path.join(ctx.work, 'a')
  const dataB = path.join(ctx.work, 'b')
  const dest = path.join(ctx.work, 'dest')
  await fs.mkdir(dest, { recursive: true })
  const cli = <T>(data: string, args: string[], timeoutMs?: number): Promise<T> =>
    peerdeskCli<T>(ctx.repo, data, args, timeoutMs)
  const boot = await startBootstrap(ctx.repo, ctx.work)
  const { port } = await boot.firstJson<{ port: number }>(30_000)
  const serve = (data: string, name: string): Started => {
    const prof = ctx.cpuProfileDir
      ? ['--cpu-prof', '--cpu-prof-dir', ctx.cpuProfileDir, '--cpu-prof-name', `${name}.cpuprofile`]
      : []
    // The bin itself, as a shell runs it (its shebang sets the engine's malloc arenas and V8 flags);
    // under the profiler, node with the same flags and environment.
    const [cmd, args] = prof.length ? [process.execPath, [...ENGINE_NODE_FLAGS, ...prof, bin]] : [bin, []]
    return start(
      cmd,
      [...args, '--data', data, 'serve', '--bootstrap', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--json'],
      prof.length ? { env: { ...process.env, MALLOC_ARENA_MAX: '2' } } : {},
    )
  }
  const a = serve(dataA, 'serve-a')
  const b = serve(dataB, 'serve-b')
  await Promise.all([a.firstJson(60_000), b.firstJson(60_000)])

  const { id: group } = await cli<{ id: string }>(dataA, ['group', 'create', 'Bench'])
  const { invite } = await cli<{ invite: string }>(dataA, ['invite', group])
  await cli(dataB, ['join', invite, '--timeout', '60s'])
  for (const data of [dataA, dataB]) {
    await until(
      'both members online',
      async () => {
        const members = await cli<{ online: boolean }[]>(data, ['members', group])
        return members.length === 2 && members.every((m) => m.online) ? true : undefined
      },
      60_000,
      200,
    )
  }

  const openApi = async (data: string, events = false): Promise<NodeConnection> => {
    const api = await readApiFile(data)
    if (!api) throw new Error(`no api.json in ${data}`)
    return connect(api.url, api.token, { events })
  }
  const apiA = await openApi(dataA)
  const apiB = await openApi(dataB)
  // The download is followed through its events on a connection of its own, as `peerdesk get` does;
  // the latency probes keep theirs to themselves.
  const eventsB = await openApi(dataB, true)
  const closeApi = onCleanup(() =>
    Promise.all([apiA.close(), apiB.close(), eventsB.close()]).then(() => undefined),
  )
  /** Probe both nodes' APIs until the returned function stops them. */
  const probeBoth = () => {
    const probes = [probeLatency(apiA.client), probeLatency(apiB.client)] as const
    return () => Promise.all([probes[0].stop(), probes[1].stop()])
  }

  // The API's round trips with both nodes connected and nothing to do: what "responsive" is here.
  const stopIdle = probeBoth()
  await sleep(IDLE_PROBE_MS)
  const [idleA, idleB] = await stopIdle()

  const cpu0 = [cpuSeconds(a.pid), cpuSeconds(b.pid)]
  const t0 = performance.now()
  const shareProbe = probeLatency(apiA.client)
  const { id: share } = await apiA.client.call('share.create', { group, path: ctx.source, name: 'bench' })
  const shared = performance.now()
  // Stopped, not waited for: the call in flight must not delay the timed steps.
  const shareProbed = shareProbe.stop()
  // B sees the share when the roster reaches it, and all of it once A's import is flushed. Watched
  // through B's local API every 50 ms, as Syncthing's REST API is: a CLI process per look would add
  // its start-up to every poll, which is the bench's cost, not something a user waits for.
  await until(
    'the whole share visible on B',
    async () => {
      const rows = await apiB.client.call('share.list', { group })
      const row = rows.find((r) => r.id === share)
      return row && row.files === ctx.files && row.bytes === ctx.bytes ? row : undefined
    },
    30 * 60_000,
    50,
  )
  const visible = performance.now()
  const stopGet = probeBoth()
  const { transfer: started } = await eventsB.client.call('file.download', { share, path: '/', dest })
  const transfer = await within('the download', transferEnd(eventsB.client, started), 30 * 60_000)
  const got = performance.now()
  const getProbed = stopGet()
  const bad = await verifyCopy(dest, ctx.manifest)
  if (bad) throw new Error(`Peerdesk copy does not verify: ${bad}`)
  const t1 = performance.now()
  const shareSamples = await shareProbed
  const [getA, getB] = await getProbed
  // The transfer's window on the engine's clock.
  const during = (samples: LatencySample[]) =>
    statsBetween(samples, transfer.startedAt, transfer.endedAt ?? Date.now())
  const all = (samples: LatencySample[]) => latencyStats(samples.map((s) => s.ms))
  const latency: LatencyRow[] = [
    { phase: 'idle', node: 'A', stats: all(idleA) },
    { phase: 'idle', node: 'B', stats: all(idleB) },
    { phase: 'share', node: 'A', stats: all(shareSamples) },
    { phase: 'transfer', node: 'A', stats: during(getA) },
    { phase: 'transfer', node: 'B', stats: during(getB) },
  ]
  const cpu1 = [cpuSeconds(a.pid), cpuSeconds(b.pid)]
  const peakA = peakRss(a.pid)
  const peakB = peakRss(b.pid)

  // A status call alone: what one CLI process costs here, which `peerdesk share` and `peerdesk get`
  // would each add to the time above.
  const c0 = performance.now()
  await cli(dataB, ['status'])
  const cliCall = (performance.now() - c0) / 1000

  await closeApi()
  // Stop the nodes now, so a CPU profile is written before the report reads it.
  await Promise.all([a.stop(), b.stop()])
  await boot.stop()
  const cpu = (i: number) => (cpu0[i] != null && cpu1[i] != null ? cpu1[i]! - cpu0[i]! : null)
  return {
    tool: 'peerdesk',
    dataset: ctx.datasetName,
    files: ctx.files,
    bytes: ctx.bytes,
    seconds: (t1 - t0) / 1000,
    peakA,
    peakB,
    cpuA: cpu(0),
    cpuB: cpu(1),
    latency,
    phases: {
      share: (shared - t0) / 1000,
      untilVisible: (visible - shared) / 1000,
      get: (got - visible) / 1000,
      verify: (t1 - got) / 1000,
      oneCliCall: cliCall,
    },
    notes: [
      'Peerdesk: the share and the download are calls to the local WebSocket API of each node (the contract ' +
        'the window and the CLI use), as Syncthing is driven through REST; `peerdesk share` and ' +
        '`peerdesk get` would each add one CLI start-up (oneCliCall, timed after the run)',
      LATENCY_NOTE,
      LATENCY_SCOPE,
    ],
  }
}

const LATENCY_NOTE =
  `API round trips: \`${PROBE_METHOD}\` on each node's local WebSocket API (the contract the UI uses), ` +
  `one every ${PROBE_EVERY_MS} ms and never two in flight, from the bench's process; idle: ${IDLE_PROBE_MS / 1000} s ` +
  "with both nodes connected and nothing to do, before the timed run; share: during the share's creation on A " +
  "(scan and hash); transfer: the calls sent between the download's start and end on the engine's clock"
const LATENCY_SCOPE =
  "What the round trips measure: the engine's event loop and API path (WebSocket server, RPC session, " +
  'handler), the path of browser mode and the same session the desktop app\u2019s IPC relay ends in. In ' +
  'Electron the engine runs in a utility process and the window in its own renderer process, so a busy ' +
  'engine delays answers and events, not the window\u2019s drawing or input; the Electron binary cannot ' +
  'run here, so its IPC hops and rendering are not measured'

/** A UDP port free on 127.0.0.1 right now (the bootstrap node needs a number; 0 is refused). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4')
    socket.once('error', reject)
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address()
      socket.close(() => resolve(port))
    })
  })
}
