// rsync as the floor: a local copy (`rsync -a --fsync SRC/ DEST/`, no ssh, no daemon). It still runs
// as a sender process and a receiver+generator pair talking over a pipe, so it does the read and the
// write any copy must do, with no network stack, no encryption and no hashing.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { verifyCopy } from './dataset.js'
import { childPids, cpuSeconds, peakRss, sleep } from './proc.js'
import type { Measurement, RunContext } from './types.js'

export async function runRsync(ctx: RunContext): Promise<Measurement> {
  const dest = path.join(ctx.work, 'dest')
  const t0 = performance.now()
  // --fsync: Syncthing and Peerdesk both fsync each file they write, so the floor does too.
  const child = spawn('rsync', ['-a', '--fsync', `${ctx.source}/`, `${dest}/`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
  const sampler = new TreeSampler(child.pid!)
  let code: number | null = null
  void exited.then((c) => (code = c))
  while (code === null) {
    sampler.tick()
    await sleep(10)
  }
  if (code !== 0) throw new Error(`rsync failed (${code}): ${stderr.trim()}`)
  const copied = performance.now()
  const bad = await verifyCopy(dest, ctx.manifest)
  if (bad) throw new Error(`rsync copy does not verify: ${bad}`)
  const t1 = performance.now()
  const { peakA, peakB, cpuA, cpuB } = sampler.totals()
  return {
    tool: 'rsync',
    dataset: ctx.datasetName,
    files: ctx.files,
    bytes: ctx.bytes,
    seconds: (t1 - t0) / 1000,
    peakA,
    peakB,
    cpuA,
    cpuB,
    phases: { copy: (copied - t0) / 1000, verify: (t1 - copied) / 1000 },
    notes: [
      'rsync: local copy with --fsync; memory and CPU sampled every 10 ms while it runs ' +
        '(A: the sender, B: receiver + generator, summed)',
    ],
  }
}

/**
 * rsync's processes live only as long as the copy, so their peaks are read while they run: the
 * sender is the process we start, the receiver and generator are its descendants.
 */
class TreeSampler {
  readonly #root: number
  readonly #seen = new Map<number, { peak: number; cpu: number }>()

  constructor(root: number) {
    this.#root = root
  }

  tick(): void {
    for (const pid of [this.#root, ...descendants(this.#root)]) {
      const peak = peakRss(pid)
      const cpu = cpuSeconds(pid)
      if (peak !== null && cpu !== null) this.#seen.set(pid, { peak, cpu })
    }
  }

  totals() {
    const a = this.#seen.get(this.#root)
    let peakB = 0
    let cpuB = 0
    for (const [pid, v] of this.#seen) {
      if (pid === this.#root) continue
      peakB += v.peak
      cpuB += v.cpu
    }
    return { peakA: a?.peak ?? null, cpuA: a?.cpu ?? null, peakB: peakB || null, cpuB: peakB ? cpuB : null }
  }
}

function descendants(pid: number): number[] {
  const kids = childPids(pid)
  return [...kids, ...kids.flatMap(descendants)]
}
