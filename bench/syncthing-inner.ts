// Runs inside the benchmark's network namespace (only `lo`), started by syncthing.ts: two Syncthing
// homes, both started and connected, then timed: add the folder on both over REST, poll B until it
// has everything, check every file's sha256. Prints one JSON line: a Measurement or { error }. With
// `--scan` first (the scan scenario): one home, a folder's first scan and an unchanged rescan, timed;
// a ScanMeasurement or { error }.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { verifyCopy } from './dataset.js'
import { cleanupAll, cpuSeconds, peakRss, run, sleep, start, until, type Started } from './proc.js'
import { configXml, folderJson, type Peer } from './syncthing-config.js'
import type { Measurement, ScanMeasurement } from './types.js'

interface Args {
  work: string
  source: string
  manifestFile: string
  datasetName: string
  files: number
  bytes: number
}

interface Node {
  name: string
  id: string
  home: string
  api: string
  key: string
  proc?: Started
}

interface DbStatus {
  state: string
  globalFiles: number
  localFiles: number
  needFiles: number
  needBytes: number
  inSyncFiles: number
  localBytes: number
}

const FOLDER = 'bench'

async function rest<T>(node: Node, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${node.api}${route}`, {
    method,
    headers: { 'X-API-Key': node.key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${node.name} ${method} ${route}: ${res.status} ${await res.text()}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : null) as T
}

async function prepare(work: string, name: string, guiPort: number): Promise<Node> {
  const home = path.join(work, `home-${name}`)
  const r = await run('syncthing', ['generate', '--home', home, '--no-default-folder', '--skip-port-probing'])
  // It logs the device ID with its other messages, on stdout or stderr depending on the version.
  const out = r.stdout + r.stderr
  if (r.code !== 0) throw new Error(`syncthing generate failed (${r.code}): ${out}`)
  const id = /Device ID:\s+(\S+)/.exec(out)?.[1]
  if (!id) throw new Error(`syncthing generate printed no device ID: ${out}`)
  return { name, id, home, api: `http://127.0.0.1:${guiPort}`, key: randomBytes(16).toString('hex') }
}

/** Start a prepared home's Syncthing as the worker itself: one process per side to measure. */
function startNode(node: Node, work: string): void {
  const env = {
    ...process.env,
    STNOUPGRADE: '1',
    STNORESTART: '1',
    STNODEFAULTFOLDER: '1',
    // Run as the worker itself, not under Syncthing's monitor process: one process to measure per side.
    STMONITORED: '1',
    HOME: work,
  }
  node.proc = start(
    'syncthing',
    ['serve', '--home', node.home, '--no-browser', '--no-restart', '--logflags=0'],
    { env },
  )
}

function apiUp(node: Node): Promise<unknown> {
  return until(
    `${node.name}'s REST API`,
    () => rest(node, 'GET', '/rest/system/ping').catch(() => undefined),
    60_000,
    100,
  )
}

async function main(args: Args): Promise<Measurement> {
  const manifest = JSON.parse(await fs.readFile(args.manifestFile, 'utf8')) as Record<string, string>
  const dest = path.join(args.work, 'dest')
  await fs.mkdir(dest, { recursive: true })
  // The namespace is ours alone, so fixed ports are free.
  const a = await prepare(args.work, 'A', 8384)
  const b = await prepare(args.work, 'B', 8385)
  const peers: Record<string, Peer> = {
    A: { name: 'A', id: a.id, address: 'tcp://127.0.0.1:22001' },
    B: { name: 'B', id: b.id, address: 'tcp://127.0.0.1:22002' },
  }
  for (const [self, other, node] of [
    ['A', 'B', a],
    ['B', 'A', b],
  ] as const) {
    const xml = configXml({
      self: peers[self]!,
      other: peers[other]!,
      guiPort: Number(node.api.split(':')[2]),
      apiKey: node.key,
    })
    await fs.writeFile(path.join(node.home, 'config.xml'), xml)
  }
  for (const node of [a, b]) startNode(node, args.work)
  for (const node of [a, b]) await apiUp(node)
  await until(
    'A and B connected',
    async () => {
      const c = await rest<{ connections: Record<string, { connected: boolean }> }>(
        a,
        'GET',
        '/rest/system/connections',
      )
      return c.connections[b.id]?.connected ? true : undefined
    },
    60_000,
    100,
  )

  const pidA = a.proc!.pid
  const pidB = b.proc!.pid
  const cpu0 = [cpuSeconds(pidA), cpuSeconds(pidB)]
  const t0 = performance.now()
  await rest(b, 'POST', '/rest/config/folders', folderJson(FOLDER, dest, 'receiveonly', [a.id, b.id]))
  await rest(a, 'POST', '/rest/config/folders', folderJson(FOLDER, args.source, 'sendonly', [a.id, b.id]))
  const shared = performance.now()
  let checks = 0
  let bad: string | null = 'not checked'
  while (bad !== null) {
    // B's own view: all files known globally, all of them local, nothing needed, and idle. (Its byte
    // counts include 128 bytes per directory, so files are counted instead; the sha256 check follows.)
    await until(
      "B's folder complete",
      async () => {
        const s = await rest<DbStatus>(b, 'GET', `/rest/db/status?folder=${FOLDER}`).catch(() => undefined)
        const done =
          s &&
          s.state === 'idle' &&
          s.globalFiles === args.files &&
          s.localFiles === args.files &&
          s.inSyncFiles === args.files &&
          s.needFiles === 0 &&
          s.needBytes === 0
        return done ? s : undefined
      },
      30 * 60_000,
      50,
    )
    bad = await verifyCopy(dest, manifest)
    if (bad !== null && ++checks > 20) throw new Error(`Syncthing copy does not verify: ${bad}`)
    if (bad !== null) await sleep(100)
  }
  const t1 = performance.now()
  const cpu1 = [cpuSeconds(pidA), cpuSeconds(pidB)]
  const cpu = (i: number) => (cpu0[i] != null && cpu1[i] != null ? cpu1[i]! - cpu0[i]! : null)
  const result: Measurement = {
    tool: 'syncthing',
    dataset: args.datasetName,
    files: args.files,
    bytes: args.bytes,
    seconds: (t1 - t0) / 1000,
    peakA: peakRss(pidA),
    peakB: peakRss(pidB),
    cpuA: cpu(0),
    cpuB: cpu(1),
    phases: { share: (shared - t0) / 1000, untilVerified: (t1 - shared) / 1000, verifyRetries: checks },
    notes: [],
  }
  await Promise.all([a.proc!.stop(), b.proc!.stop()])
  return result
}

/**
 * The scan scenario: one Syncthing, no peer. Timed: the folder added over REST until its status is idle
 * with every file local (the initial scan), then POST /rest/db/scan (it returns when the scan is done)
 * until idle again, nothing having changed.
 */
async function scanMain(
  work: string,
  source: string,
  files: number,
  bytes: number,
): Promise<ScanMeasurement> {
  const a = await prepare(work, 'A', 8384)
  await fs.writeFile(
    path.join(a.home, 'config.xml'),
    configXml({
      self: { name: 'A', id: a.id, address: 'tcp://127.0.0.1:22001' },
      guiPort: 8384,
      apiKey: a.key,
    }),
  )
  startNode(a, work)
  await apiUp(a)
  const pid = a.proc!.pid
  const status = () => rest<DbStatus>(a, 'GET', `/rest/db/status?folder=${FOLDER}`)
  const scanned = () =>
    until(
      'the folder scanned',
      async () => {
        const s = await status().catch(() => undefined)
        return s && s.state === 'idle' && s.localFiles === files ? s : undefined
      },
      30 * 60_000,
      50,
    )

  const cpu0 = cpuSeconds(pid)
  const t0 = performance.now()
  await rest(a, 'POST', '/rest/config/folders', folderJson(FOLDER, source, 'sendonly', [a.id]))
  const first = await scanned()
  const firstScan = (performance.now() - t0) / 1000
  const cpuFirst = cpuSeconds(pid)
  const peakFirst = peakRss(pid)
  // Whatever it does once idle (database writes, a GC) before the rescan is asked for.
  await sleep(2000)

  const cpu1 = cpuSeconds(pid)
  const t1 = performance.now()
  await rest(a, 'POST', `/rest/db/scan?folder=${FOLDER}`)
  const returned = (performance.now() - t1) / 1000
  const again = await scanned()
  const rescan = (performance.now() - t1) / 1000
  const cpu2 = cpuSeconds(pid)
  const peakRescan = peakRss(pid)
  if (again.localBytes !== first.localBytes || again.localFiles !== first.localFiles)
    throw new Error(`the rescan changed the folder: ${JSON.stringify(first)} then ${JSON.stringify(again)}`)
  await a.proc!.stop()
  const diff = (x: number | null, y: number | null) => (x !== null && y !== null ? { v: y - x } : null)
  const cpuScan = diff(cpu0, cpuFirst)
  const cpuRescan = diff(cpu1, cpu2)
  return {
    tool: 'syncthing',
    files,
    bytes,
    firstScan,
    rescan,
    peakFirst,
    peakRescan,
    phases: {
      firstScan,
      rescanPostReturned: returned,
      rescan,
      ...(cpuScan ? { cpuFirstScan: cpuScan.v } : {}),
      ...(cpuRescan ? { cpuRescan: cpuRescan.v } : {}),
    },
    notes: [
      'Syncthing first scan: POST /rest/config/folders (sendonly, no other device) until /rest/db/status ' +
        'is idle with localFiles = the file count; rescan: POST /rest/db/scan (returns when the scan is done) ' +
        'until idle again; one process (STMONITORED), in a network namespace with only lo',
    ],
  }
}

// `--scan WORK SOURCE FILES BYTES` for the scan scenario, else WORK SOURCE MANIFEST NAME FILES BYTES.
const argv = process.argv.slice(2)
const scanMode = argv[0] === '--scan'
process.stdout.on('error', () => undefined)
let code = 0
const stopping = () => void cleanupAll().then(() => process.exit(1))
process.on('SIGTERM', stopping)
process.on('SIGINT', stopping)
try {
  let m: Measurement | ScanMeasurement
  if (scanMode) {
    const [, work, source, files, bytes] = argv
    m = await scanMain(work!, source!, Number(files), Number(bytes))
  } else {
    const [work, source, manifestFile, datasetName, files, bytes] = argv
    m = await main({
      work: work!,
      source: source!,
      manifestFile: manifestFile!,
      datasetName: datasetName!,
      files: Number(files),
      bytes: Number(bytes),
    })
  }
  process.stdout.write(JSON.stringify(m) + '\n')
} catch (err) {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }) + '\n')
  code = 1
} finally {
  await cleanupAll()
}
process.exit(code)
