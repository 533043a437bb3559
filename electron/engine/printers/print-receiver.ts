// The owner's side of a print job: who may print (member of the printer's group at job time, policy,
// rate limit), the file spooled to a private temp file and checked (size, sniffed type, options, pages),
// the owner's approval when the policy asks for it, then CUPS, followed to the end and reported back.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { once } from 'node:events'
import { AppError } from '../../../shared/errors.js'
import type { PrintJob } from '../../../shared/types.js'
import { background, createLogger } from '../logger.js'
import type { Workgroup } from '../workgroups/workgroup.js'
import { checkJob, checkSize, type JobLimits } from './job-check.js'
import { watchJob } from './job-watch.js'
import { failureOf, encodeReason, type JobBook, type JobEntry, type JobFailure } from './print-jobs.js'
import type { JobOffer, StatusUpdate } from './print-protocol.js'
import type { PrinterBackend } from './printer-backend.js'
import { policyFor, type OfferedPrinter, type PrinterConfig } from './printer-config.js'
import type { RateLimiter } from './rate-limit.js'

const log = createLogger('print-receiver')

/** A finished job's state is sent again when its sender reconnects within this time. */
const RESEND_WITHIN_MS = 3600_000

export interface ReceiverContext {
  backend: PrinterBackend
  config: PrinterConfig
  jobs: JobBook
  limits: JobLimits
  rate: RateLimiter
  spoolDir: string
  watch: { intervalMs?: number; timeoutMs?: number }
  signal: AbortSignal
  groupOf(entry: OfferedPrinter): Workgroup | undefined
  sendStatus(peer: string, update: StatusUpdate): void
  onApprovalNeeded(job: PrintJob): void
}

type Decision = { ok: true } | { ok: false; failure: JobFailure; state: 'failed' | 'cancelled' }

interface Pending {
  entry: JobEntry
  printer: OfferedPrinter
  offer: JobOffer
  file: string
  stream: fs.WriteStream | null
  ask: boolean
  decide: ((decision: Decision) => void) | null
  cupsJob: number | null
  cancelled: boolean
}

const CANCELLED = {
  ok: false,
  state: 'cancelled',
  failure: { code: 'CLOSED', reason: 'CANCELLED', message: 'The job was cancelled' },
} as const satisfies Decision

export class PrintReceiver {
  readonly #ctx: ReceiverContext
  readonly #pending = new Map<string, Pending>()

  constructor(ctx: ReceiverContext) {
    this.#ctx = ctx
  }

  /** Synchronous on purpose: the job must be known before its first chunk is handled. */
  onOffer(peer: string, offer: JobOffer): void {
    const { jobs } = this.#ctx
    const printer = this.#ctx.config.get(offer.printer)
    const group = printer && this.#ctx.groupOf(printer)
    const record = group?.printers.get(offer.printer)
    const o = offer.options
    const now = Date.now()
    const entry = jobs.add(
      {
        id: randomBytes(8).toString('hex'),
        printer: offer.printer,
        printerName: record?.name ?? printer?.queue ?? offer.printer,
        groupId: group?.id ?? '',
        direction: 'received',
        from: peer,
        fromName: group?.roster.get(peer)?.name ?? 'A former member',
        title: offer.title,
        type: offer.type,
        size: offer.size,
        pages: null,
        copies: typeof o.copies === 'number' && Number.isInteger(o.copies) ? o.copies : 1,
        sides: oneOf(o.sides, ['one-sided', 'two-sided-long-edge', 'two-sided-short-edge'] as const),
        color: oneOf(o.color, ['color', 'monochrome'] as const),
        media: typeof o.media === 'string' ? o.media.slice(0, 64) : null,
        state: 'sent',
        reason: null,
        error: null,
        createdAt: now,
        updatedAt: now,
      },
      peer,
      offer.id,
    )
    try {
      if (!printer || !group || !record) {
        throw new AppError('NOT_FOUND', 'This printer is no longer offered', { reason: 'NO_PRINTER' })
      }
      this.#requireMember(group, peer)
      const policy = policyFor(printer, peer)
      if (policy === 'deny') {
        throw new AppError('FORBIDDEN', 'The owner does not let you print on this printer', {
          reason: 'DENIED',
        })
      }
      this.#ctx.rate.consume(peer)
      checkSize(offer.size, this.#ctx.limits)
      const file = path.join(this.#ctx.spoolDir, entry.job.id)
      const stream = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 })
      stream.on('error', (err) => log.warn(`spool write failed: ${err.message}`))
      this.#pending.set(entry.job.id, {
        entry,
        printer,
        offer,
        file,
        stream,
        ask: policy === 'ask',
        decide: null,
        cupsJob: null,
        cancelled: false,
      })
    } catch (err) {
      this.#fail(entry, failureOf(err))
    }
  }

  onData(peer: string, remoteId: string, chunk: Buffer): void {
    const pending = this.#find(peer, remoteId)
    pending?.stream?.write(chunk)
  }

  async onEnd(peer: string, remoteId: string): Promise<void> {
    const pending = this.#find(peer, remoteId)
    if (!pending) return
    try {
      await this.#process(pending)
    } catch (err) {
      if (!this.#ctx.signal.aborted) this.#fail(pending.entry, failureOf(err))
    } finally {
      this.#pending.delete(pending.entry.job.id)
      await removeFile(pending.file)
    }
  }

  /** The sender cancelled. */
  onCancel(peer: string, remoteId: string): void {
    const entry = this.#ctx.jobs.byRemote('received', peer, remoteId)
    if (entry) this.cancel(entry)
  }

  /** The sender's connection closed: what has not fully arrived never will. */
  onDisconnected(peer: string): void {
    for (const pending of [...this.#pending.values()]) {
      if (pending.entry.peer !== peer || pending.stream === null) continue
      this.#fail(pending.entry, {
        code: 'DISCONNECTED',
        reason: 'DISCONNECTED',
        message: 'The sender went offline before the whole file arrived',
      })
      this.#discard(pending)
    }
  }

  /** A sender reconnected: tell it how its recent jobs went while it was away. */
  resend(peer: string): void {
    const since = Date.now() - RESEND_WITHIN_MS
    for (const entry of this.#ctx.jobs.entries()) {
      if (entry.job.direction === 'received' && entry.peer === peer && entry.job.updatedAt > since) {
        this.#report(entry)
      }
    }
  }

  approve(entry: JobEntry): void {
    this.#waiting(entry).decide?.({ ok: true })
  }

  decline(entry: JobEntry): void {
    this.#waiting(entry).decide?.({
      ok: false,
      state: 'failed',
      failure: { code: 'FORBIDDEN', reason: 'DECLINED', message: 'The printer’s owner declined the job' },
    })
  }

  /** Cancels a received job at any stage: before it reached CUPS, or in CUPS. */
  cancel(entry: JobEntry): void {
    const pending = this.#pending.get(entry.job.id)
    if (this.#ctx.jobs.isFinal(entry)) return
    if (!pending) {
      this.#fail(entry, CANCELLED.failure, 'cancelled')
      return
    }
    pending.cancelled = true
    if (pending.decide) pending.decide(CANCELLED)
    else if (pending.cupsJob !== null) {
      // The watcher sees CUPS report it cancelled and says so.
      background(log, 'cancel CUPS job', this.#ctx.backend.cancel(pending.cupsJob))
    } else if (pending.stream) {
      this.#fail(entry, CANCELLED.failure, 'cancelled')
      this.#discard(pending)
    }
  }

  async close(): Promise<void> {
    for (const pending of this.#pending.values()) {
      pending.decide?.(CANCELLED)
      pending.stream?.destroy()
      await removeFile(pending.file)
    }
    this.#pending.clear()
  }

  async #process(pending: Pending): Promise<void> {
    const { entry, printer } = pending
    const { backend, jobs } = this.#ctx
    const stream = pending.stream
    if (!stream) return
    stream.end()
    if (!stream.closed) await once(stream, 'close')
    pending.stream = null
    if (pending.cancelled || jobs.isFinal(entry)) return
    const caps = await backend.capabilities(printer.queue)
    const options = {
      ...pending.offer.options,
      ...(pending.offer.title ? { title: pending.offer.title } : {}),
    }
    const checked = await checkJob(pending.file, options, caps, this.#ctx.limits, printer.queue)
    this.#set(entry, {
      type: checked.type,
      pages: checked.pages,
      copies: checked.options.copies,
      sides: checked.options.sides ?? null,
      color: checked.options.color ?? null,
      media: checked.options.media ?? null,
    })
    if (pending.ask) {
      const decision = await new Promise<Decision>((resolve) => {
        pending.decide = resolve
        this.#set(entry, { state: 'waiting-approval' })
        this.#ctx.onApprovalNeeded({ ...entry.job })
      })
      pending.decide = null
      if (!decision.ok) {
        this.#fail(entry, decision.failure, decision.state)
        return
      }
    }
    if (pending.cancelled) {
      this.#fail(entry, CANCELLED.failure, 'cancelled')
      return
    }
    // Removed while the file travelled or waited for approval: still refused.
    const group = this.#ctx.groupOf(printer)
    if (!group) throw new AppError('NOT_FOUND', 'This printer is no longer offered', { reason: 'NO_PRINTER' })
    this.#requireMember(group, entry.peer)
    const cupsJob = await backend.submit(printer.queue, pending.file, {
      options: checked.options,
      documentFormat: checked.type,
      capabilities: caps,
    })
    pending.cupsJob = cupsJob
    await removeFile(pending.file)
    if (pending.cancelled) background(log, 'cancel CUPS job', backend.cancel(cupsJob))
    this.#set(entry, { state: 'queued' })
    const outcome = await watchJob(backend, cupsJob, {
      ...this.#ctx.watch,
      signal: this.#ctx.signal,
      onProgress: (progress) => {
        if (progress === 'printing') this.#set(entry, { state: 'printing' })
      },
    })
    if (outcome.status === 'completed') this.#set(entry, { state: 'completed' })
    else if (outcome.status === 'cancelled') this.#fail(entry, CANCELLED.failure, 'cancelled')
    else {
      this.#fail(entry, { code: 'UNAVAILABLE', reason: 'PRINT_FAILED', message: outcome.reason })
    }
  }

  #requireMember(group: Workgroup, peer: string): void {
    if (!group.roster.has(peer)) {
      throw new AppError('REMOVED', 'You are no longer a member of this printer’s group', {
        reason: 'NOT_A_MEMBER',
      })
    }
  }

  #find(peer: string, remoteId: string): Pending | undefined {
    const entry = this.#ctx.jobs.byRemote('received', peer, remoteId)
    return entry ? this.#pending.get(entry.job.id) : undefined
  }

  #waiting(entry: JobEntry): Pending {
    const pending = this.#pending.get(entry.job.id)
    if (!pending?.decide || entry.job.state !== 'waiting-approval') {
      throw new AppError(
        'CONFLICT',
        `Job ${entry.job.id} is not waiting for approval (it is ${entry.job.state})`,
      )
    }
    return pending
  }

  #discard(pending: Pending): void {
    pending.stream?.destroy()
    pending.stream = null
    this.#pending.delete(pending.entry.job.id)
    background(log, 'remove spool file', removeFile(pending.file))
  }

  #set(entry: JobEntry, patch: Partial<PrintJob>): void {
    if (this.#ctx.jobs.update(entry, patch) && patch.state) this.#report(entry)
  }

  #fail(entry: JobEntry, failure: JobFailure, state: 'failed' | 'cancelled' = 'failed'): void {
    if (state === 'failed')
      log.info(`refused or failed job ${entry.job.id}: ${failure.reason ?? failure.code}`)
    if (this.#ctx.jobs.fail(entry, failure, state)) this.#report(entry)
  }

  #report(entry: JobEntry): void {
    const { job } = entry
    if (job.state === 'sent') return
    const update: StatusUpdate = { id: entry.remoteId, status: job.state }
    if (job.error) {
      update.code = job.error.code as StatusUpdate['code']
      update.reason = encodeReason({ reason: job.error.reason, message: job.reason ?? '' })
    }
    this.#ctx.sendStatus(entry.peer, update)
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null
}

async function removeFile(file: string): Promise<void> {
  await fsp.rm(file, { force: true })
}
