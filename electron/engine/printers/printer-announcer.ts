// Keeps the roster's view of this device's offered printers current: state and capabilities are read
// from the backend and re-announced when they change, at most once a minute per printer.
import { createLogger } from '../logger.js'
import type { RosterOp } from '../workgroups/roster-ops.js'
import type { Workgroup } from '../workgroups/workgroup.js'
import type { PrinterBackend } from './printer-backend.js'
import type { OfferedPrinter, PrinterConfig } from './printer-config.js'

const log = createLogger('printer-announcer')

const THROTTLE_MS = 60_000
const MEDIA = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export type PrinterOp = Extract<RosterOp, { op: 'printer' }>

export interface AnnouncerOptions {
  backend: PrinterBackend
  config: PrinterConfig
  groupOf(entry: OfferedPrinter): Workgroup | undefined
  intervalMs: number
}

export class PrinterAnnouncer {
  readonly #opts: AnnouncerOptions
  #timer: NodeJS.Timeout | null = null
  #running = false

  constructor(opts: AnnouncerOptions) {
    this.#opts = opts
  }

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), this.#opts.intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  /**
   * Appends a `printer` op when the printer changed (and was not announced in the last minute), or always
   * with force. Null when nothing was appended; with force, null means the queue does not exist here.
   */
  async announcement(entry: OfferedPrinter, { force = false } = {}): Promise<PrinterOp | null> {
    const group = this.#opts.groupOf(entry)
    if (!group) return null
    const { backend } = this.#opts
    const info = (await backend.listPrinters()).find((p) => p.name === entry.queue)
    const record = group.printers.get(entry.id)
    if (!info && (force || !record)) return null
    const caps = info ? await backend.capabilities(entry.queue) : null
    const op: PrinterOp = {
      op: 'printer',
      id: entry.id,
      queue: entry.queue,
      name: record?.name ?? entry.queue.slice(0, 64),
      color: caps?.color ?? record?.color ?? false,
      duplex: caps?.duplex ?? record?.duplex ?? false,
      media: caps ? caps.media.filter((m) => MEDIA.test(m)).slice(0, 64) : (record?.media ?? []),
      // A queue that disappeared cannot print: say so rather than go quiet.
      state: info?.state ?? 'stopped',
      at: Math.max(Date.now(), (record?.updatedAt ?? 0) + 1),
    }
    if (!force && record) {
      const changed =
        record.state !== op.state ||
        record.color !== op.color ||
        record.duplex !== op.duplex ||
        record.media.join('\n') !== op.media.join('\n')
      if (!changed || Date.now() - record.updatedAt < THROTTLE_MS) return null
    }
    await group.append(op)
    return op
  }

  async #tick(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      for (const entry of this.#opts.config.entries) {
        await this.announcement(entry).catch((err: unknown) =>
          log.debug(`could not refresh printer ${entry.queue}: ${String(err)}`),
        )
      }
    } finally {
      this.#running = false
    }
  }
}
