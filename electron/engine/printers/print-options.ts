// The print options a member may ask for (a closed whitelist, checked with zod) and their mapping to lp
// arguments for one printer. Drivers ignore some IPP keywords, so the PPD's own option is sent as well.
import { z } from 'zod'
import { AppError } from '../../../shared/errors.js'
import { colorModelChoice, duplexChoice } from './cups-parse.js'
import type { PrintableType, PrinterCapabilities } from './printer-types.js'

export const MAX_COPIES = 99

export const printOptionsSchema = z.strictObject({
  copies: z.number().int().min(1).max(MAX_COPIES).default(1),
  sides: z.enum(['one-sided', 'two-sided-long-edge', 'two-sided-short-edge']).optional(),
  color: z.enum(['color', 'monochrome']).optional(),
  // A driver paper name ("A4", "Letter"); checked against the printer's list when mapped.
  media: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .optional(),
  title: z
    .string()
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters')
    .optional(),
})

export type PrintOptions = z.output<typeof printOptionsSchema>
export type PrintOptionsInput = z.input<typeof printOptionsSchema>

/** Validates untrusted options: BAD_REQUEST with data.reason UNKNOWN_OPTION or INVALID_OPTION. */
export function parsePrintOptions(raw: unknown): PrintOptions {
  const result = printOptionsSchema.safeParse(raw ?? {})
  if (result.success) return result.data
  const unknown = result.error.issues.find((issue) => issue.code === 'unrecognized_keys')
  if (unknown) {
    throw new AppError('BAD_REQUEST', `Unknown print option: ${unknown.keys.join(', ')}`, {
      reason: 'UNKNOWN_OPTION',
      options: unknown.keys,
    })
  }
  const issue = result.error.issues[0]
  const field = issue?.path.join('.') || 'options'
  throw new AppError('BAD_REQUEST', `Invalid print option ${field}: ${issue?.message ?? 'invalid'}`, {
    reason: 'INVALID_OPTION',
    option: field,
  })
}

function unsupported(option: string, value: string, printer: string): AppError {
  return new AppError('BAD_REQUEST', `The printer ${printer} does not support ${option}=${value}`, {
    reason: 'UNSUPPORTED_OPTION',
    option,
    value,
  })
}

/**
 * The lp arguments for validated options on a printer with these capabilities: "-n", "-t" and "-o" pairs,
 * always with an explicit document-format (so CUPS never guesses, and never sends a job raw).
 */
export function toLpArgs(
  options: PrintOptions,
  caps: PrinterCapabilities,
  documentFormat: PrintableType,
  printer = 'this printer',
): string[] {
  const args = ['-n', String(options.copies)]
  const o = (value: string) => args.push('-o', value)
  if (options.title !== undefined) args.push('-t', options.title)
  if (options.sides) {
    const duplex = duplexChoice(caps.driverOptions, options.sides)
    if (options.sides !== 'one-sided' && (!caps.duplex || !duplex)) {
      throw unsupported('sides', options.sides, printer)
    }
    o(`sides=${options.sides}`)
    if (duplex) o(`Duplex=${duplex}`)
  }
  if (options.color) {
    if (options.color === 'color' && !caps.color) throw unsupported('color', options.color, printer)
    o(`print-color-mode=${options.color}`)
    // Driver queues ignored print-color-mode in our tests; the PPD's ColorModel is what they obey.
    const model = colorModelChoice(caps.driverOptions, options.color === 'color' ? 'color' : 'gray')
    if (model) o(`ColorModel=${model}`)
  }
  if (options.media) {
    if (!caps.media.includes(options.media)) throw unsupported('media', options.media, printer)
    o(`media=${options.media}`)
    if (caps.driverOptions.PageSize) o(`PageSize=${options.media}`)
  }
  o(`document-format=${documentFormat}`)
  return args
}
