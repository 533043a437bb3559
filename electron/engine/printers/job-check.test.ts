import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilitiesFrom, parseDriverOptions } from './cups-parse.js'
import { checkJob, checkSize, pdfPageCount } from './job-check.js'
import type { PrinterCapabilities } from './printer-types.js'
import { expectAppError } from './test-errors.js'
import { brokenPdf, elfBytes, makePdf } from './test-pdf.js'

const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/cups-test-server.sh')
const hasPdfinfo = () => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

let dir: string
let generic: PrinterCapabilities
let cupsPdf: PrinterCapabilities

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const p = path.join(dir, name)
  await fs.writeFile(p, bytes)
  return p
}

beforeAll(async () => {
  // pdfinfo comes with poppler-utils: the CUPS script installs it on a fresh machine.
  if (!hasPdfinfo()) {
    await new Promise<void>((resolve, reject) =>
      execFile(SCRIPT, ['install'], { timeout: 600_000 }, (err, _out, stderr) =>
        err
          ? reject(new Error(`pdfinfo is missing and could not be installed (needs root and apt): ${stderr}`))
          : resolve(),
      ),
    )
  }
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-job-check-'))
  const fixture = async (name: string) =>
    capabilitiesFrom(
      parseDriverOptions(await fs.readFile(path.join(import.meta.dirname, 'fixtures', name), 'utf8')),
    )
  generic = await fixture('lpoptions-l-generic-pdf.txt')
  cupsPdf = await fixture('lpoptions-l-cups-pdf.txt')
}, 600_000)

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true })
})

describe('job-check', () => {
  it('accepts a PDF, counts its pages and maps the options for the printer', async () => {
    const job = await checkJob(
      await file('report.pdf', makePdf(3)),
      { copies: 2, sides: 'two-sided-long-edge' },
      generic,
    )
    expect(job).toMatchObject({
      type: 'application/pdf',
      pages: 3,
      options: { copies: 2, sides: 'two-sided-long-edge' },
    })
    expect(job.lpArgs).toEqual(
      expect.arrayContaining([
        'sides=two-sided-long-edge',
        'Duplex=DuplexNoTumble',
        'document-format=application/pdf',
      ]),
    )
  })

  it('accepts UTF-8 text and images', async () => {
    expect(await checkJob(await file('notes.txt', 'Hello, Wörld\n'), {}, cupsPdf)).toMatchObject({
      type: 'text/plain',
      pages: null,
    })
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
    expect(await checkJob(await file('pic.png', png), {}, cupsPdf)).toMatchObject({
      type: 'image/png',
      pages: 1,
    })
  })

  it('refuses an executable or PostScript disguised as a PDF', async () => {
    await expectAppError(
      async () => checkJob(await file('invoice.pdf', elfBytes()), {}, generic),
      'BAD_REQUEST',
      'UNSUPPORTED_TYPE',
    )
    await expectAppError(
      async () => checkJob(await file('invoice2.pdf', '%!PS-Adobe-3.0\n/x { } def showpage\n'), {}, generic),
      'BAD_REQUEST',
      'UNSUPPORTED_TYPE',
    )
    await expectAppError(
      async () => checkJob(await file('invoice3.pdf', '\x1b%-12345X@PJL SET COPIES=999\n'), {}, generic),
      'BAD_REQUEST',
      'UNSUPPORTED_TYPE',
    )
  })

  it('refuses a file over the size cap, also on the size declared before any byte arrives', async () => {
    const big = await file('big.txt', 'x'.repeat(2000))
    const error = await expectAppError(
      () => checkJob(big, {}, generic, { maxBytes: 1000 }),
      'BAD_REQUEST',
      'TOO_LARGE',
    )
    expect(error.data).toMatchObject({ size: 2000, limit: 1000 })
    await expectAppError(() => checkSize(51 * 1024 * 1024), 'BAD_REQUEST', 'TOO_LARGE')
    expect(() => checkSize(50 * 1024 * 1024)).not.toThrow()
  })

  it('refuses unknown and unsupported options', async () => {
    const pdf = await file('opts.pdf', makePdf(1))
    await expectAppError(
      () => checkJob(pdf, { copies: 1, raw: true }, generic),
      'BAD_REQUEST',
      'UNKNOWN_OPTION',
    )
    await expectAppError(
      () => checkJob(pdf, { sides: 'two-sided-long-edge' }, cupsPdf),
      'BAD_REQUEST',
      'UNSUPPORTED_OPTION',
    )
  })

  it('enforces the page, copy and sheet caps', async () => {
    const pdf = await file('pages.pdf', makePdf(3))
    await expectAppError(() => checkJob(pdf, {}, generic, { maxPages: 2 }), 'BAD_REQUEST', 'TOO_MANY_PAGES')
    await expectAppError(
      () => checkJob(pdf, { copies: 5 }, generic, { maxCopies: 4 }),
      'BAD_REQUEST',
      'TOO_MANY_COPIES',
    )
    await expectAppError(
      () => checkJob(pdf, { copies: 4 }, generic, { maxSheets: 10 }),
      'BAD_REQUEST',
      'TOO_MANY_SHEETS',
    )
    expect((await checkJob(pdf, { copies: 3 }, generic, { maxSheets: 10 })).pages).toBe(3)
  })

  it('refuses a PDF that pdfinfo cannot read', async () => {
    await expectAppError(
      async () => checkJob(await file('broken.pdf', brokenPdf()), {}, generic),
      'BAD_REQUEST',
      'BAD_PDF',
    )
  })

  it('counts the pages of a file whose name looks like an option', async () => {
    expect(await pdfPageCount(await file('-n.pdf', makePdf(2)))).toBe(2)
  })
})
