// Peerdesk as a user runs it: a loopback bootstrap node, two `peerdesk serve` processes, a group made
// with the CLI (create, invite, join). Timed: `peerdesk share` on A, then on B `peerdesk shares` until
// the whole folder is visible and `peerdesk get`, then the sha256 check of the copy.
import dgram from 'node:dgram'
import fs from 'node:fs/promises'
import path from 'node:path'
import { verifyCopy } from './dataset.js'
import { readApiFile } from '../electron/server/api-file.js'
import { connect } from '../electron/server/ws-client.js'
import { cpuSeconds, onCleanup, peakRss, run, start, until, type Started } from './proc.js'
import type { Measurement, RunContext } from './types.js'

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
    return start(process.execPath, [
      ...prof,
      bin,
      '--data',
      data,
      'serve',
      '--bootstrap',
      `127.0.0.1:${port}`,
      '--host',
      '127.0.0.1',
      '--json',
    ])
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

  const api = await readApiFile(dataB)
  if (!api) throw new Error(`no api.json in ${dataB}`)
  const apiB = await connect(api.url, api.token)
  const closeApi = onCleanup(() => apiB.close())

  const cpu0 = [cpuSeconds(a.pid), cpuSeconds(b.pid)]
  const t0 = performance.now()
  const { id: share } = await cli<{ id: string }>(dataA, ['share', group, ctx.source, '--name', 'bench'])
  const shared = performance.now()
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
  await cli(dataB, ['get', share, dest], 30 * 60_000)
  const got = performance.now()
  const bad = await verifyCopy(dest, ctx.manifest)
  if (bad) throw new Error(`Peerdesk copy does not verify: ${bad}`)
  const t1 = performance.now()
  const cpu1 = [cpuSeconds(a.pid), cpuSeconds(b.pid)]
  const peakA = peakRss(a.pid)
  const peakB = peakRss(b.pid)

  // A status call alone: what one CLI process costs here, so the report can say how much of the time
  // above is process start-up rather than transfer.
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
    phases: {
      share: (shared - t0) / 1000,
      untilVisible: (visible - shared) / 1000,
      get: (got - visible) / 1000,
      verify: (t1 - got) / 1000,
      oneCliCall: cliCall,
    },
    notes: [
      'Peerdesk: `peerdesk share` and `peerdesk get` are CLI processes, so the time includes two CLI ' +
        'start-ups (oneCliCall is one, timed after the run); B is watched for the share through its local API',
    ],
  }
}

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
