// Shared printers end to end: real engines on a loopback testnet, and a real private CUPS (started by
// this file's setup) behind the owner's engine. Bob and Carol print on Alice's printers.
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnyEvent } from '../shared/contract.js'
import { AppError } from '../shared/errors.js'
import type { PrintJob, Printer } from '../shared/types.js'
import type { PeerdeskEngine } from '../electron/engine/index.js'
import { cupsSkipReason, useTestCups } from '../electron/engine/printers/test-cups.js'
import { brokenPdf, elfBytes, makePdf } from '../electron/engine/printers/test-pdf.js'
import { createTestNet, eventually, type TestNet } from './helpers/testnet.js'

const skip = cupsSkipReason()
if (skip) console.warn(`printing: skipping the end-to-end printing tests: ${skip}`)

/** The owner's size cap in these tests, so "too big" needs no 50 MB file. */
const OWNER_MAX_BYTES = 256 * 1024

describe.skipIf(skip !== null)('shared printers between members', () => {
  const cups = useTestCups()
  let net: TestNet
  let alice: PeerdeskEngine
  let bob: PeerdeskEngine
  let carol: PeerdeskEngine
  let office: string
  let files: string
  let pdfPrinter: Printer
  let genPrinter: Printer
  const aliceEvents: AnyEvent[] = []

  beforeAll(async () => {
    net = await createTestNet()
    const printing = {
      env: cups().env,
      limits: { maxBytes: OWNER_MAX_BYTES },
      rate: { capacity: 100, perMinute: 100 },
      watch: { intervalMs: 100 },
    }
    alice = await net.engine('Alice', { printing })
    bob = await net.engine('Bob')
    carol = await net.engine('Carol')
    alice.engine.events.subscribe((e) => aliceEvents.push(e))
    office = (await alice.service['workgroup.create']({ name: 'Office' })).id
    for (const device of [bob, carol]) {
      const { invite } = await alice.service['invite.create']({ group: office })
      await device.service['invite.redeem']({ code: invite })
    }
    for (const device of [alice, bob, carol]) {
      await eventually(
        () => device.service['member.list']({ group: office }),
        (l) => l.length === 3 && l.every((m) => m.online),
        // generous: two shared cores may be busy with other test files
        { what: 'everyone online', timeoutMs: 60_000 },
      )
    }
    files = await net.tmpdir()
  }, 240_000)

  afterAll(async () => {
    await net?.destroy()
  })

  async function file(name: string, bytes: Uint8Array | string): Promise<string> {
    const p = path.join(files, name)
    await fs.writeFile(p, bytes)
    return p
  }

  function job(device: PeerdeskEngine, id: string): Promise<PrintJob | undefined> {
    return device.service['print.jobs']({}).then((jobs) => jobs.find((j) => j.id === id))
  }

  async function until(device: PeerdeskEngine, id: string, states: PrintJob['state'][]): Promise<PrintJob> {
    return (await eventually(
      () => job(device, id),
      (j) => j !== undefined && states.includes(j.state),
      { what: `job ${id} to be ${states.join(' or ')}`, timeoutMs: 30_000 },
    )) as PrintJob
  }

  const finished = (device: PeerdeskEngine, id: string) =>
    until(device, id, ['completed', 'failed', 'cancelled'])

  /** The job Alice received for one Bob sent: the newest received job at the time. */
  async function received(title: string): Promise<PrintJob> {
    return (await eventually(
      () =>
        alice.service['print.jobs']({}).then((l) =>
          l.find((j) => j.direction === 'received' && j.title === title),
        ),
      (j) => j !== undefined,
      { what: `Alice to receive "${title}"` },
    )) as PrintJob
  }

  async function cupsJobs(queue: string): Promise<number> {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'lpstat',
        ['-W', 'all', '-o', queue],
        { env: { ...cups().env, LC_ALL: 'C' } },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    )
    return out.split('\n').filter(Boolean).length
  }

  async function pdfOutputs(): Promise<string[]> {
    return (await fs.readdir(path.join(cups().outDir, 'pdf')).catch(() => [])).filter((f) =>
      f.endsWith('.pdf'),
    )
  }

  it('an owner offers printers; members see them with capabilities and the owner online', async () => {
    const local = await alice.service['printer.local']({})
    expect(local.map((p) => p.queue)).toEqual(expect.arrayContaining(['pd-pdf', 'pd-gen']))

    pdfPrinter = await alice.service['printer.offer']({ group: office, queue: 'pd-pdf' })
    genPrinter = await alice.service['printer.offer']({ group: 'Office', queue: 'pd-gen', policy: 'allow' })
    expect(pdfPrinter).toMatchObject({ name: 'pd-pdf', self: true, color: false, duplex: false })
    expect(pdfPrinter.policy).toEqual({ policy: 'allow', overrides: {} })
    expect(pdfPrinter.id).toMatch(/^[0-9a-f]{16}$/)

    const seen = await eventually(
      () => bob.service['printer.list']({ group: 'Office' }),
      (l) => l.length === 2,
      { what: 'Bob to see both printers' },
    )
    const gen = seen.find((p) => p.name === 'pd-gen')!
    expect(gen).toMatchObject({
      id: genPrinter.id,
      owner: alice.engine.identity.key,
      ownerName: 'Alice',
      ownerOnline: true,
      self: false,
      state: 'idle',
      color: true,
      duplex: true,
      policy: null,
      groupId: office,
    })
    expect(gen.media).toEqual(expect.arrayContaining(['A4', 'Letter']))
    expect((await alice.service['printer.local']({})).find((p) => p.queue === 'pd-pdf')?.offered).toEqual([
      { groupId: office, printer: pdfPrinter.id },
    ])
  })

  it('a member prints a PDF and a text file with options; both complete and land as PDFs', async () => {
    const before = (await pdfOutputs()).length
    const pdf = await bob.service['print.submit']({
      printer: 'Office/pd-pdf',
      path: await file('report.pdf', makePdf(2)),
      copies: 1,
      title: 'Quarterly report',
    })
    const text = await bob.service['print.submit']({
      printer: pdfPrinter.id,
      path: await file('notes.txt', 'Meeting notes\nline two\n'),
      media: 'A4',
    })
    const [donePdf, doneText] = [await finished(bob, pdf.job), await finished(bob, text.job)]
    expect(donePdf).toMatchObject({
      state: 'completed',
      direction: 'sent',
      title: 'Quarterly report',
      error: null,
    })
    expect(doneText).toMatchObject({
      state: 'completed',
      title: 'notes.txt',
      type: 'text/plain',
      media: 'A4',
    })

    const atOwner = await received('Quarterly report')
    expect(atOwner).toMatchObject({ state: 'completed', fromName: 'Bob', pages: 2, copies: 1 })
    await eventually(pdfOutputs, (l) => l.length >= before + 2, { what: 'two PDFs from cups-pdf' })

    const names = aliceEvents.map((e) => e.name)
    expect(names).toContain('job.updated')
  })

  it('the options reach the printer driver (Generic PDF PJL header: duplex, A4, grayscale)', async () => {
    const out = path.join(cups().outDir, 'gen.pdf')
    await fs.rm(out, { force: true })
    const { job: id } = await bob.service['print.submit']({
      printer: 'Office/pd-gen',
      path: await file('duplex.pdf', makePdf(2)),
      sides: 'two-sided-long-edge',
      media: 'A4',
      color: 'monochrome',
    })
    expect((await finished(bob, id)).state).toBe('completed')
    const head = (await fs.readFile(out)).subarray(0, 4096).toString('latin1')
    const pjl = Object.fromEntries(
      [...head.matchAll(/^@PJL SET (\w+)=(\S+?)\r?$/gm)].map((m) => [m[1]!, m[2]!]),
    )
    expect(pjl).toMatchObject({ DUPLEX: 'ON', PAPER: 'A4', RENDERMODE: 'GRAYSCALE' })
  })

  it('with policy ask, a job waits for the owner, who approves one and declines another', async () => {
    await alice.service['printer.policy']({ printer: pdfPrinter.id, policy: 'ask' })
    try {
      const { job: first } = await bob.service['print.submit']({
        printer: pdfPrinter.id,
        path: await file('please.pdf', makePdf(3)),
        copies: 2,
        title: 'Please print',
      })
      expect((await until(bob, first, ['waiting-approval'])).state).toBe('waiting-approval')
      const asked = await eventually(
        () => aliceEvents.find((e) => e.name === 'job.approvalRequested'),
        (e) => e !== undefined,
        { what: 'the approval request' },
      )
      const request = (asked as Extract<AnyEvent, { name: 'job.approvalRequested' }>).payload.job
      expect(request).toMatchObject({
        fromName: 'Bob',
        title: 'Please print',
        pages: 3,
        copies: 2,
        direction: 'received',
      })
      await alice.service['print.approve']({ job: request.id })
      expect((await finished(bob, first)).state).toBe('completed')

      const { job: second } = await bob.service['print.submit']({
        printer: pdfPrinter.id,
        path: await file('no.pdf', makePdf(1)),
        title: 'Not this one',
      })
      await until(bob, second, ['waiting-approval'])
      const pending = await received('Not this one')
      await alice.service['print.decline']({ job: pending.id })
      const declined = await finished(bob, second)
      expect(declined).toMatchObject({ state: 'failed', error: { code: 'FORBIDDEN', reason: 'DECLINED' } })
      expect(declined.reason).toMatch(/declined/)
      await expect(alice.service['print.approve']({ job: pending.id })).rejects.toMatchObject({
        code: 'CONFLICT',
      })
    } finally {
      await alice.service['printer.policy']({ printer: pdfPrinter.id, policy: 'allow' })
    }
  })

  it('a member the owner denies is refused, and nothing is printed', async () => {
    await alice.service['printer.policy']({ printer: pdfPrinter.id, member: 'Bob', memberPolicy: 'deny' })
    try {
      const before = await cupsJobs('pd-pdf')
      const { job: id } = await bob.service['print.submit']({
        printer: pdfPrinter.id,
        path: await file('denied.pdf', makePdf(1)),
      })
      expect(await finished(bob, id)).toMatchObject({
        state: 'failed',
        error: { code: 'FORBIDDEN', reason: 'DENIED' },
      })
      expect(await cupsJobs('pd-pdf')).toBe(before)
    } finally {
      const policy = await alice.service['printer.policy']({
        printer: pdfPrinter.id,
        member: 'Bob',
        memberPolicy: null,
      })
      expect(policy).toEqual({ policy: 'allow', overrides: {} })
    }
  })

  it('refuses a file too big, a disguised type, a broken PDF and an unknown option, each with its reason', async () => {
    const before = await cupsJobs('pd-pdf')
    const outputs = (await pdfOutputs()).length
    const raw = (
      bytes: Uint8Array,
      type: 'application/pdf' | 'text/plain',
      options: Record<string, unknown> = {},
    ) =>
      bob.engine.printing.send({
        owner: alice.engine.identity.key,
        printer: pdfPrinter.id,
        printerName: 'pd-pdf',
        groupId: office,
        title: 'raw',
        bytes,
        type,
        options,
      })
    const expectRefused = async (id: string, code: string, reason: string) =>
      expect(await finished(bob, id)).toMatchObject({ state: 'failed', error: { code, reason } })

    // Over the owner's cap (the sender's own cap is the 50 MB default): refused on the offer.
    const big = await bob.service['print.submit']({
      printer: pdfPrinter.id,
      path: await file('big.txt', 'x'.repeat(OWNER_MAX_BYTES + 1000) + '\n'),
    })
    await expectRefused(big.job, 'BAD_REQUEST', 'TOO_LARGE')

    // An executable named .pdf: this device refuses to send it at all...
    const tool = await file('tool.pdf', elfBytes())
    await expect(bob.service['print.submit']({ printer: pdfPrinter.id, path: tool })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      data: { reason: 'UNSUPPORTED_TYPE' },
    })
    // ...and a sender that lies about the type is caught by the owner's sniffing.
    await expectRefused((await raw(elfBytes(), 'application/pdf')).job.id, 'BAD_REQUEST', 'UNSUPPORTED_TYPE')
    const pjl = Buffer.from('\x1b%-12345X@PJL SET COPIES=999\n%PDF-1.4\n')
    await expectRefused((await raw(pjl, 'application/pdf')).job.id, 'BAD_REQUEST', 'UNSUPPORTED_TYPE')

    const broken = await bob.service['print.submit']({
      printer: pdfPrinter.id,
      path: await file('broken.pdf', brokenPdf()),
    })
    await expectRefused(broken.job, 'BAD_REQUEST', 'BAD_PDF')

    await expectRefused(
      (await raw(makePdf(1), 'application/pdf', { staple: true })).job.id,
      'BAD_REQUEST',
      'UNKNOWN_OPTION',
    )
    await expectRefused(
      (await raw(makePdf(1), 'application/pdf', { copies: 1000 })).job.id,
      'BAD_REQUEST',
      'INVALID_OPTION',
    )
    // Options the printer cannot do are refused here first, from what the group knows of it.
    await expect(
      bob.service['print.submit']({
        printer: pdfPrinter.id,
        path: await file('d.pdf', makePdf(1)),
        sides: 'two-sided-long-edge',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', data: { reason: 'UNSUPPORTED_OPTION' } })

    expect(await cupsJobs('pd-pdf')).toBe(before)
    expect((await pdfOutputs()).length).toBe(outputs)
    // Nothing is left in the owner's spool.
    expect(await fs.readdir(path.join(alice.engine.dataDir, 'print-spool'))).toEqual([])
  })

  it('a member cancels a job waiting for approval; the owner sees it cancelled', async () => {
    await alice.service['printer.policy']({ printer: genPrinter.id, policy: 'ask' })
    try {
      const { job: id } = await bob.service['print.submit']({
        printer: genPrinter.id,
        path: await file('changed-my-mind.pdf', makePdf(1)),
        title: 'Changed my mind',
      })
      await until(bob, id, ['waiting-approval'])
      await bob.service['print.cancel']({ job: id })
      expect((await job(bob, id))?.state).toBe('cancelled')
      const atOwner = await received('Changed my mind')
      expect((await until(alice, atOwner.id, ['cancelled'])).state).toBe('cancelled')
    } finally {
      await alice.service['printer.policy']({ printer: genPrinter.id, policy: 'allow' })
    }
  })

  it("a removed member's job is refused, even over a connection another group keeps open", async () => {
    // Carol and Alice also share "Social", so removing Carol from the Office does not disconnect her.
    const social = (await alice.service['workgroup.create']({ name: 'Social' })).id
    await carol.service['invite.redeem']({
      code: (await alice.service['invite.create']({ group: social })).invite,
    })
    await eventually(
      () => carol.service['member.list']({ group: social }),
      (l) => l.length === 2 && l.every((m) => m.online),
      { what: 'Carol in Social' },
    )
    await alice.service['member.remove']({ group: office, member: 'Carol' })
    await eventually(
      () => carol.service['workgroup.list']({}),
      (l) => l.every((g) => g.id !== office),
      { what: 'Carol to learn she was removed' },
    )
    await expect(
      carol.service['print.submit']({ printer: pdfPrinter.id, path: await file('c.pdf', makePdf(1)) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const before = await cupsJobs('pd-pdf')
    const sent = await carol.engine.printing.send({
      owner: alice.engine.identity.key,
      printer: pdfPrinter.id,
      printerName: 'pd-pdf',
      groupId: office,
      title: 'from a former member',
      bytes: makePdf(1),
      type: 'application/pdf',
      options: {},
    })
    expect(await finished(carol, sent.job.id)).toMatchObject({
      state: 'failed',
      error: { code: 'REMOVED', reason: 'NOT_A_MEMBER' },
    })
    expect(await cupsJobs('pd-pdf')).toBe(before)
  })

  it('the owner withdraws a printer; members see it go', async () => {
    const events: AnyEvent[] = []
    const off = bob.engine.events.subscribe((e) => events.push(e))
    try {
      expect(await alice.service['printer.withdraw']({ printer: 'Office/pd-gen' })).toEqual({
        id: genPrinter.id,
      })
      await eventually(
        () => bob.service['printer.list']({ group: office }),
        (l) => l.length === 1 && l[0]!.id === pdfPrinter.id,
        { what: 'Bob to see pd-gen withdrawn' },
      )
      expect(events.some((e) => e.name === 'printer.removed' && e.payload.printerId === genPrinter.id)).toBe(
        true,
      )
      await expect(bob.service['printer.withdraw']({ printer: pdfPrinter.id })).rejects.toBeInstanceOf(
        AppError,
      )
    } finally {
      off()
    }
  })
})
