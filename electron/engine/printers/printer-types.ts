// The plain data both printer backends (CUPS, the Windows spooler) speak, kept apart from either so the
// parsers, the protocol and the job checks can share it without importing a backend.

export type PrinterState = 'idle' | 'printing' | 'stopped'

export interface PrinterInfo {
  name: string
  description: string
  state: PrinterState
  /** Why the printer is stopped, when the system says (e.g. "Paused", "paper jam"). */
  stateMessage?: string
  isDefault: boolean
}

/** One option of a printer's driver (a PPD option on CUPS), as `lpoptions -l` lists it. */
export interface DriverOption {
  label: string
  choices: string[]
  default: string | null
}

export type Sides = 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge'
export type ColorMode = 'color' | 'monochrome'

export interface PrinterCapabilities {
  color: boolean
  duplex: boolean
  /** Paper sizes by the driver's own names (A4, Letter, ...). */
  media: string[]
  defaults: { media: string | null; sides: Sides; color: ColorMode }
  /** The driver's options by keyword, so requests can be mapped to its own names as well. */
  driverOptions: Record<string, DriverOption>
}

/** IPP job-state (RFC 8011 5.3.7). */
export const JOB_STATES = {
  3: 'pending',
  4: 'held',
  5: 'processing',
  6: 'stopped',
  7: 'canceled',
  8: 'aborted',
  9: 'completed',
} as const

export type JobStateCode = keyof typeof JOB_STATES
export type JobStateName = (typeof JOB_STATES)[JobStateCode]

export interface JobState {
  state: JobStateCode
  name: JobStateName
  reasons: string[]
  message: string | null
}

export function isTerminalJobState(state: JobStateCode): boolean {
  return state >= 7
}

/** The types a job may have: anything else could reach the device raw (PJL, PostScript, PCL). */
export const PRINTABLE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const
export type PrintableType = (typeof PRINTABLE_TYPES)[number]
