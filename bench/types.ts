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
