// Is the engine still quick to answer its UI while it works? One cheap call on a node's local API (the
// contract the UI uses), repeated on a fixed beat with one call in flight at a time, its round trips
// kept with the wall time each was sent, so a run can keep those sent while a transfer ran.
import type { RpcClient } from '../shared/rpc-client.js'
import { sleep } from './proc.js'
import type { LatencyStats } from './types.js'

/** The call: what the transfers view asks for; an in-memory list, so its time is the engine's path. */
export const PROBE_METHOD = 'transfer.list'
export const PROBE_EVERY_MS = 50

export interface LatencySample {
  /** Date.now() when the call was sent: comparable with the engine's own time stamps. */
  at: number
  ms: number
}

export interface LatencyProbe {
  /** Stop after the call in flight; its samples (or the call's error). */
  stop(): Promise<LatencySample[]>
}

/**
 * A call every `everyMs`, or at once when the last took longer: never two in flight, so the probe
 * adds at most one small request to a busy engine's queue and cannot pile up behind a stall.
 */
export function probeLatency(client: RpcClient, everyMs = PROBE_EVERY_MS): LatencyProbe {
  const samples: LatencySample[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now()
      const t0 = performance.now()
      await client.call(PROBE_METHOD, {})
      const ms = performance.now() - t0
      samples.push({ at, ms })
      if (!stopped && ms < everyMs) await sleep(everyMs - ms)
    }
  })()
  // A failed call ends the loop; stop() hands its error on.
  loop.catch(() => undefined)
  return {
    stop: async () => {
      stopped = true
      await loop
      return samples
    },
  }
}

/** p50, p99 (nearest rank) and max of `ms`; null with no sample. */
export function latencyStats(ms: number[]): LatencyStats | null {
  if (ms.length === 0) return null
  const sorted = [...ms].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!
  return { samples: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]! }
}

/** The stats of the samples sent within [from, to] (wall ms). */
export function statsBetween(samples: LatencySample[], from: number, to: number): LatencyStats | null {
  return latencyStats(samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.ms))
}
