// The sending side of a print job: offer it to the printer's owner over the print channel, stream the
// file in chunks (stopping as soon as the owner refuses it), and follow the owner's status updates.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../../shared/errors.js'
import { background, createLogger } from '../logger.js'
import { decodeReason, failureOf, type JobBook, type JobEntry } from './print-jobs.js'
import { CHUNK_SIZE, type PrintChannel, type StatusUpdate } from './print-protocol.js'
import type { PrintableType } from './printer-types.js'

const log = createLogger('print-sender')

export interface SenderContext {
  jobs: JobBook
  self: () => { key: string; name: string }
  /** An open print channel to the device, or UNAVAILABLE when it is not connected. */
  channelTo(device: string): Promise<PrintChannel>
}

export interface SendRequest {
  owner: string
  printer: string
  printerName: string
  groupId: string
  title: string
  bytes: Uint8Array
  type: PrintableType
  /** Sent as given: the owner validates them against its whitelist. */
  options: Record<string, unknown>
}

export class PrintSender {
  readonly #ctx: SenderContext
  /** Jobs whose file is still on its way. */
  readonly #uploading = new Set<string>()

  constructor(ctx: SenderContext) {
    this.#ctx = ctx
  }

  async send(req: SendRequest): Promise<JobEntry> {
    const channel = await this.#ctx.channelTo(req.owner)
    const me = this.#ctx.self()
    const now = Date.now()
    const id = randomBytes(8).toString('hex')
    const o = req.options
    const entry = this.#ctx.jobs.add(
      {
        id,
        printer: req.printer,
        printerName: req.printerName,
        groupId: req.groupId,
        direction: 'sent',
        from: me.key,
        fromName: me.name,
        title: req.title,
        type: req.type,
        size: req.bytes.length,
        pages: null,
        copies: typeof o.copies === 'number' ? o.copies : 1,
        sides: (o.sides as SendRequestSides) ?? null,
        color: (o.color as 'color' | 'monochrome' | undefined) ?? null,
        media: typeof o.media === 'string' ? o.media : null,
        state: 'sent',
        reason: null,
        error: null,
        createdAt: now,
        updatedAt: now,
      },
      req.owner,
      id,
    )
    this.#uploading.add(id)
    background(
      log,
      `upload of job ${id}`,
      this.#upload(channel, entry, req)
        .catch((err: unknown) => {
          const failure = failureOf(err)
          this.#ctx.jobs.fail(
            entry,
            failure.code === 'CLOSED'
              ? { code: 'DISCONNECTED', reason: 'DISCONNECTED', message: 'The printer’s owner went offline' }
              : failure,
          )
        })
        .finally(() => this.#uploading.delete(id)),
    )
    return entry
  }

  onStatus(peer: string, update: StatusUpdate): void {
    const entry = this.#ctx.jobs.byRemote('sent', peer, update.id)
    if (!entry) return
    if (update.status === 'failed' || update.status === 'cancelled') {
      this.#ctx.jobs.fail(entry, decodeReason(update.reason, update.code), update.status)
    } else if (update.status !== 'sent') {
      this.#ctx.jobs.update(entry, { state: update.status })
    }
  }

  /** The owner's connection closed: an upload in flight cannot finish. */
  onDisconnected(peer: string): void {
    for (const id of this.#uploading) {
      const entry = this.#ctx.jobs.get(id)
      if (entry?.peer !== peer) continue
      this.#ctx.jobs.fail(entry, {
        code: 'DISCONNECTED',
        reason: 'DISCONNECTED',
        message: 'The printer’s owner went offline before the file was sent',
      })
    }
  }

  /** Cancels at once here and tells the owner, who stops the upload or cancels the CUPS job. */
  async cancel(entry: JobEntry): Promise<void> {
    if (this.#ctx.jobs.isFinal(entry)) {
      throw new AppError('CONFLICT', `Job ${entry.job.id} already ended (${entry.job.state})`)
    }
    this.#ctx.jobs.fail(
      entry,
      { code: 'CLOSED', reason: 'CANCELLED', message: 'You cancelled the job' },
      'cancelled',
    )
    const channel = await this.#ctx.channelTo(entry.peer).catch(() => null)
    if (channel && !channel.closed) channel.cancel(entry.remoteId)
  }

  async #upload(channel: PrintChannel, entry: JobEntry, req: SendRequest): Promise<void> {
    const { id } = entry.job
    channel.offer({
      id,
      printer: req.printer,
      title: req.title,
      type: req.type,
      size: req.bytes.length,
      options: req.options,
    })
    let index = 0
    for (let at = 0; at < req.bytes.length; at += CHUNK_SIZE) {
      // Refused or cancelled: the owner drops the rest anyway, so stop sending it.
      if (this.#ctx.jobs.isFinal(entry)) return
      if (!channel.sendData(id, index++, req.bytes.subarray(at, at + CHUNK_SIZE))) await channel.drained()
    }
    if (!this.#ctx.jobs.isFinal(entry)) channel.end(id)
  }
}

type SendRequestSides = 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge' | undefined
