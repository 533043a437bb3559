// Pure parsers for what lpstat, lpoptions and lp print (run with LC_ALL=C), tested on captured output.
// Kept apart from the commands so the formats are checked without a CUPS server.
import type { DriverOption, PrinterCapabilities, PrinterInfo, PrinterState, Sides } from './printer-types.js'

const HEADER = /^printer (\S+) (is idle\.|now printing \S+\.|disabled since .*)/

/** `lpstat -l -p` (one block per queue) plus `lpstat -d` (the default) -> the printers. */
export function parsePrinters(lpstatLongP: string, lpstatD: string): PrinterInfo[] {
  const defaultName = parseDefault(lpstatD)
  const printers: PrinterInfo[] = []
  let current: PrinterInfo | null = null
  // The line after "disabled since ... -" is the reason the queue stopped.
  let expectMessage = false
  for (const line of lpstatLongP.split('\n')) {
    const header = HEADER.exec(line)
    if (header) {
      const [, name = '', status = ''] = header
      current = { name, description: '', state: stateOf(status), isDefault: name === defaultName }
      printers.push(current)
      expectMessage = status.startsWith('disabled') && line.trimEnd().endsWith(' -')
      continue
    }
    if (!current || !line.startsWith('\t')) continue
    const text = line.trim()
    if (expectMessage) {
      expectMessage = false
      if (text && !text.includes(':')) {
        current.stateMessage = text
        continue
      }
    }
    if (text.startsWith('Description:')) current.description = text.slice('Description:'.length).trim()
  }
  return printers
}

function stateOf(status: string): PrinterState {
  if (status.startsWith('is idle')) return 'idle'
  if (status.startsWith('now printing')) return 'printing'
  return 'stopped'
}

/** `lpstat -d`: "system default destination: NAME", or "no system default destination". */
export function parseDefault(lpstatD: string): string | null {
  const match = /^system default destination: (\S+)/m.exec(lpstatD)
  return match?.[1] ?? null
}

/** `lpoptions -p NAME -l`: "Keyword/Label: choice *default choice" per line. */
export function parseDriverOptions(lpoptionsL: string): Record<string, DriverOption> {
  const options: Record<string, DriverOption> = {}
  for (const raw of lpoptionsL.split('\n')) {
    const line = raw.trim()
    // PPD choice keywords never hold a colon, so the last one ends the label (which may hold one).
    const colon = line.lastIndexOf(':')
    if (colon <= 0) continue
    const head = line.slice(0, colon)
    const slash = head.indexOf('/')
    const keyword = slash === -1 ? head : head.slice(0, slash)
    if (!/^[A-Za-z0-9._-]+$/.test(keyword)) continue
    const label = slash === -1 ? keyword : head.slice(slash + 1)
    let def: string | null = null
    const choices = line
      .slice(colon + 1)
      .split(/\s+/)
      .filter(Boolean)
      .map((choice) => {
        if (!choice.startsWith('*')) return choice
        def = choice.slice(1)
        return def
      })
    options[keyword] = { label, choices, default: def }
  }
  return options
}

const GRAY = /gray|grey|mono|black/i

/** The driver's choice meaning "grayscale" or "color", if it has a color model at all. */
export function colorModelChoice(
  options: Record<string, DriverOption>,
  mode: 'gray' | 'color',
): string | null {
  const choices = options.ColorModel?.choices ?? []
  return choices.find((choice) => GRAY.test(choice) === (mode === 'gray')) ?? null
}

/** The driver's Duplex choice for a `sides` value, if it has a Duplex option that offers it. */
export function duplexChoice(options: Record<string, DriverOption>, sides: Sides): string | null {
  const wanted = {
    'one-sided': 'None',
    'two-sided-long-edge': 'DuplexNoTumble',
    'two-sided-short-edge': 'DuplexTumble',
  }
  const choice = wanted[sides]
  return options.Duplex?.choices.includes(choice) ? choice : null
}

/**
 * What a member may ask of a printer, from its driver options. Only the standard PPD keywords are read
 * (Duplex, ColorModel, PageSize); a driver with vendor names reports no duplex/color, which is safe.
 */
export function capabilitiesFrom(options: Record<string, DriverOption>): PrinterCapabilities {
  const duplex = duplexChoice(options, 'two-sided-long-edge') !== null
  const color = colorModelChoice(options, 'color') !== null
  // Custom sizes and "A4.Fullbleed"-style variants are driver details, not paper a member picks.
  const media = (options.PageSize?.choices ?? []).filter((size) => !size.includes('.'))
  const duplexDefault = options.Duplex?.default
  const sides: Sides =
    duplexDefault === 'DuplexNoTumble'
      ? 'two-sided-long-edge'
      : duplexDefault === 'DuplexTumble'
        ? 'two-sided-short-edge'
        : 'one-sided'
  const colorDefault = options.ColorModel?.default
  return {
    color,
    duplex,
    media,
    defaults: {
      media: options.PageSize?.default ?? null,
      sides,
      color: color && colorDefault && !GRAY.test(colorDefault) ? 'color' : 'monochrome',
    },
    driverOptions: options,
  }
}

/** `lp` prints "request id is QUEUE-123 (1 file(s))": the job id is the number after the last dash. */
export function parseRequestId(lpOutput: string): { requestId: string; jobId: number } | null {
  const match = /request id is (\S+-(\d+))/.exec(lpOutput)
  if (!match) return null
  return { requestId: match[1]!, jobId: Number(match[2]) }
}
