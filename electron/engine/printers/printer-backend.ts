// The interface every printer backend implements (CUPS on Linux and macOS, the Windows spooler), and the
// factory that picks one for the platform. The engine's printer service only ever sees this.
import { CupsCommands } from './cups-commands.js'
import { getJobState } from './ipp-job-state.js'
import type { JobWatchSource } from './job-watch.js'
import type { PrintOptions } from './print-options.js'
import type { JobState, PrintableType, PrinterCapabilities, PrinterInfo } from './printer-types.js'
import { WindowsSpooler } from './windows-spooler.js'

export interface SubmitOptions {
  options: PrintOptions
  /** The sniffed type: always passed on so the system never guesses (or sends the file raw). */
  documentFormat: PrintableType
  /** Saves a round trip when the caller already has them. */
  capabilities?: PrinterCapabilities
}

export interface PrinterBackend extends JobWatchSource {
  readonly kind: 'cups' | 'windows'
  listPrinters(): Promise<PrinterInfo[]>
  capabilities(name: string): Promise<PrinterCapabilities>
  /** Queues a file job-check has validated; returns the system's job id. */
  submit(printer: string, filePath: string, opts: SubmitOptions): Promise<number>
  cancel(jobId: number): Promise<void>
  jobState(jobId: number): Promise<JobState>
}

/** CUPS through its command-line tools, with job states over IPP (lpstat cannot tell how a job ended). */
export class CupsBackend extends CupsCommands implements PrinterBackend {
  readonly kind = 'cups'

  jobState(jobId: number): Promise<JobState> {
    return getJobState(jobId, { server: this.server })
  }
}

export function createPrinterBackend(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): PrinterBackend {
  return platform === 'win32' ? new WindowsSpooler({ env }) : new CupsBackend({ env })
}
