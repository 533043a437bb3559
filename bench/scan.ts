// The scan scenario, Peerdesk's side: one `peerdesk serve` (with its own bootstrap node on 127.0.0.1)
// and a group made with the CLI. Timed: the first `peerdesk share` of a folder of many small files (scan,
// hash, write the metadata; the call returns when the import is done), then a rescan with nothing
// changed. The CLI has no rescan command; a share is rescanned when its owner's node starts (ShareHost
// opens each own share and runs its first scan as an 'import' transfer before the node is ready), so
// the node is stopped and started again and the restart's import transfer is the rescan, timed by the
// engine's own clock (its startedAt and endedAt); the restart to ready is reported beside it.
import path from 'node:path'
import type { Transfer } from '../shared/types.js'
import { peerdeskCli, startBootstrap } from './peerdesk.js'
import { cpuSeconds, peakRss, rss, sleep, start, untilQuiet, type Started } from './proc.js'
import type { ScanMeasurement } from './types.js'

/** How long the node idles after a scan before its resident memory is read. */
const SETTLE_MS = 15_000
/**
 * The node's background work after the share is over after this long quiet (longer than the 30 s the
 * history copy waits for the folder to be quiet before it starts)...
 */
const QUIET_MS = 40_000
/** ...or this long at most. */
const BACKGROUND_MAX_MS = 5 * 60_000

export interface ScanContext {
  repo: string
  /** A fresh folder for the node's data, removed afterwards. */
  work: string
  source: string
  files: number
  bytes: number
}

interface ShareRow {
  id: string
  files: number
  bytes: number
}

export async function runPeerdeskScan(ctx: ScanContext): Promise<ScanMeasurement> {
  const bin = path.join(ctx.repo, 'bin/peerdesk.js')
  const data = path.join(ctx.work, 'node')
  const cli = <T>(args: string[], timeoutMs?: number): Promise<T> =>
    peerdeskCli<T>(ctx.repo, data, args, timeoutMs)
  const boot = await startBootstrap(ctx.repo, ctx.work)
  const nodes: Started[] = [boot]
  try {
    return await measure(ctx, cli, bin, data, boot, nodes)
  } finally {
    // On a failure too: no node outlives its run (their data folder is removed next).
    await Promise.all(nodes.map((n) => n.stop()))
  }
}

async function measure(
  ctx: ScanContext,
  cli: <T>(args: string[], timeoutMs?: number) => Promise<T>,
  bin: string,
  data: string,
  boot: Started,
  nodes: Started[],
): Promise<ScanMeasurement> {
  const { port } = await boot.firstJson<{ port: number }>(30_000)
  /** A serve process, and the seconds from its spawn to its ready line (the engine open). */
  const serve = async (): Promise<{ node: Started; seconds: number }> => {
    const t0 = performance.now()
    // The bin itself, as a shell runs it: its shebang sets the engine's malloc arenas.
    const node = start(
      bin,
      ['--data', data, 'serve', '--bootstrap', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--json'],
      { cwd: ctx.repo },
    )
    nodes.push(node)
    await node.firstJson(30 * 60_000)
    return { node, seconds: (performance.now() - t0) / 1000 }
  }
  /** The share's import transfer (the last one, should there be more): its engine-timed seconds. */
  const importOf = async (share: string): Promise<{ seconds: number; transfer: Transfer }> => {
    const list = await cli<Transfer[]>(['transfers'])
    const t = list.filter((x) => x.kind === 'import' && x.share === share).pop()
    if (!t || t.state !== 'done' || t.endedAt === null)
      throw new Error(`no finished import transfer of ${share}: ${JSON.stringify(list)}`)
    return { seconds: (t.endedAt - t.startedAt) / 1000, transfer: t }
  }
  const checkRow = async (group: string, share: string) => {
    const row = (await cli<ShareRow[]>(['shares', group])).find((r) => r.id === share)
    if (!row || row.files !== ctx.files || row.bytes !== ctx.bytes)
      throw new Error(
        `the share shows ${row ? `${row.files} files, ${row.bytes} bytes` : 'nothing'}, not ` +
          `${ctx.files} files, ${ctx.bytes} bytes`,
      )
  }

  // A node with no share yet: its start-up alone, to set the restart below against.
  const first = await serve()
  const { id: group } = await cli<{ id: string }>(['group', 'create', 'Bench'])

  const cpu0 = cpuSeconds(first.node.pid)
  const t0 = performance.now()
  const { id: share } = await cli<{ id: string }>(['share', group, ctx.source, '--name', 'scan'], 30 * 60_000)
  const firstScan = (performance.now() - t0) / 1000
  const cpuFirst = cpuSeconds(first.node.pid)
  const peakFirst = peakRss(first.node.pid)
  const imported = await importOf(share)
  await checkRow(group, share)
  // Sharing goes on after the call: the history copy starts when the folder has been quiet a while
  // (30 s). Its peak counts; the node is left until it is idle again.
  const background = await untilQuiet(first.node.pid, QUIET_MS, BACKGROUND_MAX_MS)
  const peakSharing = peakRss(first.node.pid)
  // What the node keeps once the work is over: V8's memory reducer shrinks an idle heap about 8 s
  // after it goes quiet, so 15 s.
  await sleep(SETTLE_MS)
  const rssAfterFirst = rss(first.node.pid)
  await first.node.stop()

  // Nothing changed: the restart rescans the share (size and mtime of every file) before it is ready.
  const second = await serve()
  const cpuRestart = cpuSeconds(second.node.pid)
  const peakRescan = peakRss(second.node.pid)
  const rescanned = await importOf(share)
  if (rescanned.transfer.bytesTotal !== 0)
    throw new Error(`the rescan imported ${rescanned.transfer.bytesTotal} bytes, not 0: did a file change?`)
  await checkRow(group, share)
  await sleep(SETTLE_MS)
  const rssAfterRescan = rss(second.node.pid)
  await second.node.stop()
  await boot.stop()

  const MiB = 1024 * 1024
  const mib = (n: number | null) => (n === null ? 'n/a' : (n / MiB).toFixed(0))
  return {
    tool: 'peerdesk',
    files: ctx.files,
    bytes: ctx.bytes,
    firstScan,
    rescan: rescanned.seconds,
    peakFirst,
    peakRescan,
    peakSharing,
    settledFirst: rssAfterFirst,
    phases: {
      startNoShare: first.seconds,
      shareCli: firstScan,
      importEngine: imported.seconds,
      restartToReady: second.seconds,
      rescanEngine: rescanned.seconds,
      ...(cpu0 !== null && cpuFirst !== null ? { cpuShare: cpuFirst - cpu0 } : {}),
      ...(cpuRestart !== null ? { cpuRestart } : {}),
      ...(background !== null ? { cpuHistoryCopy: background } : {}),
    },
    notes: [
      'Peerdesk first scan: the `peerdesk share GROUP FOLDER --json` CLI process, start to exit (scan, hash, ' +
        'metadata written, the share in the roster; one CLI start-up inside); importEngine is the import ' +
        "transfer alone on the engine's clock",
      'Peerdesk rescan: there is no rescan command; the node is stopped and started again, which rescans ' +
        "its share (size and mtime of every file) before it is ready; the time is that import transfer on the engine's " +
        'clock (rescanEngine); restartToReady is the whole restart, startNoShare the same node before it shared',
      `Peerdesk memory: VmHWM of the serve process after the share and after the restart's rescan; ` +
        `resident ${SETTLE_MS / 1000} s later (VmRSS, idle): ${mib(rssAfterFirst)} and ${mib(rssAfterRescan)} MiB`,
    ],
  }
}
