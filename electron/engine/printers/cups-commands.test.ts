// Against a real, private CUPS (scripts/cups-test-server.sh): two queues, pd-pdf (cups-pdf writes a PDF per
// job) and pd-gen (the Generic PDF driver on a file: device, whose PJL header shows the options that arrived).
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CupsCommands } from './cups-commands.js'
import { checkJob } from './job-check.js'
import { watchJob } from './job-watch.js'
import { CupsBackend } from './printer-backend.js'
import { cupsSkipReason, useTestCups } from './test-cups.js'
import { expectAppError } from './test-errors.js'
import { elfBytes, makePdf } from './test-pdf.js'

const skip = cupsSkipReason()
if (skip) console.warn(`cups-commands: skipping the real-CUPS tests: ${skip}`)

describe.skipIf(skip !== null)('cups-commands (real CUPS)', () => {
  const cups = useTestCups()
  let dir: string
  let backend: CupsBackend

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-cups-commands-'))
    backend = new CupsBackend({ env: cups().env })
  })
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  async function file(name: string, bytes: Uint8Array | string): Promise<string> {
    const p = path.join(dir, name)
    await fs.writeFile(p, bytes)
    return p
  }

  /** What the engine will do with a received job: check it, queue it, follow it to the end. */
  async function print(printer: string, filePath: string, rawOptions: unknown) {
    // pd-gen overwrites one file per job: remove it so a stale header can never pass for this job's.
    if (printer === 'pd-gen') await fs.rm(path.join(cups().outDir, 'gen.pdf'), { force: true })
    const caps = await backend.capabilities(printer)
    const job = await checkJob(filePath, rawOptions, caps, {}, printer)
    const id = await backend.submit(printer, filePath, {
      options: job.options,
      documentFormat: job.type,
      capabilities: caps,
    })
    return { id, outcome: await watchJob(backend, id, { intervalMs: 100 }) }
  }

  /** The PJL settings at the head of pd-gen's output file. */
  async function pjl(): Promise<Record<string, string>> {
    const head = (await fs.readFile(path.join(cups().outDir, 'gen.pdf'))).subarray(0, 4096).toString('latin1')
    expect(head).toMatch(/^%PDF/m)
    return Object.fromEntries([...head.matchAll(/^@PJL SET (\w+)=(\S+?)\r?$/gm)].map((m) => [m[1]!, m[2]!]))
  }

  async function jobCount(printer: string): Promise<number> {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'lpstat',
        ['-W', 'all', '-o', printer],
        { env: { ...cups().env, LC_ALL: 'C' } },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    )
    return out.split('\n').filter(Boolean).length
  }

  it('lists the queues, their states and the default', async () => {
    const printers = await backend.listPrinters()
    expect(printers).toEqual(
      expect.arrayContaining([
        { name: 'pd-gen', description: 'Peerdesk test generic PDF', state: 'idle', isDefault: false },
        { name: 'pd-pdf', description: 'Peerdesk test cups-pdf', state: 'idle', isDefault: true },
      ]),
    )
  })

  it('reads capabilities from the driver', async () => {
    const gen = await backend.capabilities('pd-gen')
    expect(gen).toMatchObject({ color: true, duplex: true })
    expect(gen.media).toEqual(expect.arrayContaining(['A4', 'Letter']))
    const pdf = await backend.capabilities('pd-pdf')
    expect(pdf).toMatchObject({ color: false, duplex: false })
  })

  it('prints a PDF and a text file to the cups-pdf queue, which writes a PDF for each', async () => {
    for (const [name, bytes] of [
      ['hello.pdf', makePdf(2)],
      ['hello.txt', 'Hello from Peerdesk\nline two\n'],
    ] as const) {
      const { id, outcome } = await print('pd-pdf', await file(name, bytes), { title: name })
      expect(outcome.status).toBe('completed')
      const written = (await fs.readdir(path.join(cups().outDir, 'pdf'))).find((f) =>
        f.endsWith(`job_${id}.pdf`),
      )
      expect(written, `a PDF for job ${id}`).toBeDefined()
      const pdf = await fs.readFile(path.join(cups().outDir, 'pdf', written!))
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  it('duplex, A4 and grayscale reach the generic driver (PJL header), for a PDF and for text', async () => {
    const options = { sides: 'two-sided-long-edge', media: 'A4', color: 'monochrome', copies: 1 }
    for (const [name, bytes] of [
      ['duplex.pdf', makePdf(2)],
      ['duplex.txt', 'two sides\n\fsecond page\n'],
    ] as const) {
      const { outcome } = await print('pd-gen', await file(name, bytes), options)
      expect(outcome.status).toBe('completed')
      expect(await pjl()).toMatchObject({ DUPLEX: 'ON', PAPER: 'A4', RENDERMODE: 'GRAYSCALE' })
    }
  })

  it('the opposite choices arrive as well, so the header really follows the options', async () => {
    const opposite = { sides: 'one-sided', media: 'Letter', color: 'color' }
    const { outcome } = await print('pd-gen', await file('simplex.pdf', makePdf(1)), opposite)
    expect(outcome.status).toBe('completed')
    expect(await pjl()).toMatchObject({ DUPLEX: 'OFF', PAPER: 'LETTER', RENDERMODE: 'COLOR' })
  })

  it('refuses a disguised type, an oversized file and an unknown option before CUPS sees them', async () => {
    const before = await jobCount('pd-gen')
    await expectAppError(
      async () => print('pd-gen', await file('tool.pdf', elfBytes()), {}),
      'BAD_REQUEST',
      'UNSUPPORTED_TYPE',
    )
    await expectAppError(
      async () => print('pd-gen', await file('ps.pdf', '%!PS-Adobe-3.0\nshowpage\n'), {}),
      'BAD_REQUEST',
      'UNSUPPORTED_TYPE',
    )
    const big = await file('big.pdf', Buffer.concat([makePdf(1), Buffer.alloc(2048)]))
    const caps = await backend.capabilities('pd-gen')
    await expectAppError(() => checkJob(big, {}, caps, { maxBytes: 1024 }), 'BAD_REQUEST', 'TOO_LARGE')
    await expectAppError(
      async () => print('pd-gen', await file('opt.pdf', makePdf(1)), { raw: true }),
      'BAD_REQUEST',
      'UNKNOWN_OPTION',
    )
    expect(await jobCount('pd-gen')).toBe(before)
  })

  it('a queue or job that does not exist is NOT_FOUND; a finished job cannot be cancelled', async () => {
    await expectAppError(() => backend.capabilities('no-such-queue'), 'NOT_FOUND')
    const pdf = await file('nf.pdf', makePdf(1))
    const submit = { options: { copies: 1 }, documentFormat: 'application/pdf' as const }
    await expectAppError(() => backend.submit('no-such-queue', pdf, submit), 'NOT_FOUND')
    await expectAppError(() => backend.cancel(987654), 'NOT_FOUND')
    const { id } = await print('pd-pdf', pdf, {})
    await expectAppError(() => backend.cancel(id), 'CONFLICT')
  })

  it('refuses a printer name that could be read as an option', async () => {
    await expectAppError(() => backend.capabilities('-o raw'), 'BAD_REQUEST', 'INVALID_PRINTER')
    await expectAppError(() => backend.capabilities('--help'), 'BAD_REQUEST', 'INVALID_PRINTER')
  })

  it('a CUPS that is not running is UNAVAILABLE', async () => {
    const nowhere = new CupsCommands({ env: { ...process.env, CUPS_SERVER: 'localhost:1' } })
    await expectAppError(() => nowhere.listPrinters(), 'UNAVAILABLE')
  })
})
