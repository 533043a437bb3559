// The owner's checks on an incoming print job before it reaches CUPS: size, type by magic bytes,
// whitelisted options mapped for this printer, and page/copy caps (PDF pages counted with pdfinfo).
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../../shared/errors.js'
import { parsePrintOptions, toLpArgs, type PrintOptions } from './print-options.js'
import type { PrintableType, PrinterCapabilities } from './printer-types.js'
import { requirePrintable } from './sniff.js'

export interface JobLimits {
  maxBytes: number
  maxPages: number
  maxCopies: number
  /** Pages times copies: what actually comes out of the printer. */
  maxSheets: number
  pdfinfoTimeoutMs: number
}

export const DEFAULT_JOB_LIMITS: JobLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 200,
  maxCopies: 20,
  maxSheets: 500,
  pdfinfoTimeoutMs: 10_000,
}

export interface CheckedJob {
  type: PrintableType
  size: number
  /** Known for PDFs (pdfinfo) and images (one page); null for text, which CUPS paginates itself. */
  pages: number | null
  options: PrintOptions
  /** The lp arguments for these options on this printer, document-format included. */
  lpArgs: string[]
}

function refuse(reason: string, message: string, data: Record<string, unknown> = {}): AppError {
  return new AppError('BAD_REQUEST', message, { reason, ...data })
}

const MB = 1024 * 1024

/** Refuses a size over the cap: callable on an offer's declared size, before any byte is received. */
export function checkSize(size: number, limits: Pick<JobLimits, 'maxBytes'> = DEFAULT_JOB_LIMITS): void {
  if (size > limits.maxBytes) {
    throw refuse(
      'TOO_LARGE',
      `The file is ${(size / MB).toFixed(1)} MB; this printer takes files up to ${(limits.maxBytes / MB).toFixed(0)} MB`,
      { size, limit: limits.maxBytes },
    )
  }
}

/** Validates a received job file. Every refusal is a BAD_REQUEST with data.reason saying which rule. */
export async function checkJob(
  filePath: string,
  rawOptions: unknown,
  caps: PrinterCapabilities,
  limits: Partial<JobLimits> = {},
  printer?: string,
): Promise<CheckedJob> {
  const l = { ...DEFAULT_JOB_LIMITS, ...limits }
  const options = parsePrintOptions(rawOptions)
  if (options.copies > l.maxCopies) {
    throw refuse('TOO_MANY_COPIES', `At most ${l.maxCopies} copies per job`, { limit: l.maxCopies })
  }
  const stat = await fs.stat(filePath)
  if (!stat.isFile()) throw new AppError('BAD_REQUEST', 'Not a file', { reason: 'NOT_A_FILE' })
  checkSize(stat.size, l)
  // Text must be valid UTF-8 throughout, so the whole file is read; the size cap bounds it.
  const type = requirePrintable(await fs.readFile(filePath))
  const pages =
    type === 'application/pdf'
      ? await pdfPageCount(filePath, l.pdfinfoTimeoutMs)
      : type === 'text/plain'
        ? null
        : 1
  if (pages !== null && pages > l.maxPages) {
    throw refuse('TOO_MANY_PAGES', `The document has ${pages} pages; the limit is ${l.maxPages}`, {
      pages,
      limit: l.maxPages,
    })
  }
  if (pages !== null && pages * options.copies > l.maxSheets) {
    throw refuse(
      'TOO_MANY_SHEETS',
      `${pages} pages x ${options.copies} copies is over the limit of ${l.maxSheets}`,
      {
        limit: l.maxSheets,
      },
    )
  }
  const lpArgs = toLpArgs(options, caps, type, printer)
  return { type, size: stat.size, pages, options, lpArgs }
}

/** The page count from pdfinfo (poppler). A PDF it cannot read is refused (reason BAD_PDF). */
export function pdfPageCount(
  filePath: string,
  timeoutMs = DEFAULT_JOB_LIMITS.pdfinfoTimeoutMs,
): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      'pdfinfo',
      ['--', path.resolve(filePath)],
      { timeout: timeoutMs, maxBuffer: 1024 * 1024, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: string | number; killed?: boolean }) | null
        if (e?.code === 'ENOENT') {
          reject(
            new AppError('UNAVAILABLE', 'pdfinfo (poppler-utils) is not installed', { reason: 'NO_PDFINFO' }),
          )
        } else if (e?.killed) {
          reject(new AppError('TIMEOUT', `pdfinfo took more than ${timeoutMs} ms`, { reason: 'PDF_TIMEOUT' }))
        } else if (e) {
          const why = stderr.trim().split('\n')[0] ?? ''
          reject(refuse('BAD_PDF', `The PDF cannot be read${why ? `: ${why}` : ''}`))
        } else {
          const pages = /^Pages:\s+(\d+)\s*$/m.exec(stdout)?.[1]
          if (pages === undefined) reject(refuse('BAD_PDF', 'The PDF has no page count'))
          else resolve(Number(pages))
        }
      },
    )
  })
}
