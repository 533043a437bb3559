// A small argument parser: global options before the command, then words and --options anywhere.
import { AppError } from '../../shared/errors.js'

export interface ParsedArgs {
  data: string | undefined
  words: string[]
  options: Map<string, string | true>
}

/** Options that never take a value. */
const FLAGS = new Set([
  'json',
  'mono',
  'help',
  'version',
  'lan-only',
  'lan',
  'no-lan',
  'relay',
  'relay-always',
])

export function parseArgs(argv: string[]): ParsedArgs {
  const words: string[] = []
  const options = new Map<string, string | true>()
  let data: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      words.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--') || arg === '--') {
      words.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    let value: string | true
    if (eq > 0) value = arg.slice(eq + 1)
    else if (FLAGS.has(name)) value = true
    else {
      const next = argv[i + 1]
      if (next === undefined) throw new AppError('BAD_REQUEST', `--${name} needs a value`)
      value = next
      i++
    }
    if (name === 'data') data = String(value)
    else options.set(name, value)
  }
  return { data, words, options }
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name)
  return typeof value === 'string' ? value : undefined
}

export function intOption(args: ParsedArgs, name: string): number | undefined {
  const value = option(args, name)
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new AppError('BAD_REQUEST', `--${name} must be a whole number`)
  return n
}

/** "90", "90s", "10m", "2h", "7d" -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text.trim())
  if (!match) throw new AppError('BAD_REQUEST', `"${text}" is not a duration like 90s, 10m, 2h or 7d`)
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd']
  return Math.round(Number(match[1]) * unit)
}
