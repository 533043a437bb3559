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
  /** Peerdesk: round trips of an API call on each node, idle and while it works. */
  latency?: LatencyRow[]
  notes: string[]
  /** When the dataset ran in rounds: every round's seconds, in the order run (this is the median one). */
  rounds?: number[]
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
  /** Peak RSS (VmHWM) after the first scan and the background work it starts (the history copy), bytes. */
  peakSharing?: number | null
  /** Resident memory (VmRSS) once the engine has been idle a while after that, bytes. */
  settledFirst?: number | null
  phases: Record<string, number>
  notes: string[]
}

export type ScanOutcome = ScanMeasurement | { tool: 'peerdesk' | 'syncthing'; reason: string }

export interface ScanResult {
  files: number
  bytes: number
  outcomes: ScanOutcome[]
}

/** Round trips of one cheap API call (api-latency.ts), milliseconds. */
export interface LatencyStats {
  samples: number
  p50: number
  p99: number
  max: number
}

/** The API's round trips on one node in one phase of a Peerdesk run (peerdesk.ts). */
export interface LatencyRow {
  /** idle: both nodes connected, nothing to do; share: A's `peerdesk share`; transfer: B's download. */
  phase: 'idle' | 'share' | 'transfer'
  node: 'A' | 'B'
  stats: LatencyStats | null
}

/** Median and max over a scenario's rounds, ms. */
export interface Spread {
  median: number
  max: number
}

/**
 * One restart in the connect scenario (connect.ts): one device (A or B, in turn) stopped and started
 * again while the other runs. Times in ms from the restarted device's spawn unless said.
 */
export interface ConnectRound {
  restarted: 'A' | 'B'
  /** Whether the restarted device's key sorts first: it then dials the fast lane (and, it seems, waits). */
  lowerKey: boolean
  /** From the SIGTERM that stopped its previous process to the other's member.offline event for it. */
  goneAfterStop: number
  /** Spawn of its `peerdesk serve` to its ready line on stdout. */
  ready: number
  /** Spawn to its member.online event for the other (the engine's own time stamp): what its user sees. */
  online: number
  /** The same from its ready line: negative when it connected before it printed the line. */
  onlineAfterReady: number
  /** Spawn to the other's member.online event for it. */
  seenByOther: number
  /** Spawn to its log line for its TCP fast lane with the other; null when none came within the wait. */
  lane: number | null
  /** Which end dialled the lane, as its log says. */
  laneDirection: 'dialled' | 'accepted' | null
  /** How its swarm connection to the other travels (`peerdesk doctor`: lan, holepunched or relayed). */
  path: string | null
  /** Its engine's start to its first mDNS answer (`peerdesk doctor`). */
  mdnsFirstAnswer: number | null
  /** Whether its `serve` ran the CLI bundle (false: its TypeScript through tsx, a slower start). */
  bundled: boolean
}

export interface ConnectResult {
  rounds: ConnectRound[]
  online: Spread
  /** `online` of the rounds whose restarted device had the lower key, and of the others. */
  onlineLowerKey: Spread | null
  onlineHigherKey: Spread | null
  onlineAfterReady: Spread
  goneAfterStop: Spread
  ready: Spread
  lane: Spread | null
  /** The target for `online`, ms. */
  targetMs: number
  phases: Record<string, number>
  notes: string[]
}

export type ConnectOutcome = ConnectResult | { reason: string; skipped: boolean }
