// Child processes the bench starts, what they cost (peak memory and CPU time from /proc), and the
// clean-up that runs however a run ends.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import fs from 'node:fs'
import { withTimeout } from '../electron/engine/with-timeout.js'

const TICKS_PER_SECOND = 100 // Linux USER_HZ: /proc/PID/stat counts CPU time in these.

type Cleanup = () => Promise<void> | void
const cleanups: Cleanup[] = []
/** Clean-ups under way (started early, or by a cleanupAll): a cleanupAll waits for them too. */
const running = new Set<Promise<void>>()
let closing = false

/**
 * Run `fn` at clean-up (last registered runs first); returns a function that runs it early. Calling it
 * again, or while it runs, gives the same promise: a run's own `finally` and a Ctrl+C's cleanupAll can
 * both wait for one teardown to end, rather than one of them exiting while the other is half-way.
 */
export function onCleanup(fn: Cleanup): () => Promise<void> {
  let started: Promise<void> | null = null
  const once = (): Promise<void> => {
    if (started) return started
    const i = cleanups.indexOf(once)
    if (i >= 0) cleanups.splice(i, 1)
    const work = (async () => fn())()
    started = work
    running.add(work)
    void work.then(
      () => running.delete(work),
      () => running.delete(work),
    )
    return work
  }
  cleanups.push(once)
  return once
}

/** Whether cleanupAll has begun (a Ctrl+C, or the end): what fails from now on is the clean-up's doing. */
export function cleaningUp(): boolean {
  return closing
}

export async function cleanupAll(): Promise<void> {
  closing = true
  while (cleanups.length) {
    const fn = cleanups[cleanups.length - 1]!
    try {
      await fn()
    } catch (err) {
      process.stderr.write(`bench: clean-up step failed: ${String(err)}\n`)
    }
  }
  // Those started before (early, or by another caller) must end before the process may exit.
  while (running.size) await Promise.allSettled([...running])
}

export interface Started {
  child: ChildProcess
  pid: number
  output: () => string
  /** Resolves with the first stdout line that parses as JSON. */
  firstJson: <T>(timeoutMs: number) => Promise<T>
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop: (graceMs?: number) => Promise<void>
}

/** Start a long-running process, stopped at clean-up if nothing stopped it before. */
export function start(cmd: string, args: string[], opts: SpawnOptions = {}): Started {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts })
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`)
  let out = ''
  let stdout = ''
  const keep = (d: Buffer) => {
    out += d.toString()
    if (out.length > 200_000) out = out.slice(-100_000)
  }
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
    keep(d)
  })
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  const stopAtCleanup = onCleanup(() => stop())
  void exited.then(() => stopAtCleanup())
  const firstJson = <T>(timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no JSON from ${cmd} in ${timeoutMs} ms: ${out}`)),
        timeoutMs,
      )
      const finish = (err: Error | null, value?: T) => {
        clearTimeout(timer)
        child.stdout?.off('data', check)
        child.off('exit', onExit)
        if (err) reject(err)
        else resolve(value as T)
      }
      const check = () => {
        for (const line of stdout.split('\n')) {
          if (!line.trim().startsWith('{')) continue
          try {
            return finish(null, JSON.parse(line) as T)
          } catch {
            // A partial line: wait for the rest.
          }
        }
      }
      const onExit = () => finish(new Error(`${cmd} exited before it was ready: ${out}`))
      child.stdout?.on('data', check)
      child.once('exit', onExit)
      check()
    })
  return { child, pid: child.pid, output: () => out, firstJson, stop }
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** Run a command to its end (killed after `timeoutMs`). */
export function run(
  cmd: string,
  args: string[],
  timeoutMs = 120_000,
  opts: SpawnOptions = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({ code: 127, stdout, stderr: stderr + String(err) })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })
    })
  })
}

export async function mustRun(
  cmd: string,
  args: string[],
  timeoutMs?: number,
  opts?: SpawnOptions,
): Promise<string> {
  const r = await run(cmd, args, timeoutMs, opts)
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`)
  return r.stdout
}

/** Peak resident memory (VmHWM) of a live process in bytes, or null once it is gone. */
export function peakRss(pid: number): number | null {
  return statusKb(pid, 'VmHWM')
}

/** Resident memory now (VmRSS) of a live process in bytes, or null once it is gone. */
export function rss(pid: number): number | null {
  return statusKb(pid, 'VmRSS')
}

function statusKb(pid: number, field: string): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : null
  } catch {
    return null
  }
}

/** CPU seconds (user + system) a live process has used so far, or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/**
 * Wait until a process has used under 2% of a CPU for `quietMs` (its background work is over), at
 * most `maxMs`; resolves the CPU seconds it used meanwhile, or null once it is gone.
 */
export async function untilQuiet(pid: number, quietMs: number, maxMs: number): Promise<number | null> {
  const start = cpuSeconds(pid)
  const end = performance.now() + maxMs
  let last = start
  let quietSince = performance.now()
  while (performance.now() < end) {
    await sleep(500)
    const now = cpuSeconds(pid)
    if (now === null || start === null || last === null) return null
    if (now - last > 0.01) quietSince = performance.now()
    last = now
    if (performance.now() - quietSince >= quietMs) return now - start
  }
  return last !== null && start !== null ? last - start : null
}

/** The whole machine's CPU time so far (all CPUs, kernel included): busy and total, in ticks. */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    const busy = user! + nice! + system! + irq! + softirq! + steal!
    return { busy, total: busy + idle! + iowait! }
  } catch {
    return null
  }
}

export function childPids(pid: number): number[] {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`)
    return tasks.flatMap((t) =>
      fs
        .readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    )
  } catch {
    return []
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Poll `probe` until it returns a value that is not undefined, or throw after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** `promise`, or an error once `timeoutMs` passed without it settling. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  return withTimeout(
    promise,
    timeoutMs,
    () => new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`),
  )
}
