// The printer backend for Windows: PowerShell's print cmdlets to list printers and follow jobs, and
// SumatraPDF (a separate GPLv3 exe we ship beside the app, never link) to print PDFs and images.
// UNTESTED HERE: this machine has no Windows. Only the pure mappers below are covered by tests.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { AppError } from '../../../shared/errors.js'
import type { PrintOptions } from './print-options.js'
import type { PrinterBackend, SubmitOptions } from './printer-backend.js'
import type {
  JobState,
  JobStateCode,
  PrinterCapabilities,
  PrinterInfo,
  PrinterState,
} from './printer-types.js'
import { JOB_STATES } from './printer-types.js'

export interface WindowsSpoolerOptions {
  env?: NodeJS.ProcessEnv
  /** SumatraPDF.exe; default PEERDESK_SUMATRA, else beside the app's executable. */
  sumatraPath?: string
  timeoutMs?: number
}

// The scripts are constants: every value from a peer reaches PowerShell through environment variables,
// so nothing a member sends is ever parsed as PowerShell.
const PS = {
  list: `
$default = (Get-CimInstance Win32_Printer -Filter 'Default=TRUE').Name
@(Get-Printer | ForEach-Object { [pscustomobject]@{
  name = $_.Name; description = "$($_.Comment)"; status = "$($_.PrinterStatus)"; isDefault = ($_.Name -eq $default)
} }) | ConvertTo-Json -Compress`,
  capabilities: `
Add-Type -AssemblyName System.Drawing
$s = New-Object System.Drawing.Printing.PrinterSettings
$s.PrinterName = $env:PD_PRINTER
if (-not $s.IsValid) { Write-Error 'Unknown printer'; exit 3 }
[pscustomobject]@{
  color = $s.SupportsColor; duplex = $s.CanDuplex
  media = @($s.PaperSizes | ForEach-Object { $_.PaperName })
  defaultMedia = $s.DefaultPageSettings.PaperSize.PaperName
  defaultColor = $s.DefaultPageSettings.Color
} | ConvertTo-Json -Compress`,
  findJob: `
$j = Get-PrintJob -PrinterName $env:PD_PRINTER | Where-Object { $_.DocumentName -like "*$($env:PD_DOCUMENT)" } |
  Sort-Object SubmittedTime -Descending | Select-Object -First 1
if ($j) { $j.Id } else { '' }`,
  jobState: `
$j = Get-PrintJob -PrinterName $env:PD_PRINTER -ID ([int]$env:PD_JOB) -ErrorAction SilentlyContinue
if ($j) { "$($j.JobStatus)" } else { 'gone' }`,
  cancel: `Remove-PrintJob -PrinterName $env:PD_PRINTER -ID ([int]$env:PD_JOB)`,
  printText: `Get-Content -Raw -LiteralPath $env:PD_FILE | Out-Printer -Name $env:PD_PRINTER`,
}

/** Get-Printer's PrinterStatus names -> our three states. */
export function windowsPrinterState(status: string): PrinterState {
  if (/^(Normal|PowerSave|TonerLow|WarmingUp|Initializing)$/i.test(status)) return 'idle'
  if (/^(Printing|Processing|Busy|IOActive|Waiting)$/i.test(status)) return 'printing'
  return 'stopped'
}

/** Get-PrintJob's JobStatus flags ("Printing, Retained") -> an IPP job-state. */
export function windowsJobState(status: string): JobStateCode {
  if (status === 'gone') return 9 // the spooler drops a job once printed (unless it is retained)
  const flags = new Set(status.split(/,\s*/).map((f) => f.toLowerCase()))
  const has = (...names: string[]) => names.some((n) => flags.has(n))
  if (has('deleting', 'deleted')) return 7
  if (has('error', 'offline', 'paperout', 'userintervention', 'blocked')) return 6
  if (has('printed', 'complete')) return 9
  if (has('printing', 'spooling', 'processing')) return 5
  if (has('paused')) return 4
  return 3
}

/** SumatraPDF's -print-settings for our whitelisted options ("2x,duplexlong,monochrome,paper=A4"). */
export function sumatraSettings(options: PrintOptions): string {
  const parts = [`${options.copies}x`]
  if (options.sides === 'two-sided-long-edge') parts.push('duplexlong')
  else if (options.sides === 'two-sided-short-edge') parts.push('duplexshort')
  else if (options.sides === 'one-sided') parts.push('simplex')
  if (options.color) parts.push(options.color)
  if (options.media) parts.push(`paper=${options.media}`)
  return parts.join(',')
}

export class WindowsSpooler implements PrinterBackend {
  readonly kind = 'windows'
  readonly #env: NodeJS.ProcessEnv
  readonly #sumatra: string
  readonly #timeoutMs: number
  // Windows job ids are per printer: ours are global and map to (printer, spooler id).
  readonly #jobs = new Map<number, { printer: string; spoolerId: number | null }>()
  #nextId = 1

  constructor(opts: WindowsSpoolerOptions = {}) {
    this.#env = opts.env ?? process.env
    this.#sumatra =
      opts.sumatraPath ??
      this.#env.PEERDESK_SUMATRA ??
      path.join(path.dirname(process.execPath), 'SumatraPDF.exe')
    this.#timeoutMs = opts.timeoutMs ?? 30_000
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const rows = JSON.parse((await this.#ps(PS.list, {})) || '[]') as unknown
    return (Array.isArray(rows) ? rows : [rows]).map((row: Record<string, unknown>) => ({
      name: String(row.name),
      description: String(row.description ?? ''),
      state: windowsPrinterState(String(row.status)),
      isDefault: row.isDefault === true,
    }))
  }

  async capabilities(name: string): Promise<PrinterCapabilities> {
    const caps = JSON.parse(await this.#ps(PS.capabilities, { PD_PRINTER: name })) as Record<string, unknown>
    const color = caps.color === true
    return {
      color,
      duplex: caps.duplex === true,
      media: Array.isArray(caps.media) ? caps.media.map(String) : [],
      defaults: {
        media: typeof caps.defaultMedia === 'string' ? caps.defaultMedia : null,
        sides: 'one-sided',
        color: color && caps.defaultColor === true ? 'color' : 'monochrome',
      },
      driverOptions: {},
    }
  }

  async submit(printer: string, filePath: string, opts: SubmitOptions): Promise<number> {
    const file = path.resolve(filePath)
    if (opts.documentFormat === 'text/plain') {
      // Out-Printer knows no options: text prints one-sided, in the printer's defaults.
      await this.#ps(PS.printText, { PD_PRINTER: printer, PD_FILE: file })
    } else {
      await this.#run(this.#sumatra, [
        '-print-to',
        printer,
        '-print-settings',
        sumatraSettings(opts.options),
        '-silent',
        '-exit-when-done',
        file,
      ])
    }
    const found = (
      await this.#ps(PS.findJob, { PD_PRINTER: printer, PD_DOCUMENT: path.basename(file) })
    ).trim()
    const id = this.#nextId++
    // Not found: the spooler already printed and dropped it, which jobState reports as completed.
    this.#jobs.set(id, { printer, spoolerId: /^\d+$/.test(found) ? Number(found) : null })
    return id
  }

  async cancel(jobId: number): Promise<void> {
    const job = this.#job(jobId)
    if (job.spoolerId === null) throw new AppError('CONFLICT', `Job ${jobId} has already printed`)
    await this.#ps(PS.cancel, { PD_PRINTER: job.printer, PD_JOB: String(job.spoolerId) })
  }

  async jobState(jobId: number): Promise<JobState> {
    const job = this.#job(jobId)
    const status =
      job.spoolerId === null
        ? 'gone'
        : (await this.#ps(PS.jobState, { PD_PRINTER: job.printer, PD_JOB: String(job.spoolerId) })).trim()
    const state = windowsJobState(status)
    return { state, name: JOB_STATES[state], reasons: [status], message: null }
  }

  #job(jobId: number): { printer: string; spoolerId: number | null } {
    const job = this.#jobs.get(jobId)
    if (!job) throw new AppError('NOT_FOUND', `No print job ${jobId}`)
    return job
  }

  #ps(script: string, vars: Record<string, string>): Promise<string> {
    return this.#run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], vars)
  }

  #run(file: string, args: string[], vars: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        file,
        args,
        { env: { ...this.#env, ...vars }, timeout: this.#timeoutMs, windowsHide: true, encoding: 'utf8' },
        (err, stdout, stderr) => {
          const e = err as (Error & { code?: string | number; killed?: boolean }) | null
          if (!e) resolve(stdout)
          else if (e.code === 'ENOENT')
            reject(new AppError('UNAVAILABLE', `${path.basename(file)} is not available`))
          else if (e.killed) reject(new AppError('TIMEOUT', `${path.basename(file)} did not finish in time`))
          else if (/unknown printer|no printer/i.test(stderr))
            reject(new AppError('NOT_FOUND', 'Unknown printer'))
          else
            reject(
              new AppError('UNAVAILABLE', `Printing failed: ${stderr.trim().split('\n')[0] ?? e.message}`),
            )
        },
      )
    })
  }
}
