// What every runner hands back, so the report treats the three tools alike.
export type Tool = 'peerdesk' | 'syncthing' | 'rsync'

export interface Measurement {
  tool: Tool
  dataset: string
  files: number
  bytes: number
  /** Wall seconds from the start of the share step to a verified copy on the other side. */
  seconds: number
  /** Peak resident memory (VmHWM) of the sending and the receiving side, bytes. */
  peakA: number | null
  peakB: number | null
  /** CPU seconds each side used during the timed interval. */
  cpuA: number | null
  cpuB: number | null
  /** Where the time went, tool-specific (seconds). */
  phases: Record<string, number>
  notes: string[]
}

export interface Skipped {
  tool: Tool
  dataset: string
  reason: string
}

export type Outcome = Measurement | Skipped

export function isSkipped(o: Outcome): o is Skipped {
  return 'reason' in o
}

export interface RunContext {
  /** Repo root: bin/peerdesk.js lives here. */
  repo: string
  /** A fresh folder for this tool and dataset, removed afterwards. */
  work: string
  source: string
  datasetName: string
  manifest: Record<string, string>
  files: number
  bytes: number
  /** Write V8 CPU profiles of the two serve processes here (Peerdesk only). */
  cpuProfileDir?: string
}

/** One timed download in the multi-source scenario (multi-source.ts). */
export interface MultiSourceRun {
  /** The seeders G could reach, by name ('O' is the owner). */
  seeders: string[]
  /** Wall seconds of `peerdesk get` on G: CLI start to exit (chunk hashes checked inside). */
  seconds: number
  /** The engine's own start-to-end time of the transfer (no CLI start-up). */
  transferSeconds: number
  /** Providers the transfer reported. */
  peers: number
  /** Bytes each seeder's interface sent during the download (IP headers included), by name. */
  sent: Record<string, number>
  /** CPU seconds during the download: G's serve process, and all seeders' together. */
  cpuGetter: number | null
  cpuSeeders: number | null
  /** How busy the whole machine was during the download (0..1 of all CPUs, kernel included). */
  machineBusy: number | null
}

export interface MultiSourceResult {
  bytes: number
  /** The tbf rate on every seeder's upload, Mbit/s. */
  rateMbit: number
  /** The qdisc as `tc qdisc show` printed it on the owner. */
  qdisc: string
  one: MultiSourceRun
  four: MultiSourceRun
  /** one.seconds / four.seconds. */
  speedUp: number
  /** The same on the engine's transfer times. */
  transferSpeedUp: number
  target: number
  /** Seeders G had a TCP fast lane with at the 4-seeder download. */
  lanes: string[]
  phases: Record<string, number>
  notes: string[]
}

/** Or why it did not run: skipped (no root, ip or tc here) or failed. */
export type MultiSourceOutcome = MultiSourceResult | { reason: string; skipped: boolean }

/** The scan scenario: one tool's first scan and unchanged rescan of the same folder (scan.ts). */
export interface ScanMeasurement {
  tool: 'peerdesk' | 'syncthing'
  files: number
  bytes: number
  /** Wall seconds of the first scan (Peerdesk: the `peerdesk share` CLI call, start to exit). */
  firstScan: number
  /** Seconds of a rescan with nothing changed (what exactly: see `notes`). */
  rescan: number
  /** Peak RSS (VmHWM) of the engine's process after the first scan, and after the rescan, bytes. */
  peakFirst: number | null
  peakRescan: number | null
  phases: Record<string, number>
  notes: string[]
}

export type ScanOutcome = ScanMeasurement | { tool: 'peerdesk' | 'syncthing'; reason: string }

export interface ScanResult {
  files: number
  bytes: number
  outcomes: ScanOutcome[]
}
