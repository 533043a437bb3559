// The printers this device offers and who may print on them, in <dataDir>/printers.json (0600). Policies
// live only here, on the owner's device: the roster tells the group what a printer can do, never who may.
import path from 'node:path'
import { z } from 'zod'
import type { PrintPolicy, PrinterPolicy } from '../../../shared/types.js'
import { readJson, writeJson } from '../json-file.js'
import { createLogger } from '../logger.js'

const log = createLogger('printer-config')

const policy = z.enum(['allow', 'ask', 'deny'])

const entrySchema = z.object({
  /** The printer's id in the group's roster. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  /** The group's Autobase key (hex), as settings.groups holds it. */
  group: z.string().regex(/^[0-9a-f]{64}$/),
  queue: z.string().min(1).max(127),
  policy,
  overrides: z.record(z.string().regex(/^[0-9a-f]{64}$/), policy),
})

const fileSchema = z.object({ version: z.literal(1), printers: z.array(entrySchema) })

export type OfferedPrinter = z.infer<typeof entrySchema>

/** A member's own exception first, then the printer's policy. */
export function policyFor(entry: Pick<OfferedPrinter, 'policy' | 'overrides'>, member: string): PrintPolicy {
  return entry.overrides[member] ?? entry.policy
}

export function describePolicy(entry: OfferedPrinter): PrinterPolicy {
  return { policy: entry.policy, overrides: { ...entry.overrides } }
}

export class PrinterConfig {
  readonly #file: string
  #entries: OfferedPrinter[] = []
  #writing: Promise<void> = Promise.resolve()

  constructor(dataDir: string) {
    this.#file = path.join(dataDir, 'printers.json')
  }

  async load(): Promise<void> {
    const raw = await readJson<unknown>(this.#file)
    if (raw === null) return
    const parsed = fileSchema.safeParse(raw)
    // A file we cannot read must not stop the engine; offering again rewrites it.
    if (parsed.success) this.#entries = parsed.data.printers
    else log.warn(`ignoring an unreadable ${this.#file}`)
  }

  get entries(): readonly OfferedPrinter[] {
    return this.#entries
  }

  get(id: string): OfferedPrinter | undefined {
    return this.#entries.find((e) => e.id === id)
  }

  /** Adds or replaces an entry (by id) and persists. */
  put(entry: OfferedPrinter): Promise<void> {
    this.#entries = [...this.#entries.filter((e) => e.id !== entry.id), entry]
    return this.#save()
  }

  remove(id: string): Promise<void> {
    if (!this.get(id)) return Promise.resolve()
    this.#entries = this.#entries.filter((e) => e.id !== id)
    return this.#save()
  }

  flush(): Promise<void> {
    return this.#writing
  }

  #save(): Promise<void> {
    const snapshot = { version: 1, printers: structuredClone(this.#entries) }
    this.#writing = this.#writing.then(() => writeJson(this.#file, snapshot, 0o600))
    return this.#writing
  }
}
