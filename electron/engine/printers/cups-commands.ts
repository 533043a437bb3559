// Runs the CUPS client tools (lpstat, lpoptions, lp, cancel) safely: execFile with no shell, LC_ALL=C so
// the parsers see English, "--" before the file, and CUPS_SERVER taken from the environment given.
import { execFile } from 'node:child_process'
import { AppError } from '../../../shared/errors.js'
import { capabilitiesFrom, parseDriverOptions, parsePrinters, parseRequestId } from './cups-parse.js'
import { toLpArgs } from './print-options.js'
import type { SubmitOptions } from './printer-backend.js'
import type { PrinterCapabilities, PrinterInfo } from './printer-types.js'

export interface CupsCommandOptions {
  /** The environment for the tools; CUPS_SERVER in it picks the server (default: the system's). */
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

interface RunError extends Error {
  code?: string | number | null
  killed?: boolean
  stderr?: string
}

// CUPS queue names: printable, no spaces, "/" or "#" (lpadmin refuses them); no leading dash either.
const PRINTER_NAME = /^[^\s/#\-\u0000-\u001f\u007f][^\s/#\u0000-\u001f\u007f]{0,126}$/

export function assertPrinterName(name: string): void {
  if (!PRINTER_NAME.test(name)) {
    throw new AppError('BAD_REQUEST', 'Invalid printer name', { reason: 'INVALID_PRINTER' })
  }
}

export class CupsCommands {
  readonly #env: NodeJS.ProcessEnv
  readonly #timeoutMs: number

  constructor(opts: CupsCommandOptions = {}) {
    this.#env = { ...(opts.env ?? process.env), LC_ALL: 'C', LANG: 'C' }
    this.#timeoutMs = opts.timeoutMs ?? 15_000
  }

  /** The CUPS server these commands talk to, as "host:port" or a socket path (null: the default). */
  get server(): string | null {
    return this.#env.CUPS_SERVER || null
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    let long: string
    try {
      long = await this.#run('lpstat', ['-l', '-p'])
    } catch (err) {
      // lpstat exits 1 with "No destinations added." on a machine with no queues: that is an empty list.
      if (err instanceof AppError && /no destinations added/i.test(err.message)) return []
      throw err
    }
    const def = await this.#run('lpstat', ['-d'])
    return parsePrinters(long, def)
  }

  async capabilities(name: string): Promise<PrinterCapabilities> {
    assertPrinterName(name)
    const options = parseDriverOptions(await this.#run('lpoptions', ['-p', name, '-l']))
    // lpoptions exits 0 with nothing on stdout for an unknown queue (and for a queue without a driver):
    // lpstat tells the two apart by failing on the unknown one.
    if (Object.keys(options).length === 0) await this.#run('lpstat', ['-p', name])
    return capabilitiesFrom(options)
  }

  /** Queues a file that job-check has already validated; returns the CUPS job id. */
  async submit(printer: string, filePath: string, opts: SubmitOptions): Promise<number> {
    assertPrinterName(printer)
    const caps = opts.capabilities ?? (await this.capabilities(printer))
    const args = [
      '-d',
      printer,
      ...toLpArgs(opts.options, caps, opts.documentFormat, printer),
      '--',
      filePath,
    ]
    const out = await this.#run('lp', args)
    const request = parseRequestId(out)
    if (!request) throw new AppError('INTERNAL', `lp did not report a job id: ${out.trim().slice(0, 200)}`)
    return request.jobId
  }

  async cancel(jobId: number): Promise<void> {
    if (!Number.isSafeInteger(jobId) || jobId <= 0) {
      throw new AppError('BAD_REQUEST', 'Invalid job id', { reason: 'INVALID_JOB' })
    }
    await this.#run('cancel', [String(jobId)])
  }

  #run(file: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        file,
        args,
        { env: this.#env, timeout: this.#timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
        (err: RunError | null, stdout, stderr) => {
          if (err) reject(translate(file, { ...err, message: err.message, stderr }))
          else resolve(stdout)
        },
      )
    })
  }
}

/** Maps a failed tool run to an AppError the UI can explain. */
function translate(file: string, err: RunError): AppError {
  if (err.code === 'ENOENT') {
    return new AppError('UNAVAILABLE', `The CUPS tool ${file} is not installed`, { reason: 'NO_CUPS' })
  }
  if (err.killed) return new AppError('TIMEOUT', `${file} did not answer in time`)
  const detail =
    (err.stderr ?? '')
      .trim()
      .split('\n')[0]
      ?.replace(new RegExp(`^${file}: `), '') || err.message
  if (/unknown printer|does not exist|not found|no such|invalid destination/i.test(detail)) {
    return new AppError('NOT_FOUND', detail)
  }
  if (/already (completed|canceled|cancelled|aborted)|can't cancel/i.test(detail)) {
    return new AppError('CONFLICT', detail)
  }
  if (/scheduler is not running|connection refused|unable to connect|bad file descriptor/i.test(detail)) {
    return new AppError('UNAVAILABLE', `The print system is not running: ${detail}`, { reason: 'NO_CUPS' })
  }
  return new AppError('UNAVAILABLE', `${file} failed: ${detail}`)
}
