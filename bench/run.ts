// `npm run bench [-- --quick] [-- --only=peerdesk,rsync,scan,connect,multisource] [-- --profile]`:
// Peerdesk vs Syncthing vs rsync on loopback, (a) one big file and (b) many small files made from a fixed
// seed, each copy verified; then the first scan and an unchanged rescan of a folder of 100,000 small
// files, Peerdesk against Syncthing (`--only=scan` alone); then how soon a restarted device sees the
// other member of its group on a LAN of network namespaces (`--only=connect` alone); then Peerdesk's
// multi-source download, four seeders against one, on such a LAN with tc-shaped links
// (`--only=multisource` alone). See bench/README.md.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeBigFile, makeManyFiles, makeSmallFiles, type Dataset } from './dataset.js'
import { summarizeProfiles } from './cpu-profile.js'
import { runConnect } from './connect.js'
import { runMultiSource } from './multi-source.js'
import { netnsUnavailable } from './netns.js'
import { runPeerdesk } from './peerdesk.js'
import { cleanupAll, onCleanup } from './proc.js'
import { connectMarkdown, markdown, multiSourceMarkdown, scanMarkdown } from './report.js'
import { runRsync } from './rsync.js'
import { runPeerdeskScan } from './scan.js'
import { writeFormatted } from './write-results.js'
import { ensureCommand, runSyncthing, runSyncthingScan, syncthingUnavailable } from './syncthing.js'
import {
  isSkipped,
  type ConnectOutcome,
  type Measurement,
  type MultiSourceOutcome,
  type Outcome,
  type RunContext,
  type ScanOutcome,
  type ScanResult,
  type Tool,
} from './types.js'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SEED = 0x5eed2024
const MiB = 1024 * 1024

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const profile = argv.includes('--profile')
const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const TOOLS: Tool[] = ['rsync', 'syncthing', 'peerdesk']
const MULTI_SOURCE = 'multisource'
const SCAN = 'scan'
const CONNECT = 'connect'
const SCENARIOS = [SCAN, CONNECT, MULTI_SOURCE]
const selected = onlyArg?.split(',').filter(Boolean) ?? [...TOOLS, ...SCENARIOS]
const tools = TOOLS.filter((t) => selected.includes(t))
const multiSource = selected.includes(MULTI_SOURCE)
const scan = selected.includes(SCAN)
const connectScenario = selected.includes(CONNECT)
/** Restarts in the connect scenario, B and A in turn: each key order three times, in under a minute. */
const CONNECT_ROUNDS = 6
/**
 * Runs of the small-files dataset per tool, in turn: one run of about five seconds moved by up to a
 * fifth from one run to the next on this machine (its file system), so the table shows each tool's
 * median round.
 */
const SMALL_ROUNDS = quick ? 1 : 3
const sizes = quick
  ? { big: 64 * MiB, small: 500, multi: 32 * MiB, scan: 20_000 }
  : { big: 512 * MiB, small: 5000, multi: 96 * MiB, scan: 100_000 }
/**
 * Each seeder's upload in the multi-source run, Mbit/s (`--multisource-mbit=N` to try another): four
 * of them, 20 MB/s together, keep the downloader's node near a quarter of one of this 2-CPU machine's
 * cores; at 160 Mbit/s each the machine's CPU became the limit (see bench/README.md).
 */
const mbitArg = argv.find((a) => a.startsWith('--multisource-mbit='))?.slice('--multisource-mbit='.length)
const MULTI_SOURCE_MBIT = mbitArg === undefined ? 40 : Number(mbitArg)

const runners: Record<Tool, (ctx: RunContext) => Promise<Measurement>> = {
  rsync: runRsync,
  syncthing: runSyncthing,
  peerdesk: runPeerdesk,
}

async function main(): Promise<number> {
  const unknown = selected.filter((s) => !SCENARIOS.includes(s) && !TOOLS.includes(s as Tool))
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown --only=${unknown.join(',')}: choose from ${[...TOOLS, ...SCENARIOS].join(', ')}\n`,
    )
    return 2
  }
  if (!(MULTI_SOURCE_MBIT > 0)) {
    process.stderr.write(`bench: --multisource-mbit needs a positive number of Mbit/s, not ${mbitArg}\n`)
    return 2
  }
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-bench-'))
  // Retries: a dataset being written when a Ctrl+C came may add a file or two while this removes them.
  onCleanup(() => fs.rm(root, { recursive: true, force: true, maxRetries: 5 }))
  const load0 = os.loadavg()[0]!
  const started = new Date()
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`)
  await freshCliBundle(log)

  const unavailable: Partial<Record<Tool, string>> = {}
  if (tools.includes('syncthing') || scan) {
    const why = await syncthingUnavailable()
    if (why) unavailable.syncthing = why
  }
  if (tools.includes('rsync')) {
    const why = await ensureCommand('rsync', 'rsync')
    if (why) unavailable.rsync = why
  }
  const multiUnavailable = multiSource ? await netnsUnavailable() : null
  const connectUnavailable = connectScenario ? await netnsUnavailable(false) : null
  for (const [tool, why] of Object.entries(unavailable)) log(`${tool} will not run: ${why}`)
  if (connectUnavailable) log(`${CONNECT} will not run: ${connectUnavailable}`)
  if (multiUnavailable) log(`${MULTI_SOURCE} will not run: ${multiUnavailable}`)

  const datasets: Dataset[] = []
  if (tools.length) {
    log(`making datasets from seed ${SEED.toString(16)} in ${root}`)
    datasets.push(
      {
        ...(await makeBigFile(path.join(root, 'src-big'), sizes.big, SEED)),
        name: `1 × ${sizes.big / MiB} MiB`,
      },
      {
        ...(await makeSmallFiles(path.join(root, 'src-small'), sizes.small, SEED + 1)),
        name: `${sizes.small} × 1–64 KiB`,
        rounds: SMALL_ROUNDS,
      },
    )
  }

  const outcomes: Outcome[] = []
  for (const ds of datasets) {
    const works: string[] = []
    const rounds = ds.rounds ?? 1
    const runs = new Map<Tool, Outcome[]>(tools.map((tool) => [tool, []]))
    for (let round = 0; round < rounds; round++) {
      // Every other round in the reverse order: a file system that slows as the run goes on weighs on
      // each tool alike.
      for (const tool of round % 2 === 0 ? tools : [...tools].reverse()) {
        const why = unavailable[tool]
        if (why) {
          if (round === 0) runs.get(tool)!.push({ tool, dataset: ds.name, reason: why })
          continue
        }
        const work = path.join(root, `${tool}-${works.length}`)
        await fs.mkdir(work, { recursive: true })
        works.push(work)
        const of = rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''
        log(`${tool}: ${ds.name}${of}…`)
        try {
          const m = await runners[tool](contextFor(ds, work))
          log(`${tool}: ${ds.name}${of}: ${m.seconds.toFixed(2)} s`)
          runs.get(tool)!.push(m)
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err)
          log(`${tool}: ${ds.name}${of} failed: ${reason}`)
          runs.get(tool)!.push({ tool, dataset: ds.name, reason: reason.split('\n')[0]!.slice(0, 300) })
        }
      }
    }
    for (const tool of tools) outcomes.push(medianRound(runs.get(tool)!))
    // The copies and stores stay until every tool has run on this dataset: on an ext4 without a
    // journal (this machine's), creating a file after thousands were deleted costs up to 1 ms of
    // kernel CPU for a few minutes (the allocator skips recently freed inodes one by one), so removing
    // one tool's 5,000 files slowed the next tool's copy.
    for (const work of works) await fs.rm(work, { recursive: true, force: true })
  }

  const scanned = scan ? await runScan(root, unavailable.syncthing ?? null, log) : null

  /**
   * One scenario in its own fresh folder: skipped when `unavailable` says why it cannot run here, its
   * failure kept as a reason (first line) rather than ending the bench.
   */
  const scenario = async <T>(
    name: string,
    unavailable: string | null,
    starting: string,
    body: (work: string) => Promise<T>,
    done: (result: T) => string,
  ): Promise<T | { reason: string; skipped: boolean }> => {
    if (unavailable) return { reason: unavailable, skipped: true }
    const work = path.join(root, name)
    await fs.mkdir(work, { recursive: true })
    log(`${name}: ${starting}…`)
    try {
      const result = await body(work)
      log(`${name}: ${done(result)}`)
      return result
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      log(`${name} failed: ${reason}`)
      return { reason: reason.split('\n')[0]!.slice(0, 300), skipped: false }
    } finally {
      await fs.rm(work, { recursive: true, force: true })
    }
  }

  const connected: ConnectOutcome | null = connectScenario
    ? await scenario(
        CONNECT,
        connectUnavailable,
        `two nodes on a LAN of namespaces, B and A restarted in turn ${CONNECT_ROUNDS} times`,
        (work) => runConnect({ repo: REPO, work, rounds: CONNECT_ROUNDS, log }),
        (c) =>
          `a restarted device sees the other ${c.online.median.toFixed(0)} ms after its ` +
          `spawn (median, max ${c.online.max.toFixed(0)}; target < ${c.targetMs})`,
      )
    : null

  const multi: MultiSourceOutcome | null = multiSource
    ? await scenario(
        MULTI_SOURCE,
        multiUnavailable,
        `1 × ${sizes.multi / MiB} MiB, four seeders then one, ${MULTI_SOURCE_MBIT} Mbit/s each`,
        (work) =>
          runMultiSource({
            repo: REPO,
            work,
            bytes: sizes.multi,
            seed: SEED + 2,
            rateMbit: MULTI_SOURCE_MBIT,
            log,
          }),
        (m) => `speed-up ${m.speedUp.toFixed(2)}× (target ≥ ${m.target}×)`,
      )
    : null

  const load1 = os.loadavg()[0]!
  const machine =
    `${started.toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ` +
    `load average ${load0.toFixed(1)} at start and ${load1.toFixed(1)} at end` +
    (Math.max(load0, load1) > os.cpus().length ? ' (busy machine: times are noisy)' : '')
  const sections: string[] = []
  if (tools.length) {
    sections.push(
      markdown(outcomes, [
        `# Peerdesk vs Syncthing vs rsync on loopback${quick ? ' (quick)' : ''}`,
        '',
        machine,
        '',
        'Time: wall clock from the start of the share step to a copy on the other side whose every file ' +
          "matches the source's sha256 (verification included). MB/s = 10^6 bytes/s. Memory: peak RSS " +
          '(VmHWM) of the sending (A) and receiving (B) process. CPU: user+system seconds in the timed interval.',
      ]),
    )
  } else sections.push(`# Peerdesk benchmark${quick ? ' (quick)' : ''}\n\n${machine}\n`)
  if (scanned) sections.push(scanMarkdown(scanned))
  if (connected) sections.push(connectMarkdown(connected))
  if (multi) sections.push(multiSourceMarkdown(multi))
  const stale = await staleCliNote()
  if (stale) {
    log(stale)
    sections.push(`Note: ${stale}\n`)
  }
  const text = sections.join('\n')
  process.stdout.write('\n' + text)
  const results = path.join(REPO, 'bench/results')
  await fs.mkdir(results, { recursive: true })
  const name = quick ? 'latest-quick' : 'latest'
  await writeFormatted(path.join(results, `${name}.md`), text)
  await writeFormatted(
    path.join(results, `${name}.json`),
    JSON.stringify(
      {
        started,
        quick,
        seed: SEED,
        loadAverage: [load0, load1],
        outcomes,
        ...(scanned ? { scan: scanned } : {}),
        ...(connected ? { connect: connected } : {}),
        ...(multi ? { multiSource: multi } : {}),
      },
      null,
      2,
    ) + '\n',
  )
  log(`wrote bench/results/${name}.md and ${name}.json`)

  if (profile) {
    // A separate run under --cpu-prof: the profiler slows the nodes, so it is never the measured one.
    const summaries: string[] = []
    for (const [i, ds] of datasets.entries()) {
      const dir = path.join(root, `profiles-${i}`)
      await fs.mkdir(dir, { recursive: true })
      log(`profiling Peerdesk on ${ds.name}…`)
      const work = path.join(root, `profile-run-${i}`)
      await fs.mkdir(work, { recursive: true })
      await runPeerdesk({ ...contextFor(ds, work), cpuProfileDir: dir })
      summaries.push(await summarizeProfiles(dir, ds.name))
    }
    const summary = summaries.join('\n')
    process.stdout.write('\n' + summary)
    await writeFormatted(path.join(results, 'profile.md'), summary)
    log('wrote bench/results/profile.md')
  }
  const failed =
    outcomes.some((o) => 'reason' in o && !Object.values(unavailable).includes(o.reason)) ||
    (scanned?.outcomes.some((o) => 'reason' in o && o.reason !== unavailable.syncthing) ?? false) ||
    (connected !== null && 'reason' in connected && !connected.skipped) ||
    (multi !== null && 'reason' in multi && !multi.skipped)
  return failed ? 1 : 0
}

interface CliBundle {
  freshBundle: (root: string) => string | null
}

/**
 * bin/peerdesk.js runs dist/cli's bundle only while no source is newer, else the TypeScript through tsx
 * (about half a second more at every CLI start, which the bench would measure): rebuild it when stale,
 * as test/lan/lan-helpers.ts does. A failed build is reported and the run goes on through tsx.
 */
async function freshCliBundle(log: (s: string) => void): Promise<void> {
  const { freshBundle } = (await import(path.join(REPO, 'bin/cli-sources.js'))) as CliBundle
  if (freshBundle(REPO)) return
  const t0 = performance.now()
  try {
    const { buildCli } = (await import(path.join(REPO, 'scripts/build-cli.js'))) as {
      buildCli: (opts: { quiet: boolean }) => Promise<void>
    }
    await buildCli({ quiet: true })
    log(
      `the CLI bundle (dist/cli) was older than its sources: rebuilt it in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
  } catch (err) {
    log(`the CLI bundle is stale and rebuilding it failed (the CLI runs through tsx): ${String(err)}`)
  }
}

/** When a source changed during the run (someone editing), later CLI calls ran through tsx. */
async function staleCliNote(): Promise<string | null> {
  const { freshBundle } = (await import(path.join(REPO, 'bin/cli-sources.js'))) as CliBundle
  return freshBundle(REPO)
    ? null
    : 'the CLI bundle (dist/cli) was stale by the end of the run (a source changed meanwhile): some ' +
        '`peerdesk` calls may have run through tsx, about 0.5 s slower to start'
}

/** The scan scenario: one folder of many small files, Peerdesk's first share and rescan, then Syncthing's. */
async function runScan(
  root: string,
  syncthingWhy: string | null,
  log: (s: string) => void,
): Promise<ScanResult> {
  const source = path.join(root, 'src-scan')
  log(
    `${SCAN}: making ${sizes.scan.toLocaleString('en-US')} files of 200 B–2 KiB from seed ${(SEED + 3).toString(16)}…`,
  )
  const data = await makeManyFiles(source, sizes.scan, SEED + 3)
  const outcomes: ScanOutcome[] = []
  const runners = {
    peerdesk: runPeerdeskScan,
    syncthing: runSyncthingScan,
  }
  for (const tool of ['peerdesk', 'syncthing'] as const) {
    if (tool === 'syncthing' && syncthingWhy) {
      outcomes.push({ tool, reason: syncthingWhy })
      continue
    }
    const work = path.join(root, `${SCAN}-${tool}`)
    await fs.mkdir(work, { recursive: true })
    log(`${SCAN}: ${tool}, ${data.files} files…`)
    try {
      const m = await runners[tool]({ repo: REPO, work, source, files: data.files, bytes: data.bytes })
      log(`${SCAN}: ${tool}: first scan ${m.firstScan.toFixed(2)} s, rescan ${m.rescan.toFixed(2)} s`)
      outcomes.push(m)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      log(`${SCAN}: ${tool} failed: ${reason}`)
      outcomes.push({ tool, reason: reason.split('\n')[0]!.slice(0, 300) })
    }
    await fs.rm(work, { recursive: true, force: true })
  }
  await fs.rm(source, { recursive: true, force: true })
  return { files: data.files, bytes: data.bytes, outcomes }
}

// A closed pipe (`npm run bench | head`) must not kill us before the clean-up.
process.stdout.on('error', () => undefined)
process.stderr.on('error', () => undefined)
let exiting = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (exiting) return
    exiting = true
    process.stderr.write(`bench: ${signal}, cleaning up…\n`)
    void cleanupAll().then(() => process.exit(130))
  })
}
try {
  process.exitCode = await main()
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
} finally {
  await cleanupAll()
}

function contextFor(ds: Dataset, work: string): RunContext {
  return {
    repo: REPO,
    work,
    source: ds.dir,
    datasetName: ds.name,
    manifest: ds.manifest,
    files: ds.files,
    bytes: ds.bytes,
  }
}

/**
 * A tool's outcome from its rounds: the first failure if any round failed (a failure is never hidden by
 * a good round), else the round of median time, with every round's time beside it.
 */
function medianRound(runs: Outcome[]): Outcome {
  const failed = runs.find(isSkipped)
  if (failed) return failed
  const done = runs as Measurement[]
  if (done.length === 1) return done[0]!
  const median = [...done].sort((x, y) => x.seconds - y.seconds)[(done.length - 1) >> 1]!
  return { ...median, rounds: done.map((m) => m.seconds) }
}
